using System.Collections.Concurrent;
using System.IO.Compression;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Hosting;

namespace FrontlineMaps.Server.Tiles;

/// <summary>
/// Encoded tiles in memory, keyed by map state rather than by date: (data version, knowledge version, state key, z, x, y, layers).
/// Two dates with no change between them share one entry. An entry keeps the raw MVT bytes, served as they are to a client
/// that accepts no coding, and their gzip and brotli forms, each made once on the first request that asks for it.
/// <list type="bullet">
/// <item>Single-flight: concurrent misses on one key wait for one encode (martin's <c>get_or_insert</c>).</item>
/// <item>Least recently used first, bounded by total bytes: each entry is charged its raw bytes plus an estimate of its two
/// compressed forms. BitFaster.Caching 2.6.1 bounds by count only (its weigher is an open pull request), and
/// <c>MemoryCache</c>'s size limit refuses the new entry and compacts 5% in the background, so this is a small locked list.</item>
/// <item>After a data change (<see cref="MoveTo"/>) no tile of another version is held, nor stored by an encode that was
/// running on the old state. The tiles of the previous state that the change cannot have altered (map states before the first
/// day a write touches, knowledge views that see none of its records, and on later days the tiles away from its footprint:
/// <see cref="TileCarryOver"/>) are kept under the new version's key instead of encoded again. Only their bytes are reused:
/// their ETag, which names the data version, changes as before.</item>
/// </list>
/// A bound of 0 caches nothing: every request encodes its tile (how the benchmark measures uncached tiles on a warm server).
/// Configuration: <c>FrontlineMaps:TileCacheMegabytes</c> (default 256).
/// </summary>
public sealed class TileCache(long maxBytes)
{
    private readonly Dictionary<Key, LinkedListNode<(Key Key, Entry Entry)>> _entries = [];
    private readonly LinkedList<(Key Key, Entry Entry)> _recency = new(); // most recently used first
    private readonly ConcurrentDictionary<Key, Lazy<Entry>> _inFlight = new();
    private readonly Lock _gate = new();
    private readonly Lock _moveGate = new(); // one MoveTo at a time
    private string? _version; // the only data version stored, once RetainOnly or MoveTo has named one
    private MapState? _state; // the state whose tiles are held, once MoveTo has named one
    private long _bytes;
    private long _encodes;
    private long _carried;
    private long _dropped;
    private long _hits;

    /// <summary>The cache key: everything a tile depends on.</summary>
    public readonly record struct Key(string DataVersion, int Knowledge, long StateKey, int Z, int X, int Y, TileLayers Layers = TileLayers.All);

    /// <summary>An encoded tile: its raw MVT bytes (empty for an empty tile) and, once asked for, their compressed forms.</summary>
    public sealed class Entry(byte[] raw)
    {
        private byte[]? _gzip;
        private byte[]? _brotli;

        /// <summary>True for a tile without features.</summary>
        public bool IsEmpty => raw.Length == 0;

        /// <summary>The raw MVT bytes.</summary>
        public byte[] Raw => raw;

        /// <summary>The gzip-compressed bytes, compressed on first use (two racing threads produce equal bytes).</summary>
        public byte[] Gzip => _gzip ??= CompressGzip(raw);

        /// <summary>The brotli-compressed bytes, compressed on first use (two racing threads produce equal bytes).</summary>
        public byte[] Brotli => _brotli ??= CompressBrotli(raw);

        /// <summary>
        /// Bytes charged against the cache bound: raw plus an estimate of the two compressed forms, charged up front whether
        /// or not they are asked for (on the embedded data's tiles gzip is 0.75 of raw and brotli 0.64).
        /// </summary>
        internal long Cost => raw.Length + raw.Length * 3L / 4 + raw.Length * 2L / 3 + 192;
    }

    /// <summary>Bytes charged.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Entries held.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>The keys held, most recently used first (a copy).</summary>
    internal IReadOnlyList<Key> Keys
    {
        get { lock (_gate) return [.. _recency.Select(e => e.Key)]; }
    }

    /// <summary>Tiles encoded through this cache since it was made (hits and waits on another request's encode excluded).</summary>
    public long Encodes => Interlocked.Read(ref _encodes);

    /// <summary>
    /// The cached tile for <paramref name="key"/>, else encoded by <paramref name="encode"/> and stored. Concurrent calls for one
    /// missing key run one <paramref name="encode"/> and all return its entry; when it throws, all of them throw and the next
    /// call tries again.
    /// </summary>
    public Entry GetOrAdd(Key key, Func<byte[]> encode)
    {
        if (TryGet(key) is { } hit)
        {
            Interlocked.Increment(ref _hits);
            return hit;
        }
        var flight = _inFlight.GetOrAdd(key, k => new Lazy<Entry>(
            () => TryGet(k) ?? Store(k, new Entry(Encode(encode))), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return flight.Value;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<Key, Lazy<Entry>>(key, flight));
        }
    }

