using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FrontlineMaps.Cli;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Storage.Postgres;
using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// Two servers (two Kestrel hosts on their own 127.0.0.1 ports, each with its own store instance, map and caches) on one
/// throwaway PostgreSQL database, with keys made by <c>frontline keys create</c>: what one writes the other serves within a
/// second, and If-Match holds across them.
/// </summary>
public sealed class TwoServersOnPostgresTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Place = "abu-qalqal";
    private readonly List<WebApplication> _apps = [];
    private PostgresCluster? _cluster;
    private string? _database;
    private string _connectionString = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        if (_database is not null) _cluster!.DropDatabase(_database);
    }

    private string Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = FrontlineCommand.Run([.. args, "--Store:Provider=postgres", $"--Store:ConnectionString={_connectionString}"], stdout, stderr);
        Assert.True(code == 0, $"frontline {string.Join(' ', args)} exited with {code}: {stderr}");
        return stdout.ToString().Trim();
    }

    private async Task<(WebApplication App, HttpClient Reader)> StartServer()
    {
        var (app, url) = await KestrelServer.Start(["--Store:Provider=postgres", $"--Store:ConnectionString={_connectionString}",
            "--Logging:LogLevel:Default=Warning"]);
        _apps.Add(app);
        return (app, new HttpClient { BaseAddress = new Uri(url) });
    }

    private static HttpClient WithKey(HttpClient reader, string token)
    {
        var client = new HttpClient { BaseAddress = reader.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Polls <paramref name="url"/> on a server until <paramref name="done"/> holds; returns how long that took.</summary>
    private static async Task<TimeSpan> Until(HttpClient client, string url, Func<HttpResponseMessage, string, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(url);
            if (done(response, await response.Content.ReadAsStringAsync())) return clock.Elapsed;
            Assert.True(clock.Elapsed < limit, $"GET {url}: not there after {limit.TotalSeconds} s (last status {(int)response.StatusCode})");
            await Task.Delay(5);
        }
    }

    /// <summary>Waits (up to a second) until both servers give <paramref name="url"/> the same ETag; returns it.</summary>
    private static async Task<string> SameETag(HttpClient a, HttpClient b, string url)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var tagA = (await a.GetAsync(url)).Headers.ETag?.Tag;
            var tagB = (await b.GetAsync(url)).Headers.ETag?.Tag;
            if (tagA is not null && tagA == tagB) return tagA;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"GET {url}: the servers disagree after a second ({tagA} and {tagB})");
            await Task.Delay(5);
        }
    }

    [SkippableFact]
    public async Task A_write_on_one_server_is_served_by_the_other_within_a_second_and_If_Match_holds_across_them()
    {
        _cluster = PostgresCluster.Instance;
        _database = _cluster.CreateDatabase();
        _connectionString = _cluster.ConnectionString(_database);

        // The operator makes the keys with the CLI against the empty database: it creates the schema and seeds it from data/.
        var editorToken = Cli("keys", "create", "--role", "editor", "--name", "editor-pg");
        var reviewerToken = Cli("keys", "create", "--role", "reviewer", "--name", "reviewer-pg");
        Assert.Contains("reviewer-pg", Cli("keys", "list"));

        var startA = StartServer();
        var startB = StartServer();
        var (appA, readerA) = await startA;
        var (appB, readerB) = await startB;
        Assert.NotEqual(readerA.BaseAddress, readerB.BaseAddress);
        Assert.NotSame(appA.Services.GetRequiredService<MapSource>().Store, appB.Services.GetRequiredService<MapSource>().Store);
        Assert.True(appB.Services.GetRequiredService<PostgresRefresher>().Listener?.IsListening, "server B listens for changes");
        using var editorA = WithKey(readerA, editorToken);
        using var reviewerB = WithKey(readerB, reviewerToken);

        var (z, x, y) = await TileOf(readerB, Place, 9);
        var tile = $"/tiles/2020-03-01/{z}/{x}/{y}.mvt";
        var tileBefore = (await readerB.GetAsync(tile)).Headers.ETag?.Tag;
        Assert.NotNull(tileBefore);

        // 1. An editor's claim written on A: B serves the record, the place's new state and new tiles.
        var claim = (await Created(editorA, "/api/changes", Change(Place, "SDF", "2020-03-01"))).GetProperty("changes")[0];
        var claimId = claim.GetProperty("id").GetString()!;
        var visible = await Until(readerB, $"/collections/changes/items/{claimId}", (r, _) => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        output.WriteLine($"claim written on A, served by B after {visible.TotalMilliseconds:F0} ms");
        Assert.True(visible < TimeSpan.FromSeconds(1), $"B served the write after {visible.TotalMilliseconds:F0} ms");
        Assert.Equal("claimed", (await PlaceOn(readerB, Place, "2020-03-01")).GetProperty("status").GetString());
        Assert.NotEqual(tileBefore, (await readerB.GetAsync(tile)).Headers.ETag?.Tag);
        Assert.Contains(claimId, await readerB.GetStringAsync($"/api/places/{Place}/history"));

        // 2. The reviewer's key (made by the CLI) confirms it on B; A serves the confirmation within a second.
        var review = (await Created(reviewerB, $"/api/changes/{claimId}/review", """{"verdict":"confirmed"}""")).GetProperty("changes")[0];
        Assert.Equal("reviewer-pg", review.GetProperty("recorded_by").GetString());
        var back = await Until(readerA, $"/collections/places/items/{Place}?datetime=2020-03-01",
            (r, body) => r.IsSuccessStatusCode && body.Contains("\"status\":\"held\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        output.WriteLine($"review written on B, served by A after {back.TotalMilliseconds:F0} ms");
        Assert.True(back < TimeSpan.FromSeconds(1), $"A served the review after {back.TotalMilliseconds:F0} ms");

        // 3. Two writes about one place, planned against the same version, sent to A and B at once: the database lets one
        // through, the other gets 412 (whether its server had already seen the first write or not), and only one is stored.
        using var editorB = WithKey(readerB, editorToken);
        int AboutDana(WebApplication app) => app.Services.GetRequiredService<MapSource>().Refresh().Dataset.Changes.Count(c => c.PlaceId == "ad-dana");
        var before = AboutDana(appB);
        var refusedByDatabase = 0;
        for (var round = 0; round < 5; round++)
        {
            // Both servers serve the same version of the place (the previous round's write reached both)...
            var etag = await SameETag(readerA, readerB, "/api/places/ad-dana");
            void IfMatch(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("If-Match", etag);
            var onA = Post(editorA, "/api/changes", Change("ad-dana", "SAA", $"2020-08-{round + 1:00}"), IfMatch);
            var onB = Post(editorB, "/api/changes", Change("ad-dana", "HTS", $"2020-08-{round + 1:00}"), IfMatch);
            var statuses = (await Task.WhenAll(onA, onB)).Select(r => (int)r.Response.StatusCode).Order().ToArray();
            Assert.Equal([201, 412], statuses);
            var problem = (await onA).Response.StatusCode == HttpStatusCode.PreconditionFailed ? (await onA).Body : (await onB).Body;
            Assert.Equal("If-Match", problem.GetProperty("parameter").GetString());
            // The losing server's own state either still held the old version (then the database refused the write under its
            // revision lock) or had already moved on (then its own check refused it, naming the new version).
            if (!problem.GetProperty("detail").GetString()!.Contains("(now ", StringComparison.Ordinal)) refusedByDatabase++;
        }
        output.WriteLine($"If-Match races: {refusedByDatabase} of 5 refused by the database check, the rest by the losing server's own state");
        Assert.Equal(before + 5, AboutDana(appA));
        Assert.Equal(before + 5, AboutDana(appB));
        await SameETag(readerA, readerB, "/api/places/ad-dana");
    }
}
