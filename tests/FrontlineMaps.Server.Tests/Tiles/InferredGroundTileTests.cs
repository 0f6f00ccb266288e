using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>
/// A 7 x 7 grid of SAA villages with an unknown pocket of two (one of them surrounded only by SAA) and, on 2020-01-10, HTS taking
/// the pocket's east neighbour, which opens it to a second faction.
/// </summary>
internal static class PocketGrid
{
    public static readonly string[] Picture = [
        "AAAAAAA",
        "AAAAAAA",
        "AA..AAA",
        "AAAAAAA",
        "AAAAAAA",
        "AAAAAAA",
        "AAAAAAA"];

    public static readonly string[] Pocket = [PictureGrid.Id(2, 2), PictureGrid.Id(3, 2)];
    public static readonly DateOnly Before = new(2019, 12, 1);
    public static readonly DateOnly After = new(2020, 1, 10);

    public static Dataset Dataset() => PictureGrid.Of(Picture, [
        new ControlChange("east", PictureGrid.Id(4, 2), "HTS", new GroundTime(After), ChangeKind.Capture, ChangeStatus.Held,
            [new Citation("s")], PictureGrid.Recorded.AddDays(1), "test")]);

    /// <summary>The z10 tile holding the pocket.</summary>
    public static TileId Tile
    {
        get
        {
            var (lon, lat) = PictureGrid.Position(2, 2);
            return WebMercator.TileAt(lon, lat, 10);
        }
    }
}

/// <summary>The server on Kestrel over <see cref="PocketGrid"/>, written to a directory store and loaded back.</summary>
public sealed class PocketGridServer : KestrelServer, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "frontline-pocket-" + Guid.NewGuid().ToString("N"));

    public PocketGridServer() => new DirectoryStore(_directory).Import(PocketGrid.Dataset());

    /// <inheritdoc />
    protected override string[] Args => [$"--FrontlineMaps:Data={_directory}"];

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

public class InferredGroundTileTests(PocketGridServer server) : IClassFixture<PocketGridServer>
{
    private static List<(Dictionary<string, object> Attributes, string Geometry)> Territory(byte[] bytes)
    {
        var layer = bytes.Length == 0 ? null : Mvt.Layer(Mvt.Parse(bytes), "territory");
        return layer is null ? [] : [.. layer.Features.Select(f => (Mvt.Attributes(layer, f), string.Join(' ', f.Geometry)))];
    }

    [Fact]
    public void The_tile_draws_the_pocket_as_inferred_ground_of_the_faction_around_it_with_the_same_places_as_the_map()
    {
        var map = new ControlMap(new ControlTimeline(PocketGrid.Dataset(), "grid"));
        var encoder = new VectorTileEncoder(map);
        var inferred = Assert.Single(Territory(encoder.Encode(PocketGrid.Tile, PocketGrid.Before)), f => (string)f.Attributes["status"] == "inferred");
        Assert.Equal("SAA", inferred.Attributes["faction"]);
        Assert.Equal(string.Join(',', PocketGrid.Pocket), inferred.Attributes["places"]);
        var whole = map.Territories(map.Timeline.Snapshot(PocketGrid.Before)).Single(t => t.Status == ControlMap.InferredStatus);
        Assert.Equal(PocketGrid.Pocket, whole.Places.ToArray());
        Assert.Equal(Math.Round(whole.AreaKm2, 3), (double)inferred.Attributes["area_km2"], 3);
        // the places layer keeps the pocket's own state: unknown, no source
        var places = Mvt.Layer(Mvt.Parse(encoder.Encode(PocketGrid.Tile, PocketGrid.Before)), "places")!;
        foreach (var f in places.Features.Select(f => Mvt.Attributes(places, f)).Where(a => PocketGrid.Pocket.Contains((string)a["id"])))
        {
            Assert.Equal("unknown", f["status"]);
            Assert.Equal(0L, f["sources"]);
            Assert.False(f.ContainsKey("faction"));
        }
        // once HTS holds a neighbour the pocket touches two factions: unknown again
        Assert.DoesNotContain(Territory(encoder.Encode(PocketGrid.Tile, PocketGrid.After)), f => (string)f.Attributes["status"] == "inferred");
    }

