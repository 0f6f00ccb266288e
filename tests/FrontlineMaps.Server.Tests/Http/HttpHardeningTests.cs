using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FrontlineMaps.Server.Tests.Http;

/// <summary>
/// Issue 15, items 8, 9 and 11, through real HTTP on Kestrel: HEAD wherever GET works, CORS preflights, security headers on
/// HTML and SVG, problem documents (or an HTML page) for unknown routes, and problem types.
/// </summary>
public class HttpHardeningTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private HttpClient Client() => new() { BaseAddress = new Uri(server.BaseUrl) };

    public static TheoryData<string> GetPaths() =>
    [
        "/", "/?f=html", "/conformance", "/api", "/api?f=html", "/collections", "/collections/places", "/collections/places/items",
        "/collections/places/items/ejaz-idlib", "/collections/changes/items?f=csv", "/snapshots/2019-12-02.svg",
        "/snapshots/2019-12-02.geojson", "/api/timeline", "/health", "/api/changes.csv", "/api/changes.atom",
        "/api/places/ejaz-idlib/history", "/api/places/ejaz-idlib", "/tiles/2019-12-02.json", "/tiles/latest.json",
        "/oembed",
    ];

    [Theory]
    [MemberData(nameof(GetPaths))]
    public async Task HEAD_answers_like_GET_without_a_body(string path)
    {
        using var client = Client();
        var url = path == "/oembed" ? $"/oembed?url={Uri.EscapeDataString(server.BaseUrl + "/embed?date=2019-12-02")}" : path;
        using var get = await client.GetAsync(url);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.True(get.IsSuccessStatusCode, $"GET {url}: {(int)get.StatusCode}");
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_and_GET_share_one_keep_alive_connection_cleanly()
    {
        // A body sent after a HEAD response would be read as the next response: two requests on one socket prove it is not.
        var uri = new Uri(server.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var requests = $"HEAD /api/timeline HTTP/1.1\r\nHost: {uri.Authority}\r\n\r\nGET /health HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var all = await reader.ReadToEndAsync();
        var second = all.IndexOf("HTTP/1.1 ", 1, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", all);
        Assert.True(second > 0, all);
        Assert.DoesNotContain("\"first_date\"", all[..second]);
        Assert.StartsWith("HTTP/1.1 200", all[second..]);
        Assert.Contains("\"status\"", all[second..]);
    }

    [Theory]
    [InlineData("/api/timeline", "GET", "If-None-Match")]
    [InlineData("/tiles/2019-12-02/8/152/102.mvt", "GET", "If-None-Match")]
    [InlineData("/collections/places/items", "GET", "Authorization")]
    [InlineData("/api/changes", "POST", "Authorization, Content-Type, Idempotency-Key, If-Match")]
    [InlineData("/api/places", "POST", "authorization,content-type")]
    public async Task A_cors_preflight_allows_the_requested_headers_and_may_be_cached(string path, string method, string headers)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://newsroom.example");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").SelectMany(v => v.Split(',')).Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        foreach (var h in headers.Split(',', StringSplitOptions.TrimEntries)) Assert.Contains(h.ToLowerInvariant(), allowed);
        Assert.Contains(method, response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("7200", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_cross_origin_response_exposes_the_headers_scripts_need()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/timeline");
        request.Headers.Add("Origin", "https://newsroom.example");
        using var response = await client.SendAsync(request);
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").Single();
        foreach (var h in new[] { "ETag", "Link", "Location", "Retry-After", "X-Data-Version" }) Assert.Contains(h, exposed);
    }

    [Theory]
    [InlineData("/?f=html")]
    [InlineData("/collections?f=html")]
    [InlineData("/collections/places?f=html")]
    [InlineData("/collections/places/items?f=html")]
    [InlineData("/collections/places/items/ejaz-idlib?f=html")]
    [InlineData("/conformance?f=html")]
    [InlineData("/api?f=html")]
    public async Task OGC_html_pages_carry_a_content_security_policy_nosniff_and_deny_framing(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task An_svg_snapshot_carries_a_policy_without_scripts_and_nosniff()
    {
        using var client = Client();
        using var response = await client.GetAsync("/snapshots/2019-12-02.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_viewer_keeps_its_own_policy()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/embed");
        request.Headers.Add("Accept", "text/html");
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound) return; // the viewer bundle is not built in this checkout
        Assert.DoesNotContain("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task An_unknown_route_asked_for_html_gets_an_html_404_page()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("404 Not Found", html);
        Assert.DoesNotContain("Status Code:", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/no/such/page", null, 404, "path")]
    [InlineData("/no/such/page", "application/json", 404, "path")]
    [InlineData("/no/such/page", "image/png", 404, "path")]
    public async Task An_unknown_route_gets_a_problem_document(string path, string? accept, int status, string parameter)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.Add("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.StartsWith("https://", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_wrong_method_gets_a_405_problem_document()
    {
        using var client = Client();
        using var response = await client.DeleteAsync("/api/timeline");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("method", problem.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_nul_in_the_path_is_refused_with_400_and_the_server_goes_on()
    {
        // Kestrel refuses %00 in a request target itself, before any application code runs, with an empty 400 and no hook to
        // give it a body (aspnet/KestrelHttpServer#2947); docs/api.md says so. What the server owns: no 5xx, and it serves on.
        using var client = Client();
        using var response = await client.GetAsync("/collections/places/items/a%00b");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var next = await Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_query_value_with_a_nul_gets_a_problem_document()
    {
        using var client = Client();
        using var response = await client.GetAsync("/collections/places/items?datetime=2019%00-12-02");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
