using System.Net;
using System.Text.Json;
using FrontlineMaps.Server.Tests.Write;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Http;

/// <summary>
/// Dated tiles, TileJSON and snapshots over real HTTP (Kestrel, a SQLite store, real API keys): immutable only with the current
/// <c>?v=</c>; without it a minute and a strong ETag; after a write about a past date an old <c>v</c> redirects to the new one.
/// </summary>
public class VersionedCachingTests(SqliteWriteServer server) : IClassFixture<SqliteWriteServer>
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string ShortLived = "public, max-age=60";

    // The Idlib tile at zoom 8 holding Ejaz (36.63 E, 35.93 N), and a date its map is shown for.
    private const string Tile = "/tiles/2019-12-02/8/154/100.mvt";
    private const string OgcTile = "/collections/map/tiles/WebMercatorQuad/8/100/154?datetime=2019-12-02";

    /// <summary>Dated URLs and their query without <c>v</c> (each gets <c>v</c> appended with '?' or '&amp;').</summary>
    public static TheoryData<string> DatedUrls => new()
    {
        Tile, Tile + "?layers=places", OgcTile, "/tiles/2019-12-02.json", "/tiles/latest.json",
        "/snapshots/2019-12-02.geojson", "/snapshots/2019-12-02.geojson?layer=territory", "/snapshots/2019-12-02.svg?width=400",
    };

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };

    private static string With(string url, string query) => url + (url.Contains('?') ? "&" : "?") + query;

    private async Task<string> Token(HttpClient client) => (await Get(client, "/api/timeline")).GetProperty("url_version").GetString()!;

    [Fact]
    public async Task The_timeline_gives_the_URL_version_token_and_the_last_recording_instant()
    {
        using var client = server.Client();
        var timeline = await Get(client, "/api/timeline");
        var token = timeline.GetProperty("url_version").GetString()!;
        Assert.Equal(server.Source.Current.ETagToken, token);
        Assert.Matches("^[A-Za-z0-9._-]{1,64}$", token);
        var recorded = DateTimeOffset.Parse(timeline.GetProperty("recorded_until").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(server.Source.Current.Timeline.Log.Max(c => c.RecordedAt), recorded);
        var then = await Get(client, "/api/timeline?known_at=2026-11-22T00:00:05.5Z"); // between two records
        Assert.Equal("2026-11-22T00:00:05Z", then.GetProperty("recorded_until").GetString());
    }

    [Theory]
    [MemberData(nameof(DatedUrls))]
    public async Task A_dated_URL_without_v_lives_a_minute_with_a_strong_ETag_and_revalidates_to_304(string url)
    {
        using var client = NoRedirects();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ShortLived, response.Headers.CacheControl!.ToString());
        if (url.Contains(".json")) return; // TileJSON is small and has no ETag
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(ShortLived, revalidated.Headers.CacheControl!.ToString());
    }

    [Theory]
    [MemberData(nameof(DatedUrls))]
    public async Task A_dated_URL_with_the_current_v_is_immutable_and_serves_the_same_content(string url)
    {
        using var client = NoRedirects();
        var token = await Token(client);
        var plain = await client.GetAsync(url);
        var versioned = await client.GetAsync(With(url, "v=" + token));
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal(Immutable, versioned.Headers.CacheControl!.ToString());
        Assert.Equal(plain.Headers.ETag, versioned.Headers.ETag);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await versioned.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(DatedUrls))]
    public async Task A_malformed_v_is_a_400_naming_v(string url)
    {
        using var client = NoRedirects();
        foreach (var bad in new[] { "v=", "v=%22abc%22", "v=a%2Fb", "v=" + new string('a', 65), "v=a&v=a" })
        {
            var response = await client.GetAsync(With(url, bad));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("v", doc.RootElement.GetProperty("parameter").GetString());
        }
    }

    [Fact]
    public async Task TileJSON_lists_tile_URLs_with_the_current_v_and_known_at_and_is_short_lived()
    {
        using var client = NoRedirects();
        var token = await Token(client);
        var response = await client.GetAsync("/tiles/2019-12-02.json?known_at=2026-11-22T00:00:05Z");
        Assert.Equal(ShortLived, response.Headers.CacheControl!.ToString());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var tiles = doc.RootElement.GetProperty("tiles")[0].GetString()!;
        Assert.Equal($"{server.BaseUrl}/tiles/2019-12-02/{{z}}/{{x}}/{{y}}.mvt?v={token}&known_at=2026-11-22T00%3A00%3A05Z", tiles);

        // The URL it lists is served, immutable.
        var tile = await client.GetAsync(tiles.Replace("{z}", "8").Replace("{x}", "154").Replace("{y}", "100"));
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        Assert.Equal(Immutable, tile.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Known_at_alone_does_not_pin_a_URL_because_recorded_at_is_the_writers_clock()
    {
        using var client = NoRedirects();
        var token = await Token(client);
        var pinnedByTime = await client.GetAsync(Tile + "?known_at=2026-11-22T00:00:05Z");
        Assert.Equal(HttpStatusCode.OK, pinnedByTime.StatusCode);
        Assert.Equal(ShortLived, pinnedByTime.Headers.CacheControl!.ToString());
        var pinned = await client.GetAsync(Tile + "?known_at=2026-11-22T00:00:05Z&v=" + token);
        Assert.Equal(Immutable, pinned.Headers.CacheControl!.ToString());
        Assert.Equal(pinnedByTime.Headers.ETag, pinned.Headers.ETag);
    }

    [Fact]
    public async Task After_a_write_about_a_past_date_an_old_v_redirects_to_the_new_version_with_no_cache_and_new_content()
    {
        using var client = NoRedirects();
        var oldToken = await Token(client);
        string[] urls = [Tile + "?layers=places", OgcTile, "/snapshots/2019-12-02.geojson?layer=places", "/snapshots/2019-12-02.svg?width=400", "/tiles/2019-12-02.json"];
        var before = new Dictionary<string, (byte[] Body, string? ETag)>();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(With(url, "v=" + oldToken));
            Assert.Equal(Immutable, response.Headers.CacheControl!.ToString());
            before[url] = (await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag?.Tag);
        }

        // A reviewer records that the army held Ejaz on 2019-12-02: a record about a past date.
        using (var reviewer = server.Client("reviewer"))
            await Created(reviewer, "/api/changes", Change("ejaz-idlib", "SAA", "2019-12-02", status: "held", source: "globalresearch-2019-12-03-idlib"));
        var newToken = await Token(client);
        Assert.NotEqual(oldToken, newToken);

        foreach (var url in urls)
        {
            var stale = await client.GetAsync(With(url, "v=" + oldToken));
            Assert.True(stale.StatusCode == HttpStatusCode.Found, $"{url}: expected 302, got {(int)stale.StatusCode}");
            Assert.Equal("no-cache", stale.Headers.CacheControl!.ToString());
            var location = stale.Headers.Location!.OriginalString;
            Assert.Equal(With(url, "v=" + newToken), location); // every other parameter kept, in order

            var current = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, current.StatusCode);
            Assert.Equal(Immutable, current.Headers.CacheControl!.ToString());
            var body = await current.Content.ReadAsByteArrayAsync();
            Assert.NotEqual(before[url].Body, body);
            if (before[url].ETag is { } oldETag) Assert.NotEqual(oldETag, current.Headers.ETag!.Tag);
        }

        // The places now say so, and the v given first in a query is replaced where it stands.
        var places = await client.GetAsync($"/snapshots/2019-12-02.geojson?v={newToken}");
        using var doc = JsonDocument.Parse(await places.Content.ReadAsStringAsync());
        var ejaz = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "ejaz-idlib");
        Assert.Equal("SAA", ejaz.GetProperty("properties").GetProperty("faction").GetString());
        var reordered = await client.GetAsync($"/snapshots/2019-12-02.svg?v={oldToken}&width=400");
        Assert.Equal($"/snapshots/2019-12-02.svg?v={newToken}&width=400", reordered.Headers.Location!.OriginalString);

        // A map on another site follows the redirect too: it carries the CORS headers.
        using var crossOrigin = new HttpRequestMessage(HttpMethod.Get, $"{Tile}?v={oldToken}");
        crossOrigin.Headers.Add("Origin", "https://news.example.org");
        var crossed = await client.SendAsync(crossOrigin);
        Assert.Equal(HttpStatusCode.Found, crossed.StatusCode);
        Assert.Equal("*", crossed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // HEAD is redirected the same way; a client that follows redirects gets the current tile.
        using var head = new HttpRequestMessage(HttpMethod.Head, $"{Tile}?v={oldToken}");
        Assert.Equal(HttpStatusCode.Found, (await client.SendAsync(head)).StatusCode);
        using var following = server.Client();
        var followed = await following.GetAsync($"{Tile}?layers=places&v={oldToken}");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(Immutable, followed.Headers.CacheControl!.ToString());
        Assert.Equal(await (await client.GetAsync($"{Tile}?layers=places&v={newToken}")).Content.ReadAsByteArrayAsync(),
            await followed.Content.ReadAsByteArrayAsync());
    }
}
