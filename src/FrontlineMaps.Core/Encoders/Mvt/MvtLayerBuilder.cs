using FrontlineMaps.Core.Encoders.Mvt.Proto;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>
/// Builds one MVT layer: keys and values de-duplicated per layer, geometry as command integers (MoveTo/LineTo/ClosePath with
/// zig-zag deltas, one cursor per feature), spec 2.1 section 4.
/// </summary>
internal sealed class MvtLayerBuilder(string name, uint extent)
{
    private const uint MoveTo = 1, LineTo = 2, ClosePath = 7;
    private readonly Tile.Types.Layer _layer = new() { Version = 2, Name = name, Extent = extent };
    private readonly Dictionary<string, uint> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<long, uint> _ints = new();
    private readonly Dictionary<double, uint> _doubles = new();
    private readonly Dictionary<bool, uint> _bools = new();
    private Tile.Types.Feature? _feature;
    private int _cx, _cy;

    public int FeatureCount => _layer.Features.Count;

    public Tile.Types.Layer Layer => _layer;

    /// <summary>Starts a feature of <paramref name="type"/>; the cursor restarts at (0, 0).</summary>
    public void Begin(Tile.Types.GeomType type)
    {
        _feature = new Tile.Types.Feature { Type = type };
        _cx = _cy = 0;
    }

    /// <summary>Adds the current feature to the layer (only when it has geometry).</summary>
    public void End()
    {
        if (_feature is { } f && f.Geometry.Count > 0) _layer.Features.Add(f);
        _feature = null;
    }

    public void Tag(string key, string? value)
    {
        if (value is null) return;
        AddTag(key, _strings, value, v => new Tile.Types.Value { StringValue = v });
    }

    public void Tag(string key, long value) => AddTag(key, _ints, value, v => new Tile.Types.Value { IntValue = v });

    public void Tag(string key, double value) => AddTag(key, _doubles, value, v => new Tile.Types.Value { DoubleValue = v });

    public void Tag(string key, bool value) => AddTag(key, _bools, value, v => new Tile.Types.Value { BoolValue = v });

    private void AddTag<T>(string key, Dictionary<T, uint> index, T value, Func<T, Tile.Types.Value> make) where T : notnull
    {
        if (!_keys.TryGetValue(key, out var k))
        {
            k = (uint)_layer.Keys.Count;
            _keys.Add(key, k);
            _layer.Keys.Add(key);
        }
        if (!index.TryGetValue(value, out var v))
        {
            v = (uint)_layer.Values.Count;
            index.Add(value, v);
            _layer.Values.Add(make(value));
        }
        _feature!.Tags.Add(k);
        _feature.Tags.Add(v);
    }

    public void Point(int x, int y)
    {
        var g = _feature!.Geometry;
        g.Add(Command(MoveTo, 1));
        Delta(g, x, y);
    }

    /// <summary>A linestring of at least two distinct points.</summary>
    public void Line(ReadOnlySpan<long> points)
    {
        var g = _feature!.Geometry;
        g.Add(Command(MoveTo, 1));
        Delta(g, X(points[0]), Y(points[0]));
        g.Add(Command(LineTo, points.Length - 1));
        for (var i = 1; i < points.Length; i++) Delta(g, X(points[i]), Y(points[i]));
    }

    /// <summary>A ring (without its closing point repeated), already in the winding the spec asks for.</summary>
    public void Ring(ReadOnlySpan<long> points)
    {
        var g = _feature!.Geometry;
        g.Add(Command(MoveTo, 1));
        Delta(g, X(points[0]), Y(points[0]));
        g.Add(Command(LineTo, points.Length - 1));
        for (var i = 1; i < points.Length; i++) Delta(g, X(points[i]), Y(points[i]));
        g.Add(Command(ClosePath, 1));
    }

    private void Delta(Google.Protobuf.Collections.RepeatedField<uint> g, int x, int y)
    {
        g.Add(ZigZag(x - _cx));
        g.Add(ZigZag(y - _cy));
        _cx = x;
        _cy = y;
    }

    internal static uint Command(uint id, int count) => (id & 0x7) | ((uint)count << 3);

    internal static uint ZigZag(int n) => (uint)((n << 1) ^ (n >> 31));

    /// <summary>A tile point packed in a long: x in the high half, y in the low half.</summary>
    internal static long Pack(int x, int y) => ((long)x << 32) | (uint)y;

    internal static int X(long p) => (int)(p >> 32);

    internal static int Y(long p) => (int)p;
}
