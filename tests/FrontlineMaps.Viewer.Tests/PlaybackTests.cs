using System.Text.Json;
using Xunit.Abstractions;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// Playback never skips a change: at 3 months/s and 1 year/s every map change inside the played span is drawn (measured from
/// the frames the viewer drew), and the UI says when it steps change by change.
/// </summary>
[Collection(ViewerCollection.Name)]
public class PlaybackTests(ViewerFixture server, ITestOutputHelper output)
{
    /// <summary>Plays from `from` at a speed for a while; returns the states drawn, the date reached and whether the note showed.</summary>
    public static async Task<(string[] Drawn, string Reached, bool NoteShown, string[] Changes)> PlayAsync(ViewerPage v, string from, int daysPerSecond, int ms)
    {
        await v.Page.EvaluateAsync("d => window.__fm.setDate(d)", from);
        await v.SettledAsync();
        await v.Page.SelectOptionAsync("#speed", daysPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var json = await v.Page.EvaluateAsync<JsonElement>(@"async ms => {
            const fm = window.__fm, start = fm.metrics.steps.length;
            let note = false;
            const watch = setInterval(() => { if (!document.getElementById('play-note').hidden) note = true; }, 10);
            document.getElementById('play').click();
            await new Promise(r => setTimeout(r, ms));
            if (fm.playing) document.getElementById('play').click();
            clearInterval(watch);
            // the state of the date reached may still be loading: its frame counts once drawn
            await new Promise(r => { const check = () => (!window.__fmPending() && fm.map.loaded()) ? r(true) : setTimeout(check, 50); check(); });
            await new Promise(r => setTimeout(r, 100));
            return { drawn: fm.metrics.steps.slice(start).map(s => s.state), reached: fm.date, note, changes: fm.changeDates };
        }", ms);
        return (json.GetProperty("drawn").EnumerateArray().Select(e => e.GetString()!).ToArray(), json.GetProperty("reached").GetString()!,
            json.GetProperty("note").GetBoolean(), json.GetProperty("changes").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Theory]
    [InlineData(91)]
    [InlineData(365)]
    public async Task Every_change_day_in_the_played_span_is_drawn_at_speed(int daysPerSecond)
    {
        var v = await server.OpenAsync("/?date=2019-06-01&map=7/35.5/38.5");
        await v.WaitReadyAsync();
        var (drawn, reached, note, changes) = await PlayAsync(v, "2019-06-01", daysPerSecond, 6_000);
        Assert.True(string.CompareOrdinal(reached, "2019-06-01") > 0, "playback moved");
        var inSpan = changes.Where(c => string.CompareOrdinal(c, "2019-06-01") > 0 && string.CompareOrdinal(c, reached) <= 0).ToArray();
        Assert.NotEmpty(inSpan);
        var missed = inSpan.Except(drawn).ToArray();
        output.WriteLine($"{daysPerSecond} days/s: reached {reached}; {inSpan.Length} changes in the span, drawn {drawn.Distinct().Count()} states");
        Assert.True(missed.Length == 0, "changes never drawn: " + string.Join(", ", missed));
        Assert.True(note, "the UI said it steps change by change");
        Walk.NoProblems(v);
    }
}
