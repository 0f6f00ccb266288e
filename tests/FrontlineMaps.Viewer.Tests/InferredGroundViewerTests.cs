using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// Two factions' ground with unknown pockets inside each (and an unknown strip on their border, which stays unknown), served from
/// a temporary directory.
/// </summary>
public sealed class PocketsFixture : ViewerFixture
{
    private readonly string _dir;

    /// <summary>Writes the grid.</summary>
    public PocketsFixture()
    {
        _dir = Directory.CreateTempSubdirectory("fm-pockets-").FullName;
        new DirectoryStore(_dir).Import(PictureGrid.Of([
            "AAAAAAA.BBBBBBB",
            "AAAAAAA.BBBBBBB",
            "AA..AAA.BBB.BBB",
            "AA..AAA.BBB..BB",
            "AAAAAAA.BBBBBBB",
            "AAAAA.A.BBBBBBB",
            "AAAAAAA.BBBBBBB",
            "AAAAAAA.BBBBBBB"]));
    }

    /// <inheritdoc />
    protected override string[] ServerArgs => ["--Store:Provider=memory", $"--Store:Seed={_dir}"]; // after the fixture's seed: this one wins
}

[CollectionDefinition(Name)]
public sealed class PocketsCollection : ICollectionFixture<PocketsFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "pockets";
}

[Collection(PocketsCollection.Name)]
public class InferredGroundViewerTests(PocketsFixture server)
{
    [Fact]
    public async Task Pockets_without_reports_are_drawn_as_faint_dotted_ground_of_the_faction_around_them_with_a_legend_entry()
    {
        var v = await server.OpenAsync("/?date=2019-12-01&map=10.3/35.64/36.985");
        await v.WaitReadyAsync();
        Assert.True(await v.RenderedCountAsync("inferred") > 0, "inferred ground is filled");
        Assert.True(await v.RenderedCountAsync("inferred-dots") > 0, "inferred ground is dotted");
        // the pockets' villages stay "no report"
        using (var http = new HttpClient())
        {
            var snapshot = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{server.BaseUrl}/snapshots/2019-12-01.geojson")).RootElement;
            var pocket = snapshot.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == PictureGrid.Id(2, 2)).GetProperty("properties");
            Assert.Equal("unknown", pocket.GetProperty("status").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, pocket.GetProperty("faction").ValueKind);
        }
        Assert.Contains("inferred (no report)", await v.Page.InnerTextAsync("#legend"));
        await v.ScreenshotAsync("viewer-inferred-pockets");
        Assert.Empty(v.Problems);
    }
}
