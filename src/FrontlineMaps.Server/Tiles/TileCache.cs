using System.Collections.Concurrent;
using System.IO.Compression;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// Encoded tiles in memory, keyed by map state rather than by date: (data version, knowledge version, state key, z, x, y).
/// Two dates with no change between them share one entry. Tiles are stored gzip-compressed only (what nearly every client
/// accepts); the rare client without gzip gets them inflated on the fly. Bounded by total bytes: the oldest entries go first.
/// </summary>
public sealed class TileCache(long maxBytes)
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly ConcurrentQueue<Key> _order = new();
    private long _bytes;

    /// <summary>The cache key: everything a tile depends on.</summary>
    public readonly record struct Key(string DataVersion, int Knowledge, long StateKey, int Z, int X, int Y);

    /// <summary>A cached tile: gzip bytes (empty for an empty tile) and the raw length.</summary>
    public sealed record Entry(byte[] Gzip, int RawLength)
    {
        /// <summary>True for a tile without features.</summary>
        public bool IsEmpty => RawLength == 0;

        /// <summary>The raw MVT bytes.</summary>
        public byte[] Raw()
        {
            if (IsEmpty) return [];
            var raw = new byte[RawLength];
            using var gz = new GZipStream(new MemoryStream(Gzip), CompressionMode.Decompress);
            gz.ReadExactly(raw);
            return raw;
        }
    }

    /// <summary>Bytes held.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Entries held.</summary>
    public int Count => _entries.Count;

    /// <summary>The cached tile for <paramref name="key"/>, encoding (and storing) it with <paramref name="encode"/> on a miss.</summary>
    public Entry GetOrAdd(Key key, Func<byte[]> encode)
    {
        if (_entries.TryGetValue(key, out var hit)) return hit;
        var raw = encode();
        var entry = new Entry(raw.Length == 0 ? [] : Compress(raw), raw.Length);
        if (_entries.TryAdd(key, entry))
        {
            _order.Enqueue(key);
            Interlocked.Add(ref _bytes, Cost(entry));
            while (Interlocked.Read(ref _bytes) > maxBytes && _order.TryDequeue(out var old))
                if (_entries.TryRemove(old, out var removed)) Interlocked.Add(ref _bytes, -Cost(removed));
            return entry;
        }
        return _entries.TryGetValue(key, out var other) ? other : entry;
    }

    /// <summary>Drops every tile of a data version other than <paramref name="dataVersion"/> (after the data changed).</summary>
    public void RemoveOtherVersions(string dataVersion)
    {
        foreach (var key in _entries.Keys)
            if (key.DataVersion != dataVersion && _entries.TryRemove(key, out var removed))
                Interlocked.Add(ref _bytes, -Cost(removed));
    }

    private static long Cost(Entry e) => e.Gzip.Length + 128;

    private static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream(raw.Length / 2 + 64);
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }
}
