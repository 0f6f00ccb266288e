using System.Text.Json;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Server.Tests.Ogc;

/// <summary>The server on Kestrel over a generated dataset with more changes than the largest page (10,000).</summary>
public sealed class SyntheticKestrelServer : KestrelServer, IDisposable
{
    /// <summary>Number of generated change records.</summary>
    public const int ChangeCount = 12_000;

    private readonly string _directory;

    /// <summary>Generates the dataset into a temporary directory store.</summary>
    public SyntheticKestrelServer()
    {
        _directory = Path.Combine(Path.GetTempPath(), "frontline-ogc-" + Guid.NewGuid().ToString("N"));
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = 1_500, Changes = ChangeCount, Seed = 11 });
        new DirectoryStore(_directory).Import(dataset);
    }

    /// <inheritdoc />
    protected override string[] Args => [$"--FrontlineMaps:Data={_directory}"];

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

public class SyntheticDataTests(SyntheticKestrelServer server) : IClassFixture<SyntheticKestrelServer>
{
    [Fact]
    public async Task Pages_of_the_maximum_size_stream_every_change_exactly_once()
    {
        using var client = new HttpClient();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        var total = 0;
        for (string? next = $"{server.BaseUrl}/collections/changes/items?limit=10000"; next is not null; pages++)
        {
            var response = await client.GetAsync(next, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var page = doc.RootElement;
            Assert.Equal(SyntheticKestrelServer.ChangeCount, page.GetProperty("numberMatched").GetInt32());
            var ids = Ogc.FeatureIds(page);
            Assert.Equal(ids.Count, page.GetProperty("numberReturned").GetInt32());
            foreach (var id in ids) Assert.True(seen.Add(id), $"{id} is on two pages");
            total += ids.Count;
            next = Ogc.Link(page, "next", "application/geo+json");
        }
        Assert.Equal(2, pages);
        Assert.Equal(SyntheticKestrelServer.ChangeCount, total);
    }

    [Fact]
    public async Task Ogrinfo_pages_through_every_change()
    {
        var result = await ProcessRunner.Run("ogrinfo", ["-ro", "-al", "-q", "-oo", "PAGE_SIZE=2500", $"OAPIF:{server.BaseUrl}", "changes"],
            TimeSpan.FromSeconds(180), "ogrinfo (GDAL) must be on PATH for these tests: install it with `apt-get install -y gdal-bin`.");
        Assert.True(result.ExitCode == 0, $"ogrinfo failed: exit {result.ExitCode}\n{result.StdErr}");
        var ids = result.StdOut.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("id (String) = ", StringComparison.Ordinal)).ToList();
        Assert.Equal(SyntheticKestrelServer.ChangeCount, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
