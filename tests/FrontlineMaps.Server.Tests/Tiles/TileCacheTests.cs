using System.IO.Compression;
using FrontlineMaps.Server.Tiles;

namespace FrontlineMaps.Server.Tests.Tiles;

public sealed class TileCacheTests
{
    private static TileCache.Key KeyAt(int x, string version = "v1") => new(version, 0, 42, 10, x, 7);

    private static byte[] Tile(int seed, int length = 3000) =>
        Enumerable.Range(0, length).Select(i => (byte)((i * 31 + seed) % 7)).ToArray();

    /// <summary>What a 3,000-byte tile is charged.</summary>
    private static long CostOfTile => new TileCache.Entry(Tile(0)).Cost;

    [Fact]
    public void A_second_request_for_the_same_key_is_served_without_encoding_again()
    {
        var cache = new TileCache(1 << 20);
        var encodes = 0;
        var first = cache.GetOrAdd(KeyAt(1), () => { encodes++; return Tile(1); });
        var second = cache.GetOrAdd(KeyAt(1), () => { encodes++; return Tile(2); });
        Assert.Equal(1, encodes);
        Assert.Equal(1, cache.Encodes);
        Assert.Same(first, second);
        Assert.Equal(Tile(1), second.Raw);
    }

    [Fact]
    public async Task Concurrent_misses_on_one_key_wait_for_a_single_encode()
    {
        var cache = new TileCache(1 << 20);
        var encodes = 0;
        const int Callers = 8;
        using var start = new Barrier(Callers);
        var calls = Enumerable.Range(0, Callers).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return cache.GetOrAdd(KeyAt(1), () =>
            {
                Interlocked.Increment(ref encodes);
                Thread.Sleep(300); // long enough for every caller to arrive while the encode runs
                return Tile(1);
            });
        }, TaskCreationOptions.LongRunning)).ToArray();
        var entries = await Task.WhenAll(calls);
        Assert.Equal(1, encodes);
        Assert.Equal(1, cache.Encodes);
        Assert.All(entries, e => Assert.Same(entries[0], e));
    }

    [Fact]
    public async Task A_failed_encode_fails_every_caller_waiting_on_it_and_the_next_request_encodes_again()
    {
        var cache = new TileCache(1 << 20);
        using var start = new Barrier(2);
        var calls = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return cache.GetOrAdd(KeyAt(1), () => { Thread.Sleep(200); throw new InvalidOperationException("broken"); });
        }, TaskCreationOptions.LongRunning)).ToArray();
        foreach (var call in calls) await Assert.ThrowsAsync<InvalidOperationException>(() => call);
        Assert.Equal(0, cache.Count);
        Assert.Equal(Tile(2), cache.GetOrAdd(KeyAt(1), () => Tile(2)).Raw);
    }

    [Fact]
    public void The_gzip_and_brotli_forms_decode_to_the_raw_tile_and_are_made_once()
    {
        var entry = new TileCache(1 << 20).GetOrAdd(KeyAt(1), () => Tile(3));
        Assert.Same(entry.Gzip, entry.Gzip);
        Assert.Same(entry.Brotli, entry.Brotli);
        Assert.Equal(Tile(3), Decode(new GZipStream(new MemoryStream(entry.Gzip), CompressionMode.Decompress)));
        Assert.Equal(Tile(3), Decode(new BrotliStream(new MemoryStream(entry.Brotli), CompressionMode.Decompress)));
    }

    [Fact]
    public void An_empty_tile_has_empty_raw_gzip_and_brotli_bytes()
    {
        var entry = new TileCache(1 << 20).GetOrAdd(KeyAt(1), () => []);
        Assert.True(entry.IsEmpty);
        Assert.Empty(entry.Raw);
        Assert.Empty(entry.Gzip);
        Assert.Empty(entry.Brotli);
    }

    [Fact]
    public void A_cache_bounded_at_zero_bytes_encodes_every_request_and_holds_nothing()
    {
        var cache = new TileCache(0);
        var encodes = 0;
        for (var i = 0; i < 3; i++) Assert.Equal(Tile(1), cache.GetOrAdd(KeyAt(1), () => { encodes++; return Tile(1); }).Raw);
        Assert.Equal(3, encodes);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void When_the_byte_bound_is_reached_the_least_recently_used_tile_leaves_first()
    {
        var cache = new TileCache(2 * CostOfTile + CostOfTile / 2); // two 3,000-byte tiles fit, three do not
        cache.GetOrAdd(KeyAt(0), () => Tile(0));
        cache.GetOrAdd(KeyAt(1), () => Tile(1));
        cache.GetOrAdd(KeyAt(0), () => Tile(0)); // 0 is now more recent than 1
        cache.GetOrAdd(KeyAt(2), () => Tile(2));
        Assert.Equal([KeyAt(2), KeyAt(0)], cache.Keys);
        Assert.Equal(2 * CostOfTile, cache.Bytes);
        var encodes = 0;
        cache.GetOrAdd(KeyAt(1), () => { encodes++; return Tile(1); });
        Assert.Equal(1, encodes);
    }

    [Fact]
    public void The_bound_counts_bytes_so_one_large_tile_displaces_several_small_ones()
    {
        var small = new TileCache.Entry(Tile(0, 1000)).Cost;
        var cache = new TileCache(4 * small);
        for (var x = 0; x < 4; x++) cache.GetOrAdd(KeyAt(x), () => Tile(x, 1000));
        Assert.Equal(4, cache.Count);
        cache.GetOrAdd(KeyAt(9), () => Tile(9, 2500)); // charged more than two small tiles
        Assert.Equal([KeyAt(9), KeyAt(3)], cache.Keys);
        Assert.True(cache.Bytes <= 4 * small);
    }

    [Fact]
    public void A_tile_larger_than_the_whole_bound_is_served_but_not_held()
    {
        var cache = new TileCache(CostOfTile - 1);
        Assert.Equal(Tile(1), cache.GetOrAdd(KeyAt(1), () => Tile(1)).Raw);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void After_a_version_change_no_tile_of_another_version_is_held()
    {
        var cache = new TileCache(1 << 20);
        for (var x = 0; x < 3; x++) cache.GetOrAdd(KeyAt(x, "v1"), () => Tile(x));
        cache.GetOrAdd(KeyAt(5, "v2"), () => Tile(5));
        cache.RetainOnly("v2");
        Assert.Equal([KeyAt(5, "v2")], cache.Keys);
        Assert.Equal(CostOfTile, cache.Bytes);
        cache.GetOrAdd(KeyAt(6, "v1"), () => Tile(6)); // a request still holding the old state
        Assert.Equal([KeyAt(5, "v2")], cache.Keys);
    }

    [Fact]
    public async Task An_encode_of_the_old_version_finishing_after_the_change_is_not_stored()
    {
        var cache = new TileCache(1 << 20);
        using var encoding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var old = Task.Run(() => cache.GetOrAdd(KeyAt(1, "v1"), () => { encoding.Set(); release.Wait(); return Tile(1); }));
        encoding.Wait();
        cache.RetainOnly("v2");
        release.Set();
        Assert.Equal(Tile(1), (await old).Raw);
        Assert.Empty(cache.Keys);
        Assert.Equal(0, cache.Bytes);
    }

    private static byte[] Decode(Stream stream)
    {
        using (stream)
        {
            using var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }
}
