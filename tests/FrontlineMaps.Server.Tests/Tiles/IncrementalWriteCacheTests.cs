using System.Net;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Tests.Write;
using FrontlineMaps.Server.Tiles;
using Microsoft.Extensions.DependencyInjection;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>
/// Through real HTTP on a SQLite store: a write invalidates only what it can change. Tiles and derived maps of days before the
/// write's first day, and of knowledge views from before it was recorded, are served from the cache with the bytes a fresh
/// encode gives (and a new ETag: it names the data version); the write's own day is encoded again and shows it.
/// </summary>
public class IncrementalWriteCacheTests(SqliteWriteServer server) : IClassFixture<SqliteWriteServer>
{
    [Fact]
    public async Task After_a_write_the_tiles_of_earlier_days_and_earlier_knowledge_are_kept_and_the_write_s_day_is_encoded_again()
    {
        const string place = "ad-dumayr", early = "2016-03-01", day = "2020-09-01";
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        var cache = server.Services.GetRequiredService<TileCache>();
        var (_, x, y) = await TileOf(reader, place, 10);
        var earlyUrl = $"/tiles/{early}/10/{x}/{y}.mvt";
        var lateUrl = $"/tiles/{day}/10/{x}/{y}.mvt";
        var knownAt = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var knownUrl = $"{lateUrl}?known_at={Uri.EscapeDataString(knownAt)}";
        var (earlyBytes, earlyTag) = await Tile(reader, earlyUrl);
        var (knownBytes, _) = await Tile(reader, knownUrl);
        var (lateBytes, _) = await Tile(reader, lateUrl);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/snapshots/{early}.svg")).StatusCode); // derives territory and fronts
        await Task.Delay(1100); // the write is recorded after the known_at cut-off

        await Created(reviewer, "/api/changes", Change(place, "SDF", day, status: "held"));
        var state = server.Source.Current;
        Assert.NotNull(state.Timeline.Edit);
        Assert.True(state.Cache.Count >= 1, "the derived maps of the earlier day were not kept");
        var encodes = cache.Encodes;
        var (earlyAfter, earlyTagAfter) = await Tile(reader, earlyUrl);
        var (knownAfter, _) = await Tile(reader, knownUrl);
        Assert.Equal(encodes, cache.Encodes); // both served from the cache
        Assert.True(cache.Carried >= 2);
        Assert.Equal(earlyBytes, earlyAfter);
        Assert.Equal(knownBytes, knownAfter);
        Assert.NotEqual(earlyTag, earlyTagAfter);
        // The kept bytes are those the new state encodes.
        Assert.Equal(earlyBytes, state.TileEncoder.Encode(new TileId(10, x, y), DateOnly.Parse(early)));
        Assert.Equal(knownBytes, state.TileEncoder.Encode(new TileId(10, x, y), DateOnly.Parse(day), DateTimeOffset.Parse(knownAt)));

        var (lateAfter, _) = await Tile(reader, lateUrl);
        Assert.Equal(encodes + 1, cache.Encodes);
        Assert.NotEqual(lateBytes, lateAfter);
        var layer = Mvt.Layer(Mvt.Parse(lateAfter), "places")!;
        Assert.Equal("SDF", layer.Features.Select(f => Mvt.Attributes(layer, f)).Single(a => (string)a["id"] == place)["faction"]);
    }

    [Fact]
    public async Task After_a_write_a_tile_far_from_it_on_and_after_its_day_is_served_from_the_cache_with_the_bytes_of_a_fresh_encode()
    {
        const string place = "ad-dumayr", far = "ar-raqqah", day = "2021-06-15", later = "2023-01-10";
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        var cache = server.Services.GetRequiredService<TileCache>();
        var (_, nx, ny) = await TileOf(reader, place, 10);
        var (_, fx, fy) = await TileOf(reader, far, 10);
        // On the write's day (the state key moves to the write's own) the map layers; on a later day every layer.
        var farOnDay = $"/tiles/{day}/10/{fx}/{fy}.mvt?layers=places,territory,frontlines";
        var farLater = $"/tiles/{later}/10/{fx}/{fy}.mvt";
        var nearOnDay = $"/tiles/{day}/10/{nx}/{ny}.mvt";
        var (onDayBytes, onDayTag) = await Tile(reader, farOnDay);
        var (laterBytes, _) = await Tile(reader, farLater);
        var (nearBytes, _) = await Tile(reader, nearOnDay);

        var carried = cache.Carried;
        await Created(reviewer, "/api/changes", Change(place, "SDF", day, status: "held"));
        var state = server.Source.Current;
        Assert.True(cache.Carried >= carried + 2, "the far tiles were not kept");
        var (encodes, hits) = (cache.Encodes, cache.Hits);
        var (onDayAfter, onDayTagAfter) = await Tile(reader, farOnDay);
        var (laterAfter, _) = await Tile(reader, farLater);
        Assert.Equal(encodes, cache.Encodes); // both served from the cache
        Assert.Equal(hits + 2, cache.Hits);
        Assert.NotEqual(onDayTag, onDayTagAfter); // the ETag names the new version
        Assert.Equal(onDayBytes, onDayAfter);
        Assert.Equal(laterBytes, laterAfter);
        Assert.Null(state.TileEncoderIfBuilt); // answered from the cache, the new state's encoder was not even built
        Assert.Equal(onDayAfter, state.TileEncoder.Encode(new TileId(10, fx, fy), DateOnly.Parse(day), layers: TileLayers.Map));
        Assert.Equal(laterAfter, state.TileEncoder.Encode(new TileId(10, fx, fy), DateOnly.Parse(later)));

        // The tile of the write's place is encoded again and shows it.
        var (nearAfter, _) = await Tile(reader, nearOnDay);
        Assert.Equal(encodes + 1, cache.Encodes);
        Assert.NotEqual(nearBytes, nearAfter);
    }

    private static async Task<(byte[] Bytes, string ETag)> Tile(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag!.Tag);
    }
}
