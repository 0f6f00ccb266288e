using System.IO.Compression;
using FrontlineMaps.Server.Tiles;

namespace FrontlineMaps.Server.Tests.Tiles;

public sealed class TileCacheTests
{
    private static TileCache.Key KeyAt(int x) => new("v1", 0, 42, 10, x, 7);

    private static byte[] Tile(int seed, int length = 3000) =>
        Enumerable.Range(0, length).Select(i => (byte)((i * 31 + seed) % 7)).ToArray();

    [Fact]
    public void A_second_request_for_the_same_key_is_served_without_encoding_again()
    {
        var cache = new TileCache(1 << 20);
        var encodes = 0;
        var first = cache.GetOrAdd(KeyAt(1), () => { encodes++; return Tile(1); });
        var second = cache.GetOrAdd(KeyAt(1), () => { encodes++; return Tile(2); });
        Assert.Equal(1, encodes);
        Assert.Same(first, second);
        Assert.Equal(Tile(1), second.Raw);
    }

    [Fact]
    public void The_gzip_form_inflates_to_the_raw_tile_and_is_made_once()
    {
        var entry = new TileCache(1 << 20).GetOrAdd(KeyAt(1), () => Tile(3));
        var gzip = entry.Gzip;
        Assert.Same(gzip, entry.Gzip);
        using var inflate = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        Assert.Equal(Tile(3), raw.ToArray());
    }

    [Fact]
    public void An_empty_tile_has_empty_raw_and_gzip_bytes()
    {
        var entry = new TileCache(1 << 20).GetOrAdd(KeyAt(1), () => []);
        Assert.True(entry.IsEmpty);
        Assert.Empty(entry.Raw);
        Assert.Empty(entry.Gzip);
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
    public void The_oldest_tiles_leave_first_when_the_bound_is_reached()
    {
        var cache = new TileCache(10_000); // each 3,000-byte tile is charged 4,628 bytes: two fit
        for (var x = 0; x < 3; x++) cache.GetOrAdd(KeyAt(x), () => Tile(x));
        Assert.Equal(2, cache.Count);
        Assert.True(cache.Bytes <= 10_000);
        var encodes = 0;
        cache.GetOrAdd(KeyAt(2), () => { encodes++; return Tile(2); });
        Assert.Equal(0, encodes);
        cache.GetOrAdd(KeyAt(0), () => { encodes++; return Tile(0); });
        Assert.Equal(1, encodes);
    }
}
