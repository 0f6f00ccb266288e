using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// On SQLite, over real HTTP: an idempotent replay is indistinguishable from the first response (issue 15, item 23; the
/// PostgreSQL case is in <see cref="PostgresFaultTests"/>), and a fresh server takes its first burst of concurrent writes
/// without freezing (item 25).
/// </summary>
public sealed class IdempotentReplayTests(SqliteWriteServer server, ITestOutputHelper output) : IClassFixture<SqliteWriteServer>
{
    /// <summary>The replay has the first response's status, body, Location, ETag and X-Data-Version, and says it is a replay.</summary>
    internal static void AssertSameWriteHeaders(HttpResponseMessage first, HttpResponseMessage replay)
    {
        Assert.Equal(first.StatusCode, replay.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        foreach (var name in new[] { "Location", "ETag", "X-Data-Version" })
        {
            var before = first.Headers.TryGetValues(name, out var a) ? string.Join(",", a) : null;
            Assert.False(string.IsNullOrEmpty(before), $"the first response has no {name}");
            var again = replay.Headers.TryGetValues(name, out var b) ? string.Join(",", b) : null;
            Assert.Equal(before, again);
        }
        Assert.Equal(first.Content.ReadAsStringAsync().Result, replay.Content.ReadAsStringAsync().Result);
    }

    [Fact]
    public async Task An_idempotent_replay_carries_the_first_responses_Location_ETag_and_X_Data_Version()
    {
        using var editor = server.Client("editor");
        void Key(HttpRequestMessage r) => r.Headers.Add("Idempotency-Key", "replay-headers-sqlite");
        var (first, _) = await Post(editor, "/api/changes", Change("ad-dimas", "SNA", "2019-12-20"), Key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // The ETag is the place's version after the write, as GET /api/places/{id} gives it.
        Assert.Equal(first.Headers.ETag?.Tag, (await editor.GetAsync("/api/places/ad-dimas")).Headers.ETag?.Tag);
        Assert.Equal(server.Source.Current.DataVersion, first.Headers.GetValues("X-Data-Version").Single());

        await Created(editor, "/api/changes", Change("ad-dimas", "SAA", "2019-12-22")); // moves the version on
        var (replay, _) = await Post(editor, "/api/changes", Change("ad-dimas", "SNA", "2019-12-20"), Key);
        AssertSameWriteHeaders(first, replay);
        Assert.NotEqual(server.Source.Current.DataVersion, replay.Headers.GetValues("X-Data-Version").Single());
    }

    [Fact]
    public async Task A_fresh_servers_first_burst_of_200_concurrent_writes_does_not_stall_its_reads()
    {
        using var editor = server.Client("editor2");
        using var reader = server.Client();
        var burst = await WriteBurst.Run(editor, reader, i => Change("abu-qalqal", "SDF", "2020-02-01", extra: $$""","note":"burst-{{i}}" """));
        output.WriteLine($"fresh SQLite server: {burst}");
        burst.AssertReadsNotFrozen();
    }
}

/// <summary>What a burst of concurrent writes did to a server: its own times, and the longest wait of a reader polling meanwhile.</summary>
internal sealed record WriteBurst(TimeSpan Total, TimeSpan Median, TimeSpan Slowest, TimeSpan LongestReadGap, int ThreadsBefore, int ThreadsAfter)
{
    /// <summary>Sends 200 writes at once (bodies from <paramref name="body"/>) while <paramref name="reader"/> polls <c>/health</c>.</summary>
    public static async Task<WriteBurst> Run(HttpClient editor, HttpClient reader, Func<int, string> body, int count = 200)
    {
        var threadsBefore = ThreadPool.ThreadCount;
        using var done = new CancellationTokenSource();
        var gaps = Task.Run(async () =>
        {
            var longest = TimeSpan.Zero;
            var last = Stopwatch.StartNew();
            while (!done.IsCancellationRequested)
            {
                using var response = await reader.GetAsync("/health");
                longest = longest > last.Elapsed ? longest : last.Elapsed;
                last.Restart();
                await Task.Delay(5);
            }
            return longest;
        });
        var clock = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var start = clock.Elapsed;
            await Created(editor, "/api/changes", body(i));
            return clock.Elapsed - start;
        }));
        var total = clock.Elapsed;
        await done.CancelAsync();
        var sorted = latencies.Order().ToArray();
        return new WriteBurst(total, sorted[count / 2], sorted[^1], await gaps, threadsBefore, ThreadPool.ThreadCount);
    }

    /// <summary>
    /// Reads go on while the writes queue. With writes waiting for each other on a lock (one pool thread held per waiting write),
    /// a fresh server answered nothing until the burst was over: measured here, the reader's longest wait was the whole burst
    /// (SQLite 21.4 s of 21.6 s, every write answered at the end; PostgreSQL timed out). Waiting asynchronously, it is a fraction.
    /// </summary>
    public void AssertReadsNotFrozen() =>
        Assert.True(LongestReadGap < Total / 2, $"reads were frozen for {LongestReadGap.TotalMilliseconds:F0} ms of the {Total.TotalMilliseconds:F0} ms the writes took");

    public override string ToString() =>
        $"200 concurrent writes in {Total.TotalMilliseconds:F0} ms (p50 {Median.TotalMilliseconds:F0} ms, slowest {Slowest.TotalMilliseconds:F0} ms); " +
        $"longest wait of a reader meanwhile {LongestReadGap.TotalMilliseconds:F0} ms; thread pool {ThreadsBefore} -> {ThreadsAfter} threads";
}
