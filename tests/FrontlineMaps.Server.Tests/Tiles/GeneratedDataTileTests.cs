using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>Tiles of a generated dataset with drifting fronts (the benchmark's shape, smaller) against the whole-map derivation.</summary>
public class GeneratedDataTileTests
{
    private static readonly Lazy<(ControlTimeline Timeline, ControlMap Map, VectorTileEncoder Encoder)> Data = new(() =>
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = 3_000, Changes = 60_000, Seed = 11 });
        var timeline = new ControlTimeline(dataset, "generated");
        var map = new ControlMap(timeline);
        return (timeline, map, new VectorTileEncoder(map));
    });

    public static TheoryData<string, bool> PlaceCases => new()
    {
        { "2013-05-17", false }, { "2019-09-03", false }, { "2023-11-30", false }, { "2019-09-03", true }, { "2023-11-30", true },
    };

    /// <summary>
    /// The places layer reads prepared copies (value table, Morton-ordered segments of the latest view); as published at an
    /// earlier instant it reads the knowledge view directly. Both must carry exactly the snapshot's state of every place, and
    /// a place named like a date must keep its name while the days keep theirs.
    /// </summary>
    [Theory, MemberData(nameof(PlaceCases))]
    public void Every_place_of_a_tile_carries_exactly_its_snapshot_state_now_and_as_published_earlier(string date, bool earlier)
    {
        var generated = DatasetGenerator.Generate(new GeneratorOptions { Places = 1_500, Changes = 20_000, Seed = 5 });
        var dateName = DateOnly.Parse(date).AddYears(-2).ToString("yyyy-MM-dd"); // a day many places' `since` comes after
        var dataset = generated with { Places = generated.Places.SetItem(0, generated.Places[0] with { Name = dateName }) };
        var timeline = new ControlTimeline(dataset, "generated-places");
        var encoder = new VectorTileEncoder(new ControlMap(timeline));
        var day = DateOnly.Parse(date);
        DateTimeOffset? knownAt = earlier
            ? timeline.Log.Select(c => c.RecordedAt).Order().ElementAt(timeline.Log.Count / 2)
            : null;
        var snapshot = timeline.Snapshot(day, knownAt);
        var first = dataset.Places[0];
        var tileIds = new[] { WebMercator.TileAt(first.Lon, first.Lat, 8), WebMercator.TileAt(39.0, 34.8, 9), WebMercator.TileAt(39.0, 34.8, 11) };
        var checkedPlaces = 0;
        foreach (var tileId in tileIds)
        {
            var layer = Mvt.Layer(Mvt.Parse(encoder.Encode(tileId, day, knownAt, TileLayers.Places)), "places");
            if (layer is null) continue;
            foreach (var f in layer.Features)
            {
                var a = Mvt.Attributes(layer, f);
                var place = dataset.Places.Single(p => p.Id == (string)a["id"]);
                var state = snapshot.StateOf(place.Id);
                Assert.Equal(place.Name, a["name"]);
                Assert.Equal(GeoJsonFeatureEncoder.StatusName(state.Status), a["status"]);
                Assert.Equal(state.Controller >= 0 ? timeline.Factions[state.Controller].Id : null, a.GetValueOrDefault("faction") as string);
                Assert.Equal(state.Since?.ToString("yyyy-MM-dd"), a.GetValueOrDefault("since") as string);
                Assert.Equal(state.LastConfirmed?.ToString("yyyy-MM-dd"), a.GetValueOrDefault("last_confirmed") as string);
                Assert.Equal((long)state.Sources, Convert.ToInt64(a["sources"]));
                Assert.Equal(state.Parties.Length == 0 ? null : string.Join(',', state.Parties.Select(i => timeline.Factions[i].Id)),
                    a.GetValueOrDefault("factions") as string);
                checkedPlaces++;
            }
        }
        Assert.True(checkedPlaces > 50, $"only {checkedPlaces} places checked");
    }

    [Fact]
    public void An_encoder_reusing_the_prepared_cells_of_the_state_before_a_write_makes_the_same_tiles_as_a_fresh_one()
    {
        var full = DatasetGenerator.Generate(new GeneratorOptions { Places = 1_500, Changes = 20_000, Seed = 5 });
        var before = full with { Changes = full.Changes.RemoveRange(15_000, 5_000) };
        var timelineBefore = new ControlTimeline(before, "before");
        var mapBefore = new ControlMap(timelineBefore);
        var encoderBefore = new VectorTileEncoder(mapBefore);

        // After the "write": the same places, so the map state shares the cells (as MapState does) and the encoder its preparation.
        var timelineAfter = new ControlTimeline(full, "after");
        var mapAfter = new ControlMap(timelineAfter, mapBefore.Cells);
        var reusing = new VectorTileEncoder(mapAfter, encoderBefore.PreparedCells);
        var fresh = new VectorTileEncoder(mapAfter);
        Assert.Same(encoderBefore.PreparedCells, reusing.PreparedCells);
        Assert.NotSame(encoderBefore.PreparedCells, fresh.PreparedCells);

        foreach (var (date, z) in new[] { ("2013-05-17", 7), ("2019-09-03", 9), ("2023-11-30", 11) })
        {
            var tile = WebMercator.TileAt(39.0, 34.8, z);
            var day = DateOnly.Parse(date);
            var bytes = reusing.Encode(tile, day);
            Assert.NotEmpty(bytes);
            Assert.Equal(fresh.Encode(tile, day), bytes);
        }

        // Other cells (a state whose places moved): the preparation is not reused.
        var otherCells = new VectorTileEncoder(new ControlMap(timelineAfter), encoderBefore.PreparedCells);
        Assert.NotSame(encoderBefore.PreparedCells, otherCells.PreparedCells);
    }

    public static TheoryData<string, int> Cases => new()
    {
        { "2013-05-17", 7 }, { "2016-02-29", 8 }, { "2019-09-03", 7 }, { "2023-11-30", 9 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Territory_and_fronts_of_a_tile_match_the_whole_map_derivation_clipped_to_the_tile(string date, int z)
    {
        var (timeline, map, encoder) = Data.Value;
        var day = DateOnly.Parse(date);
        var tileId = WebMercator.TileAt(39.0, 34.8, z);
        var tile = Mvt.Parse(encoder.Encode(tileId, day, null, TileLayers.Map));
        var snapshot = timeline.Snapshot(day);
        var factory = new GeometryFactory();
        var square = factory.ToGeometry(new Envelope(0, 4096, 0, 4096));
        var scale = 4096.0 * (1 << tileId.Z);

        var territory = Mvt.Layer(tile, "territory")!;
        var compared = 0;
        foreach (var t in map.Territories(snapshot))
        {
            var projected = t.Geometry.Copy();
            projected.Apply(new VectorTileEncoderTests.ToTile(scale, tileId));
            var expected = projected.Intersection(square).Area;
            if (expected < 4096.0 * 4096 / 200) continue; // slivers below 0.5 % of the tile: simplification dominates
            var feature = territory.Features.Single(f => (string)Mvt.Attributes(territory, f)["faction"] == t.Faction && (string)Mvt.Attributes(territory, f)["status"] == t.Status);
            var actual = VectorTileEncoderTests.Polygons(factory, Mvt.Geometry(feature)).Intersection(square).Area;
            Assert.InRange(actual, expected * 0.97, expected * 1.03);
            compared++;
        }
        Assert.True(compared >= 2, "at least two factions hold ground in the tile");

        var fronts = Mvt.Layer(tile, "frontlines")!;
        var tilePairs = fronts.Features.Select(f => (string)Mvt.Attributes(fronts, f)["factions"]).ToList();
        Assert.Equal(tilePairs.Count, tilePairs.Distinct().Count());
        var mapPairs = new HashSet<string>();
        foreach (var f in map.FrontLines(snapshot))
        {
            var projected = f.Geometry.Copy();
            projected.Apply(new VectorTileEncoderTests.ToTile(scale, tileId));
            var inside = projected.Intersection(square).Length;
            var pair = string.Join('|', f.Factions);
            mapPairs.Add(pair);
            if (inside > 64) Assert.Contains(pair, tilePairs); // more than a pixel or so of front inside the tile
        }
        Assert.All(tilePairs, p => Assert.Contains(p, mapPairs));
        Assert.NotEmpty(tilePairs);
    }
}
