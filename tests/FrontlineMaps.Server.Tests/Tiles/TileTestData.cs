using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Tests.Tiles.Proto;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>The reports dataset (tests/data/reports) with its cells and a tile encoder, built once for all tile tests.</summary>
internal static class TileTestData
{
    private static readonly Lazy<(ControlTimeline, ControlMap, VectorTileEncoder)> Lazy = new(() =>
    {
        var timeline = new ControlTimeline(ReportsFixture.Load(), ReportsFixture.Version);
        var map = new ControlMap(timeline);
        return (timeline, map, new VectorTileEncoder(map));
    });

    public static ControlTimeline Timeline => Lazy.Value.Item1;
    public static ControlMap Map => Lazy.Value.Item2;
    public static VectorTileEncoder Encoder => Lazy.Value.Item3;

    /// <summary>Report dates of the reports dataset.</summary>
    public static readonly DateOnly Idlib2019 = new(2019, 12, 2);
    public static readonly DateOnly Late2020 = new(2020, 12, 25);

    /// <summary>z8 tiles over Idlib and over Raqqa.</summary>
    public static readonly TileId IdlibZ8 = WebMercator.TileAt(36.63, 35.93, 8);
    public static readonly TileId RaqqaZ8 = WebMercator.TileAt(39.01, 35.95, 8);

    /// <summary>Faction id (or null) of every place in the GeoJSON snapshot at <paramref name="date"/>.</summary>
    public static Dictionary<string, string?> GeoJsonFactions(DateOnly date)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        new GeoJsonFeatureEncoder(Timeline).WritePlaces(buffer, Timeline.Snapshot(date));
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = f.GetProperty("properties");
            result[p.GetProperty("id").GetString()!] = p.GetProperty("faction").ValueKind == JsonValueKind.Null ? null : p.GetProperty("faction").GetString();
        }
        return result;
    }
}

/// <summary>Decoding of MVT geometry and attributes for assertions.</summary>
internal static class Mvt
{
    public static Tile Parse(byte[] bytes) => Tile.Parser.ParseFrom(bytes);

    public static Tile.Types.Layer? Layer(Tile tile, string name) => tile.Layers.FirstOrDefault(l => l.Name == name);

    /// <summary>The attributes of a feature as CLR values.</summary>
    public static Dictionary<string, object> Attributes(Tile.Types.Layer layer, Tile.Types.Feature feature)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < feature.Tags.Count; i += 2)
        {
            var v = layer.Values[(int)feature.Tags[i + 1]];
            object value = v.HasStringValue ? v.StringValue : v.HasIntValue ? v.IntValue : v.HasDoubleValue ? v.DoubleValue
                : v.HasBoolValue ? v.BoolValue : v.HasUintValue ? (long)v.UintValue : v.HasSintValue ? v.SintValue : v.HasFloatValue ? (double)v.FloatValue : "?";
            result.Add(layer.Keys[(int)feature.Tags[i]], value);
        }
        return result;
    }

    /// <summary>A decoded geometry part: its points and whether ClosePath ended it.</summary>
    public sealed record Part(List<(int X, int Y)> Points, bool Closed);

    /// <summary>Decodes the command stream (spec 4.3): one part per MoveTo.</summary>
    public static List<Part> Geometry(Tile.Types.Feature feature)
    {
        var parts = new List<Part>();
        int x = 0, y = 0, i = 0;
        var g = feature.Geometry;
        while (i < g.Count)
        {
            var command = g[i] & 0x7;
            var count = (int)(g[i] >> 3);
            i++;
            switch (command)
            {
                case 1:
                    for (var k = 0; k < count; k++)
                    {
                        x += UnZigZag(g[i++]); y += UnZigZag(g[i++]);
                        parts.Add(new Part([(x, y)], false));
                    }
                    break;
                case 2:
                    Assert.NotEmpty(parts);
                    for (var k = 0; k < count; k++)
                    {
                        x += UnZigZag(g[i++]); y += UnZigZag(g[i++]);
                        parts[^1].Points.Add((x, y));
                    }
                    break;
                case 7:
                    Assert.Equal(1, count);
                    parts[^1] = parts[^1] with { Closed = true };
                    break;
                default:
                    Assert.Fail($"unknown command {command}");
                    break;
            }
        }
        return parts;
    }

    private static int UnZigZag(uint n) => (int)(n >> 1) ^ -(int)(n & 1);

    /// <summary>Surveyor's formula in tile coordinates (positive: an exterior ring by the spec).</summary>
    public static double SignedArea(List<(int X, int Y)> ring)
    {
        double sum = 0;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++) sum += (double)ring[j].X * ring[i].Y - (double)ring[i].X * ring[j].Y;
        return sum / 2;
    }
}
