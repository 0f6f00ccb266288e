using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>The viewer's HTTP side: content negotiation at /, assets, /embed and oEmbed, over real HTTP to Kestrel.</summary>
[Collection(ViewerCollection.Name)]
public class ViewerHttpTests(ViewerFixture server)
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    private readonly HttpClient _http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

    private Task<HttpResponseMessage> Get(string path, string? accept = null, string? acceptEncoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task A_browser_at_the_root_gets_the_viewer_and_gis_clients_keep_the_ogc_landing_page()
    {
        var page = await Get("/?date=2019-12-02", BrowserAccept);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"fm-manifest\"", html);
        Assert.Contains("Accept", page.Headers.Vary);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        // oEmbed discovery for the page's own address
        Assert.Contains($"<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{server.BaseUrl}/oembed?url=" +
                        Uri.EscapeDataString($"{server.BaseUrl}/?date=2019-12-02").Replace("%", "%") + "&amp;format=json\"", html);

        foreach (var accept in new[] { "application/json", "*/*" })
        {
            var json = await Get("/", accept);
            Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
            Assert.Contains("conformance", await json.Content.ReadAsStringAsync());
        }
        var ogcHtml = await Get("/?f=html", BrowserAccept);
        var ogc = await ogcHtml.Content.ReadAsStringAsync();
        Assert.Equal("text/html", ogcHtml.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/collections/places/items", ogc);
        Assert.DoesNotContain("fm-manifest", ogc);
    }

    [Fact]
    public async Task Assets_have_their_content_types_are_cached_forever_and_gzipped_when_accepted()
    {
        var html = await (await Get("/", BrowserAccept)).Content.ReadAsStringAsync();
        var manifest = JsonDocument.Parse(System.Text.RegularExpressions.Regex.Match(html, "id=\"fm-manifest\" type=\"application/json\">(.*?)</script>").Groups[1].Value).RootElement;
        var expected = new Dictionary<string, string>
        {
            ["script"] = "text/javascript", ["stylesheet"] = "text/css", ["worker"] = "text/javascript", ["basemap"] = "application/json",
        };
        foreach (var (key, type) in expected)
        {
            var path = manifest.GetProperty(key).GetString()!;
            Assert.Matches(@"^/assets/[\w.-]+-[A-Za-z0-9]{8,}\.\w+$", path);
            var plain = await Get(path);
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal(type, plain.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", plain.Headers.CacheControl?.ToString().Replace("max-age=31536000, public", "public, max-age=31536000"));
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            var gz = await Get(path, acceptEncoding: "gzip, br");
            Assert.Equal("gzip", gz.Content.Headers.ContentEncoding.Single());
            Assert.True(gz.Content.Headers.ContentLength < plain.Content.Headers.ContentLength, $"{path} is smaller gzipped");
            Assert.NotEqual(plain.Headers.ETag, gz.Headers.ETag);
            var again = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
            again.Headers.IfNoneMatch.Add(plain.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(again)).StatusCode);
        }
        var font = manifest.GetProperty("fonts").GetProperty("latin").GetString()!;
        Assert.Equal("font/woff2", (await Get(font)).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/assets/nothing-here-12345678.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/assets/..%2Fviewer.html")).StatusCode);
    }

    [Fact]
    public async Task The_embed_page_is_served_to_any_client_and_may_be_framed()
    {
        var page = await Get("/embed?date=2019-12-02&controls=0");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("frame-ancestors", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'self'", (await Get("/", BrowserAccept)).Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Oembed_answers_a_viewer_link_with_a_rich_iframe_of_the_same_view()
    {
        var link = $"{server.BaseUrl}/?date=2019-12-02&map=9/35.62/36.93";
        var response = await Get("/oembed?url=" + Uri.EscapeDataString(link) + "&format=json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var o = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("1.0", o.GetProperty("version").GetString());
        Assert.Equal("rich", o.GetProperty("type").GetString());
        Assert.Equal("FrontlineMaps", o.GetProperty("provider_name").GetString());
        Assert.Equal(800, o.GetProperty("width").GetInt32());
        Assert.Equal(500, o.GetProperty("height").GetInt32());
        Assert.Contains("2 December 2019", o.GetProperty("title").GetString());
        var iframe = o.GetProperty("html").GetString()!;
        Assert.StartsWith($"<iframe src=\"{server.BaseUrl}/embed?date=2019-12-02&amp;map=9%2F35.62%2F36.93&amp;known_at=", iframe);
        Assert.Contains("width=\"800\" height=\"500\"", iframe);
        // Pinned to the last record served now, so the article keeps showing what it showed.
        using var timeline = JsonDocument.Parse(await (await Get("/api/timeline")).Content.ReadAsStringAsync());
        var recorded = timeline.RootElement.GetProperty("recorded_until").GetString()!;
        Assert.Contains("&amp;known_at=" + Uri.EscapeDataString(recorded) + "\"", iframe);
        var pinnedLink = await Get("/oembed?url=" + Uri.EscapeDataString(link + "&known_at=2020-01-01"));
        var pinnedHtml = JsonDocument.Parse(await pinnedLink.Content.ReadAsStringAsync()).RootElement.GetProperty("html").GetString()!;
        Assert.Contains("&amp;known_at=2020-01-01\"", pinnedHtml);

        var small = JsonDocument.Parse(await (await Get("/oembed?url=" + Uri.EscapeDataString(link) + "&maxwidth=400&maxheight=200")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, small.GetProperty("width").GetInt32());
        Assert.Equal(200, small.GetProperty("height").GetInt32());

        var embedLink = await Get("/oembed?url=" + Uri.EscapeDataString($"{server.BaseUrl}/embed?from=2019-11-01&to=2019-12-31&autoplay=1"));
        var embedHtml = JsonDocument.Parse(await embedLink.Content.ReadAsStringAsync()).RootElement.GetProperty("html").GetString()!;
        Assert.Contains("from=2019-11-01&amp;to=2019-12-31&amp;autoplay=1", embedHtml);
    }

    [Theory]
    [InlineData("", 400, "url")]
    [InlineData("?url=not%20a%20url", 400, "url")]
    [InlineData("?url=ftp%3A%2F%2Fexample.org%2F", 400, "url")]
    [InlineData("?url=https%3A%2F%2Fexample.org%2F%3Fdate%3D2019-12-02", 404, "url")]
    [InlineData("?url={self}%2Fcollections", 404, "url")]
    [InlineData("?url={self}%2F%3Fdate%3D2019-02-30", 400, "url")]
    [InlineData("?url={self}%2F%3Fdate%3D1990-01-01", 422, "url")]
    [InlineData("?url={self}%2F%3Fknown_at%3Dsoon", 400, "url")]
    [InlineData("?url={self}%2F&maxwidth=wide", 400, "maxwidth")]
    [InlineData("?url={self}%2F&maxheight=0", 400, "maxheight")]
    [InlineData("?url={self}%2F&format=xml", 501, "format")]
    [InlineData("?url={self}%2F&format=yaml", 400, "format")]
    [InlineData("?url={self}%2F&callback=x", 400, "callback")]
    public async Task Bad_oembed_requests_get_a_problem_naming_the_parameter(string query, int status, string parameter)
    {
        var response = await Get("/oembed" + query.Replace("{self}", Uri.EscapeDataString(server.BaseUrl)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }
}
