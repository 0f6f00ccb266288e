using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// The real server on Kestrel (127.0.0.1, free port) over a new SQLite store in a temp directory, seeded from data/ on first
/// start, with one key per role made in the store before start (as <c>frontline keys create</c> does).
/// </summary>
public class SqliteWriteServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>A temp directory removed at the end.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "flm-write-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(Directory, "store.sqlite");

    /// <summary>Base address without trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Tokens by name: editor, editor2, reviewer, admin, revoked.</summary>
    public Dictionary<string, string> Tokens { get; } = [];

    /// <summary>The server's map source (to read its data version).</summary>
    public MapSource Source => _app!.Services.GetRequiredService<MapSource>();

    /// <summary>The server's services (its tile cache, ...).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Extra configuration switches.</summary>
    protected virtual string[] Args => [];

    /// <summary>Changes to the host before it is built (e.g. logging providers).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var store = new SqliteStore(DatabasePath);
        foreach (var (name, role) in new[] { ("editor", ApiRole.Editor), ("editor2", ApiRole.Editor), ("reviewer", ApiRole.Reviewer), ("admin", ApiRole.Admin), ("revoked", ApiRole.Admin) })
            Tokens[name] = store.CreateKey(name, role).Token;
        store.RevokeKey("revoked");
        (_app, BaseUrl) = await KestrelServer.Start([$"--Store:Path={DatabasePath}", "--Logging:LogLevel:Default=Warning", .. Args], Configure);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }

    /// <summary>A client with the base address and, when given, the bearer token of <paramref name="key"/>.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[key]);
        return client;
    }
}

/// <summary>HTTP helpers for the write tests.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> Post(HttpClient client, string url, string json, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json) };
        configure?.Invoke(request);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response, doc.RootElement.Clone());
    }

    /// <summary>POSTs and asserts 201; returns the body.</summary>
    public static async Task<JsonElement> Created(HttpClient client, string url, string json, Action<HttpRequestMessage>? configure = null)
    {
        var (response, body) = await Post(client, url, json, configure);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: expected 201, got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>POSTs and asserts a problem with <paramref name="status"/> naming <paramref name="parameter"/>.</summary>
    public static async Task<JsonElement> Problem(HttpClient client, string url, string json, int status, string parameter, Action<HttpRequestMessage>? configure = null)
    {
        var (response, body) = await Post(client, url, json, configure);
        Assert.True((int)response.StatusCode == status, $"POST {url}: expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    public static async Task<JsonElement> Get(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>The properties of a place on a date (optionally as known at an instant), through OGC API Features.</summary>
    public static async Task<JsonElement> PlaceOn(HttpClient client, string place, string date, string? knownAt = null) =>
        (await Get(client, $"/collections/places/items/{place}?datetime={date}" + (knownAt is null ? "" : "&known_at=" + Uri.EscapeDataString(knownAt))))
            .GetProperty("properties");

    /// <summary>The tile at zoom <paramref name="z"/> that holds a place, from the place's point as the server serves it.</summary>
    public static async Task<Core.Encoders.Mvt.TileId> TileOf(HttpClient client, string place, int z)
    {
        var coordinates = (await Get(client, $"/collections/places/items/{place}")).GetProperty("geometry").GetProperty("coordinates");
        return Core.Encoders.Mvt.WebMercator.TileAt(coordinates[0].GetDouble(), coordinates[1].GetDouble(), z);
    }

    /// <summary>A change body.</summary>
    public static string Change(string place, string faction, string date, string status = "claimed", string kind = "capture", string source = "aranews-2015-10-14-aleppo", string extra = "") =>
        $$"""{"place":"{{place}}","faction":"{{faction}}","valid_from":"{{date}}","kind":"{{kind}}","status":"{{status}}","sources":[{"source":"{{source}}"}]{{extra}}}""";
}
