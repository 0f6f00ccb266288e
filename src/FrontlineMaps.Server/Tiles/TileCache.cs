using System.Collections.Concurrent;
using System.IO.Compression;
using FrontlineMaps.Core.Encoders.Mvt;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// Encoded tiles in memory, keyed by map state rather than by date: (data version, knowledge version, state key, z, x, y, layers).
/// Two dates with no change between them share one entry. An entry keeps the raw MVT bytes, served as they are to a client
/// without gzip, and their gzip form, made once on the first request that accepts gzip. Bounded by total bytes (each entry
/// is charged for its raw bytes plus a gzip estimate up front): the oldest entries go first. A bound of 0 caches nothing:
/// every request encodes its tile (how the benchmark measures uncached tiles on a warm server).
/// </summary>
public sealed class TileCache(long maxBytes)
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly ConcurrentQueue<Key> _order = new();
    private long _bytes;

    /// <summary>The cache key: everything a tile depends on.</summary>
    public readonly record struct Key(string DataVersion, int Knowledge, long StateKey, int Z, int X, int Y, TileLayers Layers = TileLayers.All);

    /// <summary>An encoded tile: its raw MVT bytes (empty for an empty tile) and, once asked for, their gzip form.</summary>
    public sealed class Entry(byte[] raw)
    {
        private byte[]? _gzip;

        /// <summary>True for a tile without features.</summary>
        public bool IsEmpty => raw.Length == 0;

        /// <summary>The raw MVT bytes.</summary>
        public byte[] Raw => raw;

        /// <summary>The gzip-compressed bytes, compressed on first use (two racing threads produce equal bytes).</summary>
        public byte[] Gzip => _gzip ??= Compress(raw);

        /// <summary>Bytes charged against the cache bound: raw plus an estimate of the gzip form.</summary>
        internal long Cost => raw.Length + raw.Length / 2 + 128;
    }

    /// <summary>Bytes charged.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Entries held.</summary>
    public int Count => _entries.Count;

    /// <summary>The cached tile for <paramref name="key"/>, encoding (and storing) it with <paramref name="encode"/> on a miss.</summary>
    public Entry GetOrAdd(Key key, Func<byte[]> encode)
    {
        if (_entries.TryGetValue(key, out var hit)) return hit;
        var entry = new Entry(encode());
        if (maxBytes <= 0 || entry.Cost > maxBytes) return entry;
        if (_entries.TryAdd(key, entry))
        {
            _order.Enqueue(key);
            Interlocked.Add(ref _bytes, entry.Cost);
            while (Interlocked.Read(ref _bytes) > maxBytes && _order.TryDequeue(out var old))
                if (_entries.TryRemove(old, out var removed)) Interlocked.Add(ref _bytes, -removed.Cost);
            return entry;
        }
        return _entries.TryGetValue(key, out var other) ? other : entry;
    }

    /// <summary>Drops every tile of a data version other than <paramref name="dataVersion"/> (after the data changed).</summary>
    public void RemoveOtherVersions(string dataVersion)
    {
        foreach (var key in _entries.Keys)
            if (key.DataVersion != dataVersion && _entries.TryRemove(key, out var removed))
                Interlocked.Add(ref _bytes, -removed.Cost);
    }

    private static byte[] Compress(byte[] raw)
    {
        if (raw.Length == 0) return [];
        using var output = new MemoryStream(raw.Length / 2 + 64);
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }
}
