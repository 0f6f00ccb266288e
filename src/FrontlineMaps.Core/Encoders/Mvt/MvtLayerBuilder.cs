using System.Buffers.Binary;
using System.Text;
using FrontlineMaps.Core.Encoders.Mvt.Proto;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>
/// Builds one MVT layer straight into protobuf bytes (the messages of <c>vector_tile.proto</c>, fields in number order as the
/// generated code writes them): keys and values de-duplicated per layer, geometry as command integers (MoveTo/LineTo/ClosePath
/// with zig-zag deltas, one cursor per feature), spec 2.1 section 4. Writing bytes directly avoids an object per feature.
/// </summary>
internal sealed class MvtLayerBuilder
{
    private const uint MoveTo = 1, LineTo = 2, ClosePath = 7;
    private readonly string _name;
    private readonly uint _extent;
    private readonly ByteWriter _features;
    private readonly ByteWriter _values;
    private readonly ValueTable? _table;
    private readonly ValueTable.Stamps? _stamps;
    private readonly int _generation;
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

    /// <summary>A layer with its own buffers and value dictionaries.</summary>
    public MvtLayerBuilder(string name, uint extent) : this(name, extent, new ByteWriter(), new ByteWriter(), null, null)
    {
    }

    /// <summary>
    /// A layer writing into reusable buffers (cleared here), taking string values found in <paramref name="table"/> from there.
    /// Only one layer at a time may use <paramref name="stamps"/>: build the layers that share a table one after another.
    /// </summary>
    public MvtLayerBuilder(string name, uint extent, ByteWriter features, ByteWriter values, ValueTable? table, ValueTable.Stamps? stamps)
    {
        _name = name;
        _extent = extent;
        _features = features;
        _values = values;
        _features.Clear();
        _values.Clear();
        _table = table;
        _stamps = stamps;
        if (table is not null) _generation = stamps!.Next(table);
    }

    public int FeatureCount { get; private set; }

    public string Name => _name;

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
        if (_table is not null && _table.TryGet(value, out var id))
        {
            Tag(key, new ValueTable.Id(id));
            return;
        }
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

    /// <summary>A string value of the layer's <see cref="ValueTable"/>: its encoded bytes are copied on first use.</summary>
    public void Tag(string key, ValueTable.Id value)
    {
        var stamps = _stamps!;
        uint v;
        if (stamps.Stamp[value.Value] == _generation) v = (uint)stamps.Index[value.Value];
        else
        {
            v = _valueCount++;
            stamps.Stamp[value.Value] = _generation;
            stamps.Index[value.Value] = (int)v;
            _values.Bytes(_table!.Encoded(value.Value));
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
        var nameBytes = Encoding.UTF8.GetByteCount(_name);
        var length = 1 + VarintSize((ulong)nameBytes) + nameBytes + _features.Length + _values.Length
            + 1 + VarintSize(_extent) + 2;
        foreach (var key in _keyList)
        {
            var bytes = Encoding.UTF8.GetByteCount(key);
            length += 1 + VarintSize((ulong)bytes) + bytes;
        }
        tile.Byte(0x1A); // Tile.layers = 3
        tile.Varint((ulong)length);
        var start = tile.Length;
        tile.Byte(0x0A); // Layer.name = 1
        tile.Varint((ulong)nameBytes);
        tile.Utf8(_name, nameBytes);
        tile.Append(_features);
        foreach (var key in _keyList)
        {
            var bytes = Encoding.UTF8.GetByteCount(key);
            tile.Byte(0x1A); // Layer.keys = 3
            tile.Varint((ulong)bytes);
            tile.Utf8(key, bytes);
        }
        tile.Append(_values);
        tile.Byte(0x28); // Layer.extent = 5
        tile.Varint(_extent);
        tile.Byte(0x78); // Layer.version = 15
        tile.Varint(2);
        System.Diagnostics.Debug.Assert(tile.Length - start == length);
    }

    private static int PackedSize(List<uint> values)
    {
        var size = 0;
        foreach (var v in values) size += VarintSize(v);
        return size;
    }

    internal static int VarintSize(ulong v)
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

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Empties the buffer, keeping its capacity for the next tile.</summary>
    public void Clear() => Length = 0;

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();
}

/// <summary>
/// Strings known before any tile is made (place ids and names, faction ids and names, kinds, statuses, days), each stored with
/// its encoded <c>Value</c> message (<c>Layer.values</c>, field 4). A layer then copies those bytes on a value's first use
/// instead of hashing and encoding the string; a per-thread <see cref="Stamps"/> table maps a value to its index in the layer
/// being built. Immutable once built; thread-safe for reading.
/// </summary>
internal sealed class ValueTable
{
    private readonly Dictionary<string, int> _ids;
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    /// <summary>A value of the table.</summary>
    public readonly record struct Id(int Value);

    private ValueTable(Dictionary<string, int> ids, byte[] bytes, int[] offsets) => (_ids, _bytes, _offsets) = (ids, bytes, offsets);

    /// <summary>Collects the strings of a table; each distinct string gets the next id.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly ByteWriter _encoded = new();
        private readonly List<int> _offsets = [0];

        /// <summary>The id of <paramref name="value"/> (the id it already has when it was added before).</summary>
        public int Add(string value)
        {
            if (_ids.TryGetValue(value, out var id)) return id;
            _ids.Add(value, id = _ids.Count);
            var bytes = Encoding.UTF8.GetByteCount(value);
            _encoded.Byte(0x22); // Layer.values = 4
            _encoded.Varint((ulong)(1 + MvtLayerBuilder.VarintSize((ulong)bytes) + bytes));
            _encoded.Byte(0x0A); // Value.string_value = 1
            _encoded.Varint((ulong)bytes);
            _encoded.Utf8(value, bytes);
            _offsets.Add(_encoded.Length);
            return id;
        }

        /// <summary>The table of the strings added.</summary>
        public ValueTable Build() => new(new Dictionary<string, int>(_ids, StringComparer.Ordinal), _encoded.ToArray(), [.. _offsets]);
    }

    /// <summary>Number of values.</summary>
    public int Count => _ids.Count;

    /// <summary>The id of <paramref name="value"/> when it is in the table.</summary>
    public bool TryGet(string value, out int id) => _ids.TryGetValue(value, out id);

    /// <summary>The encoded <c>Layer.values</c> entry of a value.</summary>
    public ReadOnlySpan<byte> Encoded(int id) => _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);

    /// <summary>Per-thread: the index of each table value in the layer being built, valid when stamped with its generation.</summary>
    public sealed class Stamps
    {
        public int[] Stamp = [];
        public int[] Index = [];
        private int _generation;

        /// <summary>A new generation for a layer using <paramref name="table"/>.</summary>
        public int Next(ValueTable table)
        {
            if (Stamp.Length < table.Count || _generation == int.MaxValue)
            {
                Stamp = new int[table.Count];
                Index = new int[table.Count];
                _generation = 0;
            }
            return ++_generation;
        }
    }
}
