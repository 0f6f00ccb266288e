using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Tests.Tiles.Proto;
using Google.Protobuf;
using NetTopologySuite.Geometries;
using static FrontlineMaps.Server.Tests.Tiles.TileTestData;

namespace FrontlineMaps.Server.Tests.Tiles;

public class VectorTileEncoderTests
{
    public static TheoryData<string, int, int, int> ReportTiles => new()
    {
        { "2019-12-02", IdlibZ8.Z, IdlibZ8.X, IdlibZ8.Y },
        { "2020-12-25", IdlibZ8.Z, IdlibZ8.X, IdlibZ8.Y },
        { "2020-12-25", RaqqaZ8.Z, RaqqaZ8.X, RaqqaZ8.Y },
        { "2015-10-14", 6, 38, 25 },
        { "2019-12-02", EjazZ11.Z, EjazZ11.X, EjazZ11.Y },
    };

    private static TileId EjazZ11 => Timeline.Places[Timeline.PlaceIndex("ejaz-idlib")] is var p ? WebMercator.TileAt(p.Lon, p.Lat, 11) : default;

    private static Tile Encode(string date, int z, int x, int y, TileLayers layers = TileLayers.All) =>
        Mvt.Parse(Encoder.Encode(new TileId(z, x, y), DateOnly.Parse(date), null, layers));

    [Theory, MemberData(nameof(ReportTiles))]
    public void Every_village_in_a_tile_has_the_faction_of_the_GeoJSON_snapshot_at_the_same_date(string date, int z, int x, int y)
    {
        var tile = Encode(date, z, x, y);
        var places = Mvt.Layer(tile, "places");
        Assert.NotNull(places);
        var expected = GeoJsonFactions(DateOnly.Parse(date));
        var bounds = WebMercator.Bounds(new TileId(z, x, y));
        var inTile = Timeline.Places.Count(p => p.Lon >= bounds.West && p.Lon < bounds.East && p.Lat > bounds.South && p.Lat <= bounds.North);
        Assert.Equal(inTile, places.Features.Count);
        var withFaction = 0;
        foreach (var f in places.Features)
        {
            var a = Mvt.Attributes(places, f);
            var id = (string)a["id"];
            Assert.Equal(expected[id], a.GetValueOrDefault("faction") as string);
            if (a.ContainsKey("faction")) withFaction++;
            Assert.Contains((string)a["status"], new[] { "held", "contested", "claimed", "unknown" });
            Assert.IsType<long>(a["sources"]);
            Assert.True(a.ContainsKey("name") && a.ContainsKey("kind"));
        }
        Assert.True(withFaction > 0, "some village in these tiles is held by someone at that date");
    }

    [Fact]
    public void Ejaz_on_2_December_2019_is_contested_between_government_and_opposition_in_the_tile()
    {
        var ejaz = Timeline.Places[Timeline.PlaceIndex("ejaz-idlib")];
        var tile = Mvt.Parse(Encoder.Encode(WebMercator.TileAt(ejaz.Lon, ejaz.Lat, 12), Idlib2019));
        var places = Mvt.Layer(tile, "places")!;
        var a = places.Features.Select(f => Mvt.Attributes(places, f)).Single(a => (string)a["id"] == "ejaz-idlib");
        Assert.Equal("contested", a["status"]);
        Assert.Contains("SAA", ((string)a["factions"]).Split(','));
        Assert.Contains("Ajaz", ((string)a["names"]).Split(','));
    }

    [Theory, MemberData(nameof(ReportTiles))]
    public void Layers_are_version_2_with_extent_4096_and_each_key_and_value_is_stored_once(string date, int z, int x, int y)
    {
        var tile = Encode(date, z, x, y);
        Assert.Contains(tile.Layers, l => l.Name == "places");
        Assert.Contains(tile.Layers, l => l.Name == "territory");
        Assert.Equal(tile.Layers.Select(l => l.Name).Order(), tile.Layers.Select(l => l.Name).Distinct().Order());
        foreach (var layer in tile.Layers)
        {
            Assert.Equal(2u, layer.Version);
            Assert.Equal(4096u, layer.Extent);
            Assert.NotEmpty(layer.Features);
            Assert.Equal(layer.Keys.Count, layer.Keys.Distinct().Count());
            Assert.Equal(layer.Values.Count, layer.Values.Distinct().Count());
            foreach (var f in layer.Features)
            {
                Assert.True(f.Tags.Count % 2 == 0);
                var keys = Enumerable.Range(0, f.Tags.Count / 2).Select(i => f.Tags[2 * i]).ToList();
                Assert.Equal(keys.Count, keys.Distinct().Count());
            }
        }
        Assert.Equal(tile.Layers.Count, tile.Layers.Select(l => l.Name).Distinct().Count());
    }

