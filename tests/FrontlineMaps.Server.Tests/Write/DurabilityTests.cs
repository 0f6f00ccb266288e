using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// Nothing acknowledged is lost: the server runs as a child process on a SQLite store, several clients stream batched writes,
/// the server is killed with SIGKILL mid-stream, restarted on the same file, and every acknowledged write is there while every
/// batch is either wholly present or wholly absent; a retry of what was in flight with its Idempotency-Key then succeeds once.
/// Run at several kill points.
/// </summary>
public class DurabilityTests
{
    private const int Clients = 4;

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_at_several_points_and_nothing_is_half_written()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"flm-kill-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "store.sqlite");
        var tokens = Enumerable.Range(0, Clients).Select(i => new SqliteStore(db).CreateKey($"client-{i}", ApiRole.Editor).Token).ToArray();
        var places = ReportsFixture.Load().Places.Select(p => p.Id).ToArray();
        var acknowledged = new ConcurrentBag<string>();
        var sent = new ConcurrentBag<string[]>();
        var (server, url) = await StartServer(db);
        try
        {
            // Kill points: after a few, after some dozens and after a few hundred acknowledged writes since the last start.
            foreach (var (run, killAfterAcks) in new[] { (1, 15), (2, 60), (3, 150) })
            {
                var inFlight = new ConcurrentBag<(int Client, string Key, string Body, string[] Ids)>();
                await StreamAndKill(run, killAfterAcks, server, url, tokens, places, acknowledged, sent, inFlight);
                (server, url) = await StartServer(db);
                Verify(db, acknowledged, sent);
                // A client retries what was in flight at the crash with the same Idempotency-Key: it gets 201 either way (the
                // stored first response when the batch had been committed) and the batch is then present exactly once.
                foreach (var (client, key, body, ids) in inFlight)
                {
                    using var retry = new HttpClient { BaseAddress = new Uri(url) };
                    retry.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[client]);
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/changes") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", key);
                    var response = await retry.SendAsync(request);
                    Assert.True(response.StatusCode == HttpStatusCode.Created, $"retry of {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    foreach (var id in ids) acknowledged.Add(id);
                }
                Verify(db, acknowledged, sent);
                using var http = new HttpClient { BaseAddress = new Uri(url) };
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/collections/changes/items/{acknowledged.First()}")).StatusCode);
            }
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static async Task StreamAndKill(int run, int killAfterAcks, Process server, string url, string[] tokens, string[] places,
        ConcurrentBag<string> acknowledged, ConcurrentBag<string[]> sent, ConcurrentBag<(int, string, string, string[])> inFlight)
    {
        using var enoughAcks = new SemaphoreSlim(0);
        var acks = 0;
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[c]);
            for (var n = 0; ; n++)
            {
                var size = 1 + (n + c) % 3;
                var ids = Enumerable.Range(0, size).Select(k => $"k{run}-c{c}-n{n}-{k}").ToArray();
                var body = "[" + string.Join(',', ids.Select((id, k) =>
                    $$"""{"id":"{{id}}","place":"{{places[(n * 7 + c * 31 + k) % places.Length]}}","faction":"SAA","valid_from":"2020-0{{1 + k}}-{{10 + c}}","kind":"capture","status":"claimed","sources":[{"source":"aranews-2015-10-14-aleppo"}]}""")) + "]";
                sent.Add(ids);
                var key = $"r{run}-c{c}-n{n}";
                HttpResponseMessage response;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/changes") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", key);
                    response = await http.SendAsync(request);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    inFlight.Add((c, key, body, ids)); // no answer: the client does not know whether it was written
                    return; // the server is gone
                }
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                foreach (var id in ids) acknowledged.Add(id);
                if (Interlocked.Increment(ref acks) == killAfterAcks) enoughAcks.Release();
            }
        })).ToArray();

        Assert.True(await enoughAcks.WaitAsync(TimeSpan.FromSeconds(120)), $"only {acks} acknowledged writes");
        server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        await server.WaitForExitAsync();
        await Task.WhenAll(clients);
    }

    /// <summary>Opens the file as a store (which validates everything) and checks every batch.</summary>
    private static void Verify(string db, ConcurrentBag<string> acknowledged, ConcurrentBag<string[]> sent)
    {
        var present = new SqliteStore(db).Load().Changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var missing = acknowledged.Where(id => !present.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but lost: {string.Join(", ", missing.Take(10))}");
        foreach (var batch in sent)
        {
            var count = batch.Count(present.Contains);
            Assert.True(count == 0 || count == batch.Length, $"half-written batch: {string.Join(", ", batch)} ({count} of {batch.Length})");
        }
    }

    /// <summary>Starts <c>dotnet FrontlineMaps.Server.dll</c> on a free port and waits until /health answers.</summary>
    internal static async Task<(Process Process, string Url)> StartServer(string db, params string[] extra)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(db)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "FrontlineMaps.Server.dll"), "--urls", url, $"--Store:Path={db}", ReportsFixture.SeedSwitch,
                     "--RateLimits:Writes:PermitLimit=0", "--Logging:LogLevel:Default=Warning" }.Concat(extra))
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return (process, url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        string output;
        lock (log) output = log.ToString();
        throw new InvalidOperationException($"the server did not start: {output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
