using FrontlineMaps.Core.Derivation;
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