    [Theory, MemberData(nameof(ReportTiles))]
    public void Geometry_stays_within_the_extent_plus_the_buffer_and_rings_wind_as_the_spec_asks(string date, int z, int x, int y)
    {
        var tile = Encode(date, z, x, y);
        const int lo = -VectorTileEncoder.Buffer, hi = VectorTileEncoder.Extent + VectorTileEncoder.Buffer;
        foreach (var layer in tile.Layers)
            foreach (var f in layer.Features)
            {
                var parts = Mvt.Geometry(f);
                Assert.NotEmpty(parts);
                foreach (var part in parts)
                    foreach (var (px, py) in part.Points)
                    {
                        Assert.InRange(px, lo, hi);
                        Assert.InRange(py, lo, hi);
                        if (f.Type == Tile.Types.GeomType.Point) { Assert.InRange(px, 0, 4095); Assert.InRange(py, 0, 4095); }
                    }
                switch (f.Type)
                {
                    case Tile.Types.GeomType.Polygon:
                        Assert.All(parts, p => Assert.True(p.Closed && p.Points.Count >= 3));
                        Assert.True(Mvt.SignedArea(parts[0].Points) > 0, "the first ring of a polygon is an exterior ring (positive area, clockwise with y down)");
                        Assert.All(parts, p => Assert.NotEqual(0, Mvt.SignedArea(p.Points)));
                        break;
                    case Tile.Types.GeomType.Linestring:
                        Assert.All(parts, p => Assert.True(!p.Closed && p.Points.Count >= 2));
                        break;
                    case Tile.Types.GeomType.Point:
                        Assert.Single(parts);
                        break;
                    default:
                        Assert.Fail("feature without a geometry type");
                        break;
                }
            }
    }

    [Theory]
    [InlineData("2019-12-02")]
    [InlineData("2020-12-25")]
    public void Territory_in_a_tile_covers_the_ground_of_the_GeoJSON_territory_in_that_tile(string date)
    {
        var day = DateOnly.Parse(date);
        var tileId = IdlibZ8;
        var tile = Encode(date, tileId.Z, tileId.X, tileId.Y, TileLayers.Territory);
        var layer = Mvt.Layer(tile, "territory")!;
        var factory = new GeometryFactory();
        var square = factory.ToGeometry(new Envelope(0, 4096, 0, 4096));
        var scale = 4096.0 * (1 << tileId.Z);
        var compared = 0;
        foreach (var territory in Map.Territories(Timeline.Snapshot(day)))
        {
            var projected = territory.Geometry.Copy();
            projected.Apply(new ToTile(scale, tileId));
            var expected = projected.Intersection(square).Area;
            var feature = layer.Features.SingleOrDefault(f =>
            {
                var a = Mvt.Attributes(layer, f);
                return (string)a["faction"] == territory.Faction && (string)a["status"] == territory.Status;
            });
            if (expected < 4096.0 * 4096 / 1000)
                continue; // below 0.1 % of the tile: too small to compare after simplification
            Assert.NotNull(feature);
            var actual = Polygons(factory, Mvt.Geometry(feature)).Intersection(square).Area;
            Assert.InRange(actual, expected * 0.98, expected * 1.02);
            compared++;
        }
        Assert.True(compared >= 1, "at least one territory crosses the tile");
    }

    internal static Geometry Polygons(GeometryFactory factory, List<Mvt.Part> rings)
    {
        var polygons = new List<Polygon>();
        foreach (var ring in rings)
        {
            var coords = ring.Points.Append(ring.Points[0]).Select(p => new Coordinate(p.X, p.Y)).ToArray();
            var linear = factory.CreateLinearRing(coords);
            if (Mvt.SignedArea(ring.Points) > 0) polygons.Add(factory.CreatePolygon(linear));
            else polygons[^1] = factory.CreatePolygon((LinearRing)polygons[^1].ExteriorRing, [.. polygons[^1].Holes, linear]);
        }
        return factory.CreateMultiPolygon([.. polygons]).Buffer(0);
    }

