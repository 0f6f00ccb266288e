using System.Buffers.Binary;
using System.Text;
using FrontlineMaps.Core.Encoders.Mvt.Proto;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>
/// Builds one MVT layer straight into protobuf bytes (the messages of <c>vector_tile.proto</c>, fields in number order as the
/// generated code writes them): keys and values de-duplicated per layer, geometry as command integers (MoveTo/LineTo/ClosePath
/// with zig-zag deltas, one cursor per feature), spec 2.1 section 4. Writing bytes directly avoids an object per feature.
/// </summary>
internal sealed class MvtLayerBuilder(string name, uint extent)
{
    private const uint MoveTo = 1, LineTo = 2, ClosePath = 7;
    private readonly ByteWriter _features = new();
    private readonly ByteWriter _values = new();
    private readonly List<string> _keyList = [];
    private readonly Dictionary<string, uint> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<long, uint> _ints = new();
    private readonly Dictionary<double, uint> _doubles = new();
    private readonly Dictionary<bool, uint> _bools = new();
    private readonly List<uint> _tags = [];
    private readonly List<uint> _geometry = [];
    private uint _valueCount;
    private Tile.Types.GeomType _type;
    private int _cx, _cy;

    public int FeatureCount { get; private set; }

    public string Name => name;

    /// <summary>Starts a feature of <paramref name="type"/>; the cursor restarts at (0, 0).</summary>
    public void Begin(Tile.Types.GeomType type)
    {
        _type = type;
        _tags.Clear();
        _geometry.Clear();
        _cx = _cy = 0;
    }

    /// <summary>Adds the current feature to the layer (only when it has geometry).</summary>
    public void End()
    {
        if (_geometry.Count == 0) return;
        var tagBytes = PackedSize(_tags);
        var geometryBytes = PackedSize(_geometry);
        var size = (_tags.Count > 0 ? 1 + VarintSize((ulong)tagBytes) + tagBytes : 0) + 2 + 1 + VarintSize((ulong)geometryBytes) + geometryBytes;
        _features.Byte(0x12); // Layer.features = 2, length-delimited
        _features.Varint((ulong)size);
        if (_tags.Count > 0)
        {
            _features.Byte(0x12); // Feature.tags = 2, packed
            _features.Varint((ulong)tagBytes);
            foreach (var t in _tags) _features.Varint(t);
        }
        _features.Byte(0x18); // Feature.type = 3
        _features.Byte((byte)_type);
        _features.Byte(0x22); // Feature.geometry = 4, packed
        _features.Varint((ulong)geometryBytes);
        foreach (var g in _geometry) _features.Varint(g);
        FeatureCount++;
    }

    public void Tag(string key, string? value)
    {
        if (value is null) return;
        if (!_strings.TryGetValue(value, out var v))
        {
            _strings.Add(value, v = _valueCount++);
            var bytes = Encoding.UTF8.GetByteCount(value);
            _values.Byte(0x22); // Layer.values = 4
            _values.Varint((ulong)(1 + VarintSize((ulong)bytes) + bytes));
            _values.Byte(0x0A); // Value.string_value = 1
            _values.Varint((ulong)bytes);
            _values.Utf8(value, bytes);
        }
        AddTag(key, v);
    }

    public void Tag(string key, long value)
    {
        if (!_ints.TryGetValue(value, out var v))
        {
            _ints.Add(value, v = _valueCount++);
            _values.Byte(0x22);
            _values.Varint((ulong)(1 + VarintSize((ulong)value)));
            _values.Byte(0x20); // Value.int_value = 4
            _values.Varint((ulong)value);
        }
        AddTag(key, v);
    }

    public void Tag(string key, double value)
    {
        if (!_doubles.TryGetValue(value, out var v))
        {
            _doubles.Add(value, v = _valueCount++);
            _values.Byte(0x22);
            _values.Byte(9);
            _values.Byte(0x19); // Value.double_value = 3, fixed64
            _values.Double(value);
        }
        AddTag(key, v);
    }

    public void Tag(string key, bool value)
    {
        if (!_bools.TryGetValue(value, out var v))
        {
            _bools.Add(value, v = _valueCount++);
            _values.Byte(0x22);
            _values.Byte(2);
            _values.Byte(0x38); // Value.bool_value = 7
            _values.Byte(value ? (byte)1 : (byte)0);
        }
        AddTag(key, v);
    }

