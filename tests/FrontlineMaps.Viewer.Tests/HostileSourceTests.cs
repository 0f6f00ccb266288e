namespace FrontlineMaps.Viewer.Tests;

/// <summary>The reports dataset with one source whose publisher and title are HTML, served from a copy in a temporary directory.</summary>
public sealed class HostileDataFixture : ViewerFixture
{
    /// <summary>The markup put into the source.</summary>
    public const string Title = "<img src=x onerror=\"window.__xss = 1\">Assad's forces <b>trying</b>";

    /// <summary>The markup put into the publisher.</summary>
    public const string Publisher = "<script>window.__xss = 2</script>The Syrian Observer";

    private readonly string _dir;

    /// <summary>Copies the reports fixture (tests/data/reports) and rewrites the source cited by Ejaz's rival records.</summary>
    public HostileDataFixture()
    {
        _dir = Directory.CreateTempSubdirectory("fm-hostile-").FullName;
        foreach (var file in Directory.GetFiles(ReportsFixture.Directory))
            File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        var sources = Path.Combine(_dir, "sources.ndjson");
        var lines = File.ReadAllLines(sources).Select(line =>
        {
            if (!line.Contains("\"syrianobserver-2019-12-02-idleb\"", StringComparison.Ordinal)) return line;
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            node["title"] = Title;
            node["publisher"] = Publisher;
            return node.ToJsonString();
        });
        File.WriteAllLines(sources, lines);
    }

    /// <inheritdoc />
    protected override string[] ServerArgs => [$"--FrontlineMaps:Data={_dir}"];
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileDataFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "hostile";
}

[Collection(HostileCollection.Name)]
public class HostileSourceTests(HostileDataFixture server)
{
    [Fact]
    public async Task A_source_title_with_markup_shows_as_text_and_runs_nothing()
    {
        var v = await server.OpenAsync("/?date=2019-12-02&map=9/35.62/36.93&place=ejaz-idlib");
        await v.WaitReadyAsync();
        var panel = v.Page.Locator("#panel [data-place='ejaz-idlib']");
        await panel.WaitForAsync(new() { Timeout = 10_000 });
        var titles = await v.Page.Locator("#panel .source-title").AllTextContentsAsync();
        var publishers = await v.Page.Locator("#panel .publisher").AllTextContentsAsync();
        Assert.Contains(HostileDataFixture.Title, titles);
        Assert.Contains(HostileDataFixture.Publisher, publishers);
        Assert.Equal(0, await v.Page.Locator("#panel img, #panel script, #panel b").CountAsync());
        await v.Page.WaitForTimeoutAsync(300);
        Assert.Null(await v.Page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        await v.ScreenshotAsync("viewer-escaped-source");
        Assert.Empty(v.Problems);
    }
}