    internal sealed class ToTile(double scale, TileId tile) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = WebMercator.ToWorld(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x * scale - tile.X * 4096.0);
            seq.SetY(i, y * scale - tile.Y * 4096.0);
        }
    }

    [Theory]
    [InlineData("2020-12-25")]
    public void Every_front_line_of_the_map_appears_in_the_tile_under_it_with_its_pair_of_factions(string date)
    {
        var day = DateOnly.Parse(date);
        var fronts = Map.FrontLines(Timeline.Snapshot(day));
        Assert.NotEmpty(fronts);
        foreach (var front in fronts)
        {
            var pair = string.Join('|', front.Factions);
            var c = front.Geometry.Coordinates[front.Geometry.NumPoints / 2];
            var layer = Mvt.Layer(Encode(date, 9, WebMercator.TileAt(c.X, c.Y, 9).X, WebMercator.TileAt(c.X, c.Y, 9).Y, TileLayers.Frontlines), "frontlines");
            Assert.NotNull(layer);
            var feature = layer.Features.Single(f => (string)Mvt.Attributes(layer, f)["factions"] == pair);
            var a = Mvt.Attributes(layer, feature);
            Assert.Equal(front.Factions[0], a["faction_a"]);
            Assert.Equal(front.Factions[1], a["faction_b"]);
            Assert.InRange((double)a["length_km"], 0.001, front.LengthKm * 1.001 + 0.001); // ellipsoidal edge lengths vs the equal-area projection
            Assert.All(Mvt.Geometry(feature), part => Assert.True(part.Points.Count >= 2));
            var pairs = fronts.Select(f => string.Join('|', f.Factions)).ToHashSet();
            Assert.All(layer.Features, f => Assert.Contains((string)Mvt.Attributes(layer, f)["factions"], pairs));
        }
    }

    [Fact]
    public void The_changes_layer_holds_the_records_of_the_30_days_up_to_the_last_change_at_their_place()
    {
        var tile = Mvt.Parse(Encoder.Encode(IdlibZ8, Idlib2019));
        var layer = Mvt.Layer(tile, "changes")!;
        var last = TimeKey.DayOf(Timeline.StateKeyAt(Idlib2019));
        var bounds = WebMercator.Bounds(IdlibZ8);
        var expected = Timeline.Changes(last.AddDays(-29), last.AddDays(1))
            .Where(c => Timeline.Places[Timeline.PlaceIndex(c.PlaceId)] is var p && p.Lon >= bounds.West && p.Lon < bounds.East && p.Lat > bounds.South && p.Lat <= bounds.North)
            .Select(c => c.Id).ToList();
        Assert.NotEmpty(expected);
        var actual = layer.Features.Select(f => Mvt.Attributes(layer, f)).ToList();
        Assert.Equal(expected, actual.Select(a => (string)a["id"]));
        Assert.All(actual, a => Assert.True(a.ContainsKey("place") && a.ContainsKey("kind") && a.ContainsKey("status") && a.ContainsKey("valid_from") && a.ContainsKey("recorded_at")));
    }

    [Fact]
    public void Dates_with_the_same_state_key_give_byte_identical_tiles()
    {
        var d = Idlib2019.AddDays(1);
        while (Timeline.StateKeyAt(d) != Timeline.StateKeyAt(d.AddDays(1))) d = d.AddDays(1);
        Assert.Equal(Encoder.Encode(IdlibZ8, d), Encoder.Encode(IdlibZ8, d.AddDays(1)));
    }

    [Fact]
    public void A_tile_with_no_place_or_cell_is_empty()
    {
        Assert.Empty(Encoder.Encode(new TileId(8, 0, 0), Idlib2019));
        Assert.Empty(Encoder.Encode(new TileId(12, 100, 100), Idlib2019));
    }

    [Fact]
    public void Known_at_gives_the_map_as_published_then()
    {
        var knownAt = new DateTimeOffset(2019, 11, 30, 23, 59, 0, TimeSpan.Zero);
        var now = Mvt.Parse(Encoder.Encode(IdlibZ8, Idlib2019));
        var then = Mvt.Parse(Encoder.Encode(IdlibZ8, Idlib2019, knownAt));
        var snapshot = Timeline.Snapshot(Idlib2019, knownAt);
        var layer = Mvt.Layer(then, "places")!;
        foreach (var f in layer.Features)
        {
            var a = Mvt.Attributes(layer, f);
            var state = snapshot.StateOf((string)a["id"]);
            Assert.Equal(state.Controller >= 0 ? Timeline.Factions[state.Controller].Id : null, a.GetValueOrDefault("faction") as string);
        }
        Assert.NotEqual(now.ToByteArray(), then.ToByteArray());
    }
}