    private void AddTag(string key, uint value)
    {
        // Keys are a dozen literals: a reference scan finds them faster than hashing.
        var k = uint.MaxValue;
        for (var i = 0; i < _keyList.Count; i++)
            if (ReferenceEquals(_keyList[i], key)) { k = (uint)i; break; }
        if (k == uint.MaxValue && !_keys.TryGetValue(key, out k))
        {
            _keys.Add(key, k = (uint)_keyList.Count);
            _keyList.Add(key);
        }
        _tags.Add(k);
        _tags.Add(value);
    }

    public void Point(int x, int y)
    {
        _geometry.Add(Command(MoveTo, 1));
        Delta(x, y);
    }

    /// <summary>A linestring of at least two distinct points.</summary>
    public void Line(ReadOnlySpan<long> points)
    {
        _geometry.Add(Command(MoveTo, 1));
        Delta(X(points[0]), Y(points[0]));
        _geometry.Add(Command(LineTo, points.Length - 1));
        for (var i = 1; i < points.Length; i++) Delta(X(points[i]), Y(points[i]));
    }

    /// <summary>A ring (without its closing point repeated), already in the winding the spec asks for.</summary>
    public void Ring(ReadOnlySpan<long> points)
    {
        Line(points);
        _geometry.Add(Command(ClosePath, 1));
    }

    private void Delta(int x, int y)
    {
        _geometry.Add(ZigZag(x - _cx));
        _geometry.Add(ZigZag(y - _cy));
        _cx = x;
        _cy = y;
    }

    /// <summary>Appends the layer as <c>Tile.layers</c> (field 3) to <paramref name="tile"/>.</summary>
    public void WriteTo(ByteWriter tile)
    {
        var body = new ByteWriter();
        var nameBytes = Encoding.UTF8.GetByteCount(name);
        body.Byte(0x0A); // Layer.name = 1
        body.Varint((ulong)nameBytes);
        body.Utf8(name, nameBytes);
        body.Append(_features);
        foreach (var key in _keyList)
        {
            var bytes = Encoding.UTF8.GetByteCount(key);
            body.Byte(0x1A); // Layer.keys = 3
            body.Varint((ulong)bytes);
            body.Utf8(key, bytes);
        }
        body.Append(_values);
        body.Byte(0x28); // Layer.extent = 5
        body.Varint(extent);
        body.Byte(0x78); // Layer.version = 15
        body.Varint(2);
        tile.Byte(0x1A); // Tile.layers = 3
        tile.Varint((ulong)body.Length);
        tile.Append(body);
    }

    private static int PackedSize(List<uint> values)
    {
        var size = 0;
        foreach (var v in values) size += VarintSize(v);
        return size;
    }

    private static int VarintSize(ulong v)
    {
        var n = 1;
        while (v >= 0x80) { v >>= 7; n++; }
        return n;
    }

    internal static uint Command(uint id, int count) => (id & 0x7) | ((uint)count << 3);

    internal static uint ZigZag(int n) => (uint)((n << 1) ^ (n >> 31));

    /// <summary>A tile point packed in a long: x in the high half, y in the low half.</summary>
    internal static long Pack(int x, int y) => ((long)x << 32) | (uint)y;

    internal static int X(long p) => (int)(p >> 32);

    internal static int Y(long p) => (int)p;
}

/// <summary>A growable byte buffer with protobuf primitives.</summary>
internal sealed class ByteWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    private Span<byte> Reserve(int n)
    {
        if (Length + n > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + n));
        var span = _buffer.AsSpan(Length, n);
        Length += n;
        return span;
    }

    public void Byte(byte b)
    {
        if (Length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[Length++] = b;
    }

    public void Varint(ulong v)
    {
        while (v >= 0x80)
        {
            Byte((byte)(v | 0x80));
            v >>= 7;
        }
        Byte((byte)v);
    }

    public void Double(double d) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), d);

    public void Utf8(string s, int byteCount) => Encoding.UTF8.GetBytes(s, Reserve(byteCount));

    public void Append(ByteWriter other) => other._buffer.AsSpan(0, other.Length).CopyTo(Reserve(other.Length));

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();
}