    [Fact]
    public void Every_other_feature_of_the_tile_is_what_it_is_without_the_rule()
    {
        var timeline = new ControlTimeline(PocketGrid.Dataset(), "grid");
        var with = new VectorTileEncoder(new ControlMap(timeline));
        var without = new VectorTileEncoder(new ControlMap(timeline, maxInferredPlaces: 0));
        foreach (var day in new[] { PocketGrid.Before, PocketGrid.After })
            foreach (var z in new[] { 8, 10, 12 })
            {
                var (lon, lat) = PictureGrid.Position(3, 3);
                var tile = WebMercator.TileAt(lon, lat, z);
                var a = Territory(with.Encode(tile, day)).Where(f => (string)f.Attributes["status"] != "inferred").ToList();
                var b = Territory(without.Encode(tile, day));
                Assert.Equal(b.Select(f => f.Geometry), a.Select(f => f.Geometry));
                Assert.Equal(b.Select(f => string.Join(';', f.Attributes)), a.Select(f => string.Join(';', f.Attributes)));
                var frontsWith = Mvt.Layer(Mvt.Parse(with.Encode(tile, day, layers: TileLayers.Frontlines)), "frontlines");
                var frontsWithout = without.Encode(tile, day, layers: TileLayers.Frontlines);
                Assert.Equal(frontsWithout, with.Encode(tile, day, layers: TileLayers.Frontlines));
                if (z == 8) Assert.Equal(day == PocketGrid.After, frontsWith is not null); // the grid is inside one z8 tile
            }
    }

    [Fact]
    public async Task Tiles_GeoJSON_OGC_items_SVG_and_area_stats_served_over_HTTP_carry_the_inferred_class_apart_from_held_ground()
    {
        using var client = new HttpClient();
        var t = PocketGrid.Tile;
        var tile = await client.GetByteArrayAsync($"{server.BaseUrl}/tiles/2019-12-01/{t.Z}/{t.X}/{t.Y}.mvt");
        Assert.Contains(Territory(tile), f => (string)f.Attributes["status"] == "inferred" && (string)f.Attributes["faction"] == "SAA");

        using var territory = JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/snapshots/2019-12-01.geojson?layer=territory"));
        var features = territory.RootElement.GetProperty("features").EnumerateArray().ToList();
        var inferred = Assert.Single(features, f => f.GetProperty("properties").GetProperty("status").GetString() == "inferred");
        Assert.Equal("SAA:inferred", inferred.GetProperty("id").GetString());
        Assert.Equal(PocketGrid.Pocket, inferred.GetProperty("properties").GetProperty("places").EnumerateArray().Select(p => p.GetString()!).ToArray());
        var held = features.Single(f => f.GetProperty("id").GetString() == "SAA:held");
        Assert.DoesNotContain(held.GetProperty("properties").GetProperty("places").EnumerateArray(), p => PocketGrid.Pocket.Contains(p.GetString()));

        using var items = JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/collections/territory/items?datetime=2019-12-01&status=inferred"));
        Assert.Equal("SAA:inferred", Assert.Single(items.RootElement.GetProperty("features").EnumerateArray()).GetProperty("id").GetString());

        using var place = JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/collections/places/items/{PocketGrid.Pocket[0]}?datetime=2019-12-01"));
        Assert.Equal("unknown", place.RootElement.GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal(0, place.RootElement.GetProperty("properties").GetProperty("sources").GetInt32());

        var svg = await client.GetStringAsync($"{server.BaseUrl}/snapshots/2019-12-01.svg");
        Assert.Contains("data-status=\"inferred\"", svg);
        Assert.Contains("inferred (no report", svg);

        using var area = JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/api/stats/area?from=2019-12-01&to=2020-01-10&step=day"));
        var series = area.RootElement.GetProperty("series").EnumerateArray().ToList();
        var first = series[0];
        var pocketKm2 = inferred.GetProperty("properties").GetProperty("area_km2").GetDouble();
        Assert.Equal(pocketKm2, first.GetProperty("inferred_km2").GetProperty("SAA").GetDouble(), 0);
        var heldKm2 = held.GetProperty("properties").GetProperty("area_km2").GetDouble();
        Assert.Equal(heldKm2, first.GetProperty("km2").GetProperty("SAA").GetDouble(), 0);
        Assert.Empty(series[^1].GetProperty("inferred_km2").EnumerateObject());

        using var diff = JsonDocument.Parse(await client.GetStringAsync($"{server.BaseUrl}/api/diff?from=2019-12-01&to=2020-01-10"));
        var saa = diff.RootElement.GetProperty("inferred").GetProperty("SAA");
        Assert.Equal(pocketKm2, saa.GetProperty("area_from_km2").GetDouble(), 0);
        Assert.Equal(0, saa.GetProperty("area_to_km2").GetDouble());
    }
}
