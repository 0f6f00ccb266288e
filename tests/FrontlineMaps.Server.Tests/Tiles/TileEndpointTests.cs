using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using FrontlineMaps.Core.Encoders.Mvt;
using static FrontlineMaps.Server.Tests.Tiles.TileTestData;

namespace FrontlineMaps.Server.Tests.Tiles;

public class TileEndpointTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static string TilePath(DateOnly date, TileId t, string query = "") => $"/tiles/{date:yyyy-MM-dd}/{t.Z}/{t.X}/{t.Y}.mvt{query}";

    private string DataToken => factory.Services.GetRequiredService<FrontlineMaps.Server.Hosting.MapSource>().Current.ETagToken;

    private async Task<HttpResponseMessage> Get(string path, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        return await factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_dated_tile_is_a_vector_tile_with_a_strong_ETag_revalidated_after_a_minute_unless_versioned()
    {
        var response = await Get(TilePath(Idlib2019, IdlibZ8));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        var versioned = await Get(TilePath(Idlib2019, IdlibZ8, "?v=" + DataToken));
        Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl!.ToString());
        Assert.Equal(response.Headers.ETag, versioned.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        var tile = Mvt.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Encoder.Encode(IdlibZ8, Idlib2019), await (await Get(TilePath(Idlib2019, IdlibZ8))).Content.ReadAsByteArrayAsync());
        Assert.Contains(tile.Layers, l => l.Name == "places");
    }

    [Fact]
    public async Task The_ETag_is_shared_by_dates_without_a_change_between_them_and_differs_across_a_change()
    {
        var d = Idlib2019.AddDays(1);
        while (Timeline.StateKeyAt(d) != Timeline.StateKeyAt(d.AddDays(1))) d = d.AddDays(1);
        var a = await Get(TilePath(d, IdlibZ8));
        var b = await Get(TilePath(d.AddDays(1), IdlibZ8));
        Assert.Equal(a.Headers.ETag, b.Headers.ETag);

        // Ejaz changed hands on 30 November 2019 (HTS capture).
        var day = new DateOnly(2019, 11, 30);
        var before = day.AddDays(-1);
        Assert.NotEqual(Timeline.StateKeyAt(before), Timeline.StateKeyAt(day));
        var c = await Get(TilePath(before, IdlibZ8));
        var e = await Get(TilePath(day, IdlibZ8));
        Assert.NotEqual(c.Headers.ETag, e.Headers.ETag);
        Assert.NotEqual(await c.Content.ReadAsByteArrayAsync(), await e.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_answers_304_without_a_body()
    {
        var first = await Get(TilePath(Idlib2019, IdlibZ8));
        var etag = first.Headers.ETag!.Tag;
        var second = await Get(TilePath(Idlib2019, IdlibZ8), r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag!.Tag);
        var other = await Get(TilePath(Idlib2019, IdlibZ8), r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_tile_without_features_answers_204()
    {
        var response = await Get(TilePath(Idlib2019, new TileId(8, 0, 0)));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_tile_is_gzip_encoded_when_the_client_accepts_gzip_and_plain_otherwise()
    {
        var gz = await Get(TilePath(Late2020, RaqqaZ8), r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br;q=0.5"));
        Assert.Equal(["gzip"], gz.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", gz.Headers.Vary);
        using var inflated = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(await gz.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress)) stream.CopyTo(inflated);
        var plain = await Get(TilePath(Late2020, RaqqaZ8), r => r.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip;q=0, identity"));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var raw = await plain.Content.ReadAsByteArrayAsync();
        Assert.Equal(raw, inflated.ToArray());
        Assert.Equal(Encoder.Encode(RaqqaZ8, Late2020), raw);
        Assert.NotEqual(gz.Headers.ETag, plain.Headers.ETag);
    }

    [Fact]
    public async Task The_latest_tile_is_the_map_of_the_last_date_with_a_short_max_age()
    {
        var latest = await Get($"/tiles/latest/{IdlibZ8.Z}/{IdlibZ8.X}/{IdlibZ8.Y}.mvt");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("public, max-age=60", latest.Headers.CacheControl!.ToString());
        var dated = await Get(TilePath(Timeline.LastDate!.Value, IdlibZ8));
        Assert.Equal(dated.Headers.ETag, latest.Headers.ETag);
        Assert.Equal(await dated.Content.ReadAsByteArrayAsync(), await latest.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_OGC_API_Tiles_path_takes_z_y_x_and_datetime_and_serves_the_same_tile()
    {
        var ogc = await Get($"/collections/map/tiles/WebMercatorQuad/{IdlibZ8.Z}/{IdlibZ8.Y}/{IdlibZ8.X}?datetime=2019-12-02");
        Assert.Equal(HttpStatusCode.OK, ogc.StatusCode);
        var plain = await Get(TilePath(Idlib2019, IdlibZ8));
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await ogc.Content.ReadAsByteArrayAsync());
        var interval = await Get($"/collections/map/tiles/WebMercatorQuad/8/0/0?datetime=2019-01-01/2019-12-02");
        await AssertProblem(interval, 400, "datetime");
    }

    [Fact]
    public async Task Known_at_serves_the_map_as_published_then_under_its_own_ETag()
    {
        var now = await Get(TilePath(Idlib2019, IdlibZ8));
        var then = await Get(TilePath(Idlib2019, IdlibZ8, "?known_at=2019-11-30"));
        Assert.Equal(HttpStatusCode.OK, then.StatusCode);
        Assert.NotEqual(now.Headers.ETag, then.Headers.ETag);
        Assert.Equal(Encoder.Encode(IdlibZ8, Idlib2019, new DateTimeOffset(2019, 12, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1)),
            await then.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_layers_parameter_selects_layers_under_their_own_ETag()
    {
        var all = await Get(TilePath(Idlib2019, IdlibZ8));
        var some = await Get(TilePath(Idlib2019, IdlibZ8, "?layers=territory,places"));
        Assert.Equal(HttpStatusCode.OK, some.StatusCode);
        var bytes = await some.Content.ReadAsByteArrayAsync();
        Assert.Equal(["places", "territory"], Mvt.Parse(bytes).Layers.Select(l => l.Name).ToArray());
        Assert.Equal(Encoder.Encode(IdlibZ8, Idlib2019, null, TileLayers.Places | TileLayers.Territory), bytes);
        Assert.NotEqual(all.Headers.ETag, some.Headers.ETag);
        Assert.Contains(Mvt.Parse(await all.Content.ReadAsByteArrayAsync()).Layers, l => l.Name == "changes");
    }

    [Fact]
    public async Task CORS_allows_any_origin_and_exposes_the_ETag()
    {
        var response = await Get(TilePath(Idlib2019, IdlibZ8), r => r.Headers.Add("Origin", "https://example.org"));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Theory]
    [InlineData("/tiles/2019-12-02/25/0/0.mvt", 400, "z")]
    [InlineData("/tiles/2019-12-02/8/256/0.mvt", 400, "x")]
    [InlineData("/tiles/2019-12-02/8/0/-1.mvt", 400, "y")]
    [InlineData("/tiles/2019-13-45/8/0/0.mvt", 400, "date")]
    [InlineData("/tiles/1900-01-01/8/0/0.mvt", 422, "date")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?color=red", 400, "color")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?known_at=yesterday", 400, "known_at")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?layers=places,roads", 400, "layers")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?layers=places,places", 400, "layers")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?layers=", 400, "layers")]
    [InlineData("/collections/map/tiles/WebMercatorQuad/8/0/999?datetime=2019-12-02", 400, "x")]
    [InlineData("/tiles/not-a-date.json", 400, "date")]
    [InlineData("/tiles/2019-12-02.json?z=1", 400, "z")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?v=", 400, "v")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?v=abc%2Fdef", 400, "v")]
    [InlineData("/tiles/2019-12-02/8/0/0.mvt?v=a&v=b", 400, "v")]
    [InlineData("/tiles/2019-12-02.json?v=%22x%22", 400, "v")]
    [InlineData("/collections/map/tiles/WebMercatorQuad/8/0/0?datetime=2019-12-02&v=not%20a%20token", 400, "v")]
    public async Task Bad_tile_requests_are_problem_details_naming_the_parameter(string path, int status, string parameter) =>
        await AssertProblem(await Get(path), status, parameter);

    private static async Task AssertProblem(HttpResponseMessage response, int status, string parameter)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(parameter, doc.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task TileJSON_3_0_0_describes_the_layers_with_absolute_tile_urls()
    {
        var response = await Get("/tiles/2019-12-02.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        var url = root.GetProperty("tiles")[0].GetString()!;
        Assert.Equal($"http://localhost/tiles/2019-12-02/{{z}}/{{x}}/{{y}}.mvt?v={DataToken}", url);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        Assert.True(Uri.IsWellFormedUriString(url.Replace("{", "").Replace("}", ""), UriKind.Absolute));
        Assert.Equal(0, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(14, root.GetProperty("maxzoom").GetInt32());
        Assert.Equal(4, root.GetProperty("bounds").GetArrayLength());
        Assert.Equal(3, root.GetProperty("center").GetArrayLength());
        Assert.Contains("GeoNames", root.GetProperty("attribution").GetString());
        var layers = root.GetProperty("vector_layers").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Equal(["changes", "frontlines", "places", "territory"], layers.Keys.Order());
        Assert.Contains("faction", layers["places"].GetProperty("fields").EnumerateObject().Select(p => p.Name));
        Assert.Contains("area_km2", layers["territory"].GetProperty("fields").EnumerateObject().Select(p => p.Name));
        Assert.All(layers.Values, l => Assert.Equal(JsonValueKind.String, l.GetProperty("fields").EnumerateObject().First().Value.ValueKind));

        var latest = await Get("/tiles/latest.json?known_at=2020-01-01");
        using var latestDoc = JsonDocument.Parse(await latest.Content.ReadAsStringAsync());
        Assert.Equal($"http://localhost/tiles/{Timeline.LastDate:yyyy-MM-dd}/{{z}}/{{x}}/{{y}}.mvt?v={DataToken}&known_at=2020-01-01",
            latestDoc.RootElement.GetProperty("tiles")[0].GetString());
        Assert.Equal("public, max-age=60", latest.Headers.CacheControl!.ToString());
    }
}