    /// <summary>
    /// Drops every tile of a data version other than <paramref name="dataVersion"/> and stores no other from now on (an encode
    /// still running on the previous state returns its tile uncached). Called when a new map state is swapped in.
    /// </summary>
    public void RetainOnly(string dataVersion)
    {
        lock (_gate)
        {
            _version = dataVersion;
            for (var node = _recency.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Key.DataVersion != dataVersion) Remove(node);
                node = next;
            }
        }
    }

    /// <summary>
    /// Moves to the tiles of <paramref name="next"/> (a new state swapped in): keeps the tiles of the state held before that its
    /// timeline edit cannot have changed (<see cref="TileCarryOver"/>: before its first day, and elsewhere than its footprint on
    /// and after it), re-keyed to the new data and knowledge versions (and to the state keys the write adds), and drops every
    /// other; stores no tile of another version from now on. The carry-over is worked out outside the lock (reads go on; one
    /// that misses meanwhile encodes, as it would have).
    /// </summary>
    public void MoveTo(MapState next)
    {
        lock (_moveGate)
        {
            MapState? previous;
            var held = new List<(Key Key, Entry Entry)>();
            lock (_gate)
            {
                previous = _state;
                _state = next;
                _version = next.DataVersion;
                for (var node = _recency.First; node is not null;)
                {
                    var following = node.Next;
                    if (node.Value.Key.DataVersion != next.DataVersion)
                    {
                        if (node.Value.Key.DataVersion == previous?.DataVersion) held.Add(node.Value);
                        Remove(node);
                    }
                    node = following;
                }
            }
            if (previous is null || held.Count == 0 || TileCarryOver.Between(previous, next) is not { } carry)
            {
                Interlocked.Add(ref _dropped, held.Count);
                return;
            }
            var moved = new List<(Key, Entry)>();
            var keys = new List<Key>(2);
            var dropped = 0;
            foreach (var (key, entry) in held)
            {
                keys.Clear();
                carry.KeysOf(key, keys);
                if (keys.Count == 0) dropped++;
                foreach (var k in keys) moved.Add((k, entry));
            }
            Interlocked.Add(ref _dropped, dropped);
            lock (_gate)
            {
                if (_version != next.DataVersion) return;
                // In their order of recency (most recent first): appended at the old end, least recent first.
                for (var i = moved.Count - 1; i >= 0; i--)
                {
                    var (key, entry) = moved[i];
                    if (_entries.ContainsKey(key)) continue;
                    _entries[key] = _recency.AddLast((key, entry));
                    _bytes += entry.Cost;
                    _carried++;
                }
                while (_bytes > maxBytes && _recency.Last is { } oldest) Remove(oldest);
            }
        }
    }

    /// <summary>Tiles kept across data changes by <see cref="MoveTo"/> since the cache was made (one per new key).</summary>
    public long Carried
    {
        get { lock (_gate) return _carried; }
    }

    /// <summary>Tiles of the state before a data change that <see cref="MoveTo"/> kept under no key of the new one.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests answered from the cache (<see cref="Encodes"/> counts the others that encoded).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    private byte[] Encode(Func<byte[]> encode)
    {
        Interlocked.Increment(ref _encodes);
        return encode();
    }

    private Entry? TryGet(Key key)
    {
        if (maxBytes <= 0) return null;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node)) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Entry;
        }
    }

    private Entry Store(Key key, Entry entry)
    {
        if (entry.Cost > maxBytes) return entry;
        lock (_gate)
        {
            if (_version is not null && key.DataVersion != _version) return entry;
            if (_entries.TryGetValue(key, out var existing)) return existing.Value.Entry;
            _entries[key] = _recency.AddFirst((key, entry));
            _bytes += entry.Cost;
            while (_bytes > maxBytes && _recency.Last is { } oldest) Remove(oldest);
        }
        return entry;
    }

    private void Remove(LinkedListNode<(Key Key, Entry Entry)> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Entry.Cost;
    }

    private static byte[] CompressGzip(byte[] raw)
    {
        if (raw.Length == 0) return [];
        using var output = new MemoryStream(raw.Length / 2 + 64);
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }

    /// <summary>Brotli quality 5 and a 4 MB window: most of brotli's gain over gzip for about the time gzip takes at level 6.</summary>
    private static byte[] CompressBrotli(byte[] raw)
    {
        if (raw.Length == 0) return [];
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        if (!BrotliEncoder.TryCompress(raw, output, out var written, quality: 5, window: 22))
            throw new InvalidOperationException("brotli could not compress a tile into its maximum compressed length");
        return output.AsSpan(0, written).ToArray();
    }
}

/// <summary>Registration of the tile cache.</summary>
public static class TileCacheRegistration
{
    /// <summary>
    /// Registers the one <see cref="TileCache"/> (bounded by <c>FrontlineMaps:TileCacheMegabytes</c>, default 256; 0 turns it
    /// off), which keeps only the tiles of the data version served after each change of <see cref="MapSource"/> (those a write
    /// cannot have changed carried over to it).
    /// </summary>
    public static IServiceCollection AddTileCache(this IServiceCollection services) =>
        services.AddSingleton(sp =>
        {
            var megabytes = sp.GetRequiredService<IConfiguration>().GetValue<long?>("FrontlineMaps:TileCacheMegabytes") ?? 256;
            var cache = new TileCache(megabytes * 1024 * 1024);
            var source = sp.GetRequiredService<MapSource>();
            cache.MoveTo(source.Current);
            source.Changed += cache.MoveTo;
            return cache;
        });
}
