using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Storage;
using Xunit.Abstractions;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// Measures how long a timeline step takes to reach the screen in Chromium: from setting the date to the first frame drawn
/// with the new date's map (metrics.steps[].ms), and the cost of the swap itself (swapMs: showing the loaded tiles and
/// removing the old ones, up to that frame). Figures go to TestResults/viewer/timings.txt; the tests assert only that every
/// step showed the right map (speed is reported, not asserted: the machine is shared and GL is software).
/// </summary>
public static class StepTiming
{
    /// <summary>Steps through the dates one by one, each waiting for its frame; returns the viewer's measurements.</summary>
    public static async Task<List<(string Date, string State, double Ms, double SwapMs)>> StepAsync(ViewerPage v, IEnumerable<string> dates)
    {
        var list = dates.ToArray();
        var json = await v.Page.EvaluateAsync<JsonElement>(@"async dates => {
            const out = [];
            for (const d of dates) {
                const done = new Promise(r => document.addEventListener('fm:rendered', () => r(), { once: true }));
                window.__fm.setDate(d);
                await done;
                out.push(window.__fm.metrics.steps[window.__fm.metrics.steps.length - 1]);
            }
            return out;
        }", list);
        return json.EnumerateArray().Select(s => (s.GetProperty("date").GetString()!, s.GetProperty("state").GetString()!,
            s.GetProperty("ms").GetDouble(), s.GetProperty("swapMs").GetDouble())).ToList();
    }

