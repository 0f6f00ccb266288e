using System.IO.Compression;
using System.Net;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using FrontlineMaps.Server.Tiles;
using Microsoft.Extensions.DependencyInjection;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>The server on Kestrel over a new SQLite store with an editor key, for the tile cache as clients meet it.</summary>
public sealed class TileCacheServer : IAsyncLifetime
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flm-tilecache-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? _app;
    private string _baseUrl = "", _editor = "";

    /// <summary>The server's one tile cache.</summary>
    public TileCache Cache => _app!.Services.GetRequiredService<TileCache>();

    /// <summary>The server's map source.</summary>
    public MapSource Source => _app!.Services.GetRequiredService<MapSource>();

    /// <summary>A client, with the editor's bearer token when asked.</summary>
    public HttpClient Client(bool editor = false)
    {
        var client = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        if (editor) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _editor);
        return client;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = System.IO.Path.Combine(_directory, "store.sqlite");
        _editor = new SqliteStore(database).CreateKey("editor", ApiRole.Editor).Token;
        (_app, _baseUrl) = await KestrelServer.Start([$"--Store:Path={database}", "--Logging:LogLevel:Default=Warning"]);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }
}

public sealed class TileCacheHttpTests(TileCacheServer server) : IClassFixture<TileCacheServer>
{
    private static async Task<HttpResponseMessage> Tile(HttpClient client, string path, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_tile_not_yet_cached_encode_it_once()
    {
        using var client = server.Client();
        var before = server.Cache.Encodes;
        const string Path = "/tiles/2017-06-01/9/311/201.mvt?layers=places,territory";
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Tile(client, Path, null)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.NotEmpty(bodies[0]);
        Assert.Equal(1, server.Cache.Encodes - before);
    }

    [Fact]
    public async Task A_client_accepting_brotli_gets_brotli_that_decodes_to_the_same_tile_under_its_own_ETag()
    {
        using var client = server.Client();
        const string Path = "/tiles/2020-12-25/8/155/100.mvt";
        var identity = await Tile(client, Path, null);
        var raw = await identity.Content.ReadAsByteArrayAsync();
        Assert.NotEmpty(raw);

        var br = await Tile(client, Path, "gzip, deflate, br, zstd"); // what browsers send
        Assert.Equal(HttpStatusCode.OK, br.StatusCode);
        Assert.Equal(["br"], br.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", br.Headers.Vary);
        Assert.EndsWith("-br\"", br.Headers.ETag!.Tag);
        Assert.False(br.Headers.ETag.IsWeak);
        using var decoded = new MemoryStream();
        using (var stream = new BrotliStream(new MemoryStream(await br.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress)) stream.CopyTo(decoded);
        Assert.Equal(raw, decoded.ToArray());

        var gz = await Tile(client, Path, "gzip, br;q=0.5");
        Assert.Equal(["gzip"], gz.Content.Headers.ContentEncoding);
        Assert.Equal(3, new[] { identity.Headers.ETag!.Tag, br.Headers.ETag.Tag, gz.Headers.ETag!.Tag }.Distinct().Count());

        var again = await Tile(client, Path, "br", br.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(br.Headers.ETag.Tag, again.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task After_a_write_the_cache_holds_no_tile_of_the_previous_data_version()
    {
        using var client = server.Client();
        foreach (var path in new[] { "/tiles/2016-03-01/8/155/100.mvt", "/tiles/2016-03-01/9/308/201.mvt", "/tiles/2016-03-01/7/77/50.mvt" })
            Assert.Equal(HttpStatusCode.OK, (await Tile(client, path, "gzip")).StatusCode);
        var before = server.Source.Current.DataVersion;
        Assert.Contains(server.Cache.Keys, k => k.DataVersion == before);

        await Created(server.Client(editor: true), "/api/changes", Change("abu-qalqal", "SDF", "2020-03-05"));
        var after = server.Source.Current.DataVersion;
        Assert.NotEqual(before, after);
        Assert.DoesNotContain(server.Cache.Keys, k => k.DataVersion != after);

        Assert.Equal(HttpStatusCode.OK, (await Tile(client, "/tiles/2016-03-01/8/155/100.mvt", "gzip")).StatusCode);
        Assert.All(server.Cache.Keys, k => Assert.Equal(after, k.DataVersion));
        Assert.NotEmpty(server.Cache.Keys);
    }
}
