using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using OgcHelp = FrontlineMaps.Server.Tests.Ogc.Ogc;
using FrontlineMaps.Server.Tests.Tiles;

namespace FrontlineMaps.Server.Tests.Api;

/// <summary>Where the shared alliance grid (tests/Shared/AllianceGrid.cs) is drawn.</summary>
internal static class AllianceGridTiles
{
    /// <summary>The z12 tile holding the middle of the grid (where the front runs).</summary>
    public static TileId Tile => WebMercator.TileAt(36.6825, 35.845, 12);
}


/// <summary>The server on Kestrel over the alliance grid, written to a directory store and loaded back from its files.</summary>
public sealed class AllianceGridServer : KestrelServer, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "frontline-alliance-" + Guid.NewGuid().ToString("N"));

    public AllianceGridServer() => new DirectoryStore(_directory).Import(AllianceGrid.Allied());

    /// <inheritdoc />
    protected override string[] Args => [$"--FrontlineMaps:Data={_directory}"];

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

public class DatedAllianceTests(AllianceGridServer server) : IClassFixture<AllianceGridServer>
{
    private const string GeoJson = "application/geo+json";

    private static List<Dictionary<string, object>> TileFronts(VectorTileEncoder encoder, DateOnly day)
    {
        var tile = Mvt.Parse(encoder.Encode(AllianceGridTiles.Tile, day));
        var layer = Mvt.Layer(tile, "frontlines");
        return layer is null ? [] : [.. layer.Features.Select(f => Mvt.Attributes(layer, f))];
    }

    [Fact]
    public void A_tile_has_no_front_between_the_allies_in_2017_and_one_in_2019()
    {
        var encoder = new VectorTileEncoder(new ControlMap(new ControlTimeline(AllianceGrid.Allied(), "grid")));
        Assert.Empty(TileFronts(encoder, new DateOnly(2017, 5, 1)));
        var front = Assert.Single(TileFronts(encoder, new DateOnly(2019, 1, 1)));
        Assert.Equal("SAA|SDF", front["factions"]);
        // Half-open: the last allied day has no front, the day the alliance ends has one; likewise at its start.
        Assert.Empty(TileFronts(encoder, AllianceGrid.To.AddDays(-1)));
        Assert.Single(TileFronts(encoder, AllianceGrid.To));
        Assert.Single(TileFronts(encoder, AllianceGrid.From.AddDays(-1)));
        Assert.Empty(TileFronts(encoder, AllianceGrid.From));
    }

    [Theory]
    [InlineData("2015-12-31", 1)]
    [InlineData("2016-01-01", 0)]
    [InlineData("2017-05-01", 0)]
    [InlineData("2018-05-31", 0)]
    [InlineData("2018-06-01", 1)]
    [InlineData("2019-01-01", 1)]
    public async Task The_OGC_frontlines_follow_the_alliance_interval_day_by_day(string date, int fronts)
    {
        using var client = new HttpClient();
        var items = await OgcHelp.GetJson(client, $"{server.BaseUrl}/collections/frontlines/items?datetime={date}", GeoJson);
        var ids = OgcHelp.FeatureIds(items);
        Assert.Equal(fronts, ids.Count);
        if (fronts == 1) Assert.Equal("SAA|SDF", ids[0]);
    }

    [Fact]
    public async Task Tiles_served_on_either_side_of_the_alliance_end_differ_although_no_place_changed_hands()
    {
        using var client = new HttpClient();
        var t = AllianceGridTiles.Tile;
        async Task<int> Fronts(string date)
        {
            var response = await client.GetAsync($"{server.BaseUrl}/tiles/{date}/{t.Z}/{t.X}/{t.Y}.mvt");
            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return bytes.Length == 0 ? 0 : Mvt.Layer(Mvt.Parse(bytes), "frontlines")?.Features.Count ?? 0;
        }
        // The allied date first, so that a cache keyed by control changes alone would serve its tile again.
        Assert.Equal(0, await Fronts("2018-05-31"));
        Assert.Equal(1, await Fronts("2018-06-01"));
        Assert.Equal(0, await Fronts("2017-05-01"));
    }

    [Fact]
    public async Task The_factions_collection_lists_a_dated_ally_with_its_interval()
    {
        using var client = new HttpClient();
        var sdf = await OgcHelp.GetJson(client, $"{server.BaseUrl}/collections/factions/items/SDF", GeoJson);
        var ally = Assert.Single(sdf.GetProperty("properties").GetProperty("allies").EnumerateArray());
        Assert.Equal("SAA", ally.GetProperty("faction").GetString());
        Assert.Equal("2016-01-01", ally.GetProperty("from").GetString());
        Assert.Equal("2018-06-01", ally.GetProperty("to").GetString());
    }

    [Fact]
    public async Task The_timeline_lists_the_days_the_alliance_starts_and_ends_so_the_viewer_stops_there()
    {
        using var client = new HttpClient();
        using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/api/timeline"));
        var days = doc.RootElement.GetProperty("alliance_days").EnumerateArray().Select(d => d.GetString()!).ToArray();
        Assert.Equal(new[] { "2016-01-01", "2018-06-01" }, days);
        // The record dates stay the dates with records.
        Assert.Equal(new[] { "2015-12-01" }, doc.RootElement.GetProperty("dates").EnumerateArray().Select(d => d.GetProperty("date").GetString()!).ToArray());
    }
}