    /// <summary>Frame intervals (ms) while playing for a while.</summary>
    public static async Task<double[]> PlayFramesAsync(ViewerPage v, int milliseconds)
    {
        var json = await v.Page.EvaluateAsync<JsonElement>(@"async ms => {
            const gaps = []; let last = performance.now(); let on = true;
            const frame = t => { gaps.push(t - last); last = t; if (on) requestAnimationFrame(frame); };
            document.getElementById('play').click();
            requestAnimationFrame(frame);
            await new Promise(r => setTimeout(r, ms));
            on = false;
            document.getElementById('play').click();
            return gaps.slice(2);
        }", milliseconds);
        return json.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Time (ms) of one frame of the map with nothing changing: the floor under any step on this machine's GL.</summary>
    public static async Task<double[]> IdleFramesAsync(ViewerPage v, int count)
    {
        var json = await v.Page.EvaluateAsync<JsonElement>(@"async n => {
            const m = window.__fm.map, out = [];
            for (let i = 0; i < n; i++) {
                const t = performance.now();
                await new Promise(r => { m.once('render', r); m.triggerRepaint(); });
                out.push(performance.now() - t);
            }
            return out;
        }", count);
        return json.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Time (ms) the viewer's own code spent in its last <paramref name="count"/> date changes (before MapLibre draws).</summary>
    public static async Task<double[]> SyncCostAsync(ViewerPage v, int count) =>
        (await v.Page.EvaluateAsync<double[]>("n => window.__fm.metrics.sync.slice(-n)", count));

    /// <summary>"median X ms, p95 Y ms, max Z ms (n)".</summary>
    public static string Summary(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return "no samples";
        double P(double q) => v[Math.Min(v.Length - 1, (int)Math.Ceiling(q * v.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"median {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, max {v[^1]:0.0} ms (n={v.Length})");
    }

    /// <summary>Appends a line to TestResults/viewer/timings.txt and the test output.</summary>
    public static void Report(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(Artifacts.Directory, "timings.txt"), $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}\n");
    }
}

[Collection(ViewerCollection.Name)]
public class EmbeddedStepTimingTests(ViewerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_timeline_step_on_the_embedded_dataset_shows_its_map_and_is_timed()
    {
        var v = await server.OpenAsync("/?date=2015-10-14&map=7/35.5/38.5");
        await v.WaitReadyAsync();
        string[] changes = ["2015-10-14", "2019-11-30", "2019-12-01", "2020-06-19", "2020-06-20", "2020-06-21", "2020-12-24"];
        var cold = await StepTiming.StepAsync(v, changes.Skip(1));
        var warm = await StepTiming.StepAsync(v, changes.Reverse().Skip(1).Concat(changes.Skip(1)));
        var days = await StepTiming.StepAsync(v, Enumerable.Range(2, 20).Select(d => $"2019-12-{d:00}"));
        foreach (var s in cold.Concat(warm)) Assert.Equal(s.Date, s.State);         // a change date shows its own map
        foreach (var s in days) Assert.Equal("2019-12-01", s.State);               // days without records show the last map
        StepTiming.Report(output, $"embedded, change step, tiles from the server: {StepTiming.Summary(cold.Select(s => s.Ms))}; swap {StepTiming.Summary(cold.Select(s => s.SwapMs))}");
        StepTiming.Report(output, $"embedded, change step, tiles in the browser cache: {StepTiming.Summary(warm.Select(s => s.Ms))}; swap {StepTiming.Summary(warm.Select(s => s.SwapMs))}");
        StepTiming.Report(output, $"embedded, day step within one map state: {StepTiming.Summary(days.Select(s => s.Ms))}");
        StepTiming.Report(output, $"embedded, viewer code per date change: {StepTiming.Summary(await StepTiming.SyncCostAsync(v, 38))}");
        StepTiming.Report(output, $"embedded, one frame with nothing changing (GL floor): {StepTiming.Summary(await StepTiming.IdleFramesAsync(v, 20))}");
        Assert.Empty(v.Problems);
    }
}

/// <summary>A generated dataset of 10,000 places and 200,000 control changes (what `frontline generate` makes by default), served from a temporary directory.</summary>
public sealed class GeneratedDataFixture : ViewerFixture
{
    private readonly string _dir;

    /// <summary>Generates and writes the dataset.</summary>
    public GeneratedDataFixture()
    {
        _dir = Directory.CreateTempSubdirectory("fm-generated-").FullName;
        new DirectoryStore(_dir).Import(DatasetGenerator.Generate(new GeneratorOptions { Places = 10_000, Changes = 200_000, Seed = 7 }));
    }

    /// <inheritdoc />
    protected override string[] ServerArgs => [$"--FrontlineMaps:Data={_dir}"];
}

[CollectionDefinition(Name)]
public sealed class GeneratedCollection : ICollectionFixture<GeneratedDataFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "generated";
}

[Collection(GeneratedCollection.Name)]
public class GeneratedStepTimingTests(GeneratedDataFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Day_steps_over_ten_thousand_places_show_each_day_s_map_and_are_timed()
    {
        var v = await server.OpenAsync("/?date=2018-03-01&map=6.6/34.85/39");
        await v.WaitReadyAsync();
        var load = await v.Page.EvaluateAsync<double>("() => window.__fm.metrics.firstIdleMs");
        var first = await v.RenderedPlacesAsync();
        Assert.True(first.Count > 5_000, $"most of the 10,000 places are drawn ({first.Count})");
        await v.Page.WaitForFunctionAsync("() => document.querySelectorAll('#feed-list .feed-item').length > 0", null, new() { Timeout = 30_000 });
        var dates = Enumerable.Range(1, 20).Select(d => new DateOnly(2018, 3, 1).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var cold = await StepTiming.StepAsync(v, dates);
        var last = await v.RenderedPlacesAsync();
        Assert.Contains(last, p => first.TryGetValue(p.Key, out var before) && before.Faction != p.Value.Faction);
        var warm = await StepTiming.StepAsync(v, dates.Reverse().Skip(1).Concat(dates.Skip(1)));
        Assert.All(cold.Concat(warm), s => Assert.Equal(s.Date, s.State)); // every day has records: every step is a new map
        var sync = await StepTiming.SyncCostAsync(v, 58);
        var feed = await v.Page.EvaluateAsync<double[]>("n => window.__fm.metrics.feed.slice(-n)", 58);
        var request = await v.Page.EvaluateAsync<double[]>("n => window.__fm.metrics.request.slice(-n)", 58);
        Assert.True(await v.Page.Locator("#feed-list .feed-item").CountAsync() > 0, "the feed follows the steps");
        var idle = await StepTiming.IdleFramesAsync(v, 20);
        var frames = await StepTiming.PlayFramesAsync(v, 3_000);
        // playback at 1 year/s never passes over a change day (here every day has records: it steps day by day)
        var (drawn, reached, note, changes) = await PlaybackTests.PlayAsync(v, "2018-03-01", 365, 4_000);
        Assert.True(string.CompareOrdinal(reached, "2018-03-01") > 0, $"playback moved forward (reached {reached})");
        var missed = changes.Where(c => string.CompareOrdinal(c, "2018-03-01") > 0 && string.CompareOrdinal(c, reached) <= 0).Except(drawn).ToArray();
        Assert.True(missed.Length == 0, "change days never drawn: " + string.Join(", ", missed.Take(20)));
        StepTiming.Report(output, $"10,000 places, first load to idle map: {load:0} ms");
        StepTiming.Report(output, $"10,000 places, day step, tiles from the server: {StepTiming.Summary(cold.Select(s => s.Ms))}; swap {StepTiming.Summary(cold.Select(s => s.SwapMs))}");
        StepTiming.Report(output, $"10,000 places, day step, tiles in the browser cache: {StepTiming.Summary(warm.Select(s => s.Ms))}; swap {StepTiming.Summary(warm.Select(s => s.SwapMs))}");
        StepTiming.Report(output, $"10,000 places, frame interval while playing (1 month/s): {StepTiming.Summary(frames)}");
        StepTiming.Report(output, $"10,000 places, viewer code per date change (feed included): {StepTiming.Summary(sync)}");
        StepTiming.Report(output, $"10,000 places, event feed update per date change: {StepTiming.Summary(feed)}");
        StepTiming.Report(output, $"10,000 places, of which MapLibre adding the new state's source and layers: {StepTiming.Summary(request)}");
        StepTiming.Report(output, $"10,000 places, one frame with nothing changing (GL floor): {StepTiming.Summary(idle)}");
        StepTiming.Report(output, $"10,000 places, 4 s at 1 year/s reached {reached} drawing {drawn.Distinct().Count()} states (change by change: {note})");
        await v.ScreenshotAsync("viewer-generated-10000");
        Walk.NoProblems(v);
    }
}
