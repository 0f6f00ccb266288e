using System.Globalization;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// Dates the records do not cover are shown as asked, with the map they stand for and a note saying so; a date that is not a
/// date gets a message and the latest date; a `known_at` view says it is the map as published then.
/// </summary>
[Collection(ViewerCollection.Name)]
public class HonestDateTests(ViewerFixture server)
{
    private static string Long(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_date_after_the_last_record_stays_as_asked_with_the_last_map_and_a_note()
    {
        var timeline = await Walk.GetJsonAsync(server.BaseUrl, "/api/timeline");
        var last = timeline.GetProperty("last_date").GetString()!;
        var after = DateOnly.ParseExact(last, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var v = await server.OpenAsync($"/?date={after}&map=7/35.5/38.5");
        await v.WaitReadyAsync();
        Assert.Equal(after, await v.DateAsync());
        Assert.Equal(Long(after), await v.Page.InnerTextAsync("#date-label"));
        Assert.Contains($"No reports after {Long(last)}", await v.Page.InnerTextAsync("#notices"));
        var changes = await v.Page.EvaluateAsync<string[]>("() => window.__fm.changeDates");
        Assert.Equal(changes[^1], await v.Page.EvaluateAsync<string>("() => window.__fm.state"));
        Assert.True((await v.RenderedPlacesAsync()).Values.Any(p => p.Status != "unknown"), "the last map is drawn");
        await Task.Delay(600); // the URL is rewritten after a pause: it keeps the date asked for
        Assert.Contains($"date={after}", v.Page.Url);
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task A_date_before_the_first_record_shows_that_date_and_no_reports_yet()
    {
        var v = await server.OpenAsync("/?date=2015-01-02&map=7/35.5/38.5");
        await v.WaitReadyAsync();
        Assert.Equal("2015-01-02", await v.DateAsync());
        Assert.Contains("No reports yet on 2 January 2015", await v.Page.InnerTextAsync("#notices"));
        Assert.All((await v.RenderedPlacesAsync()).Values, p => Assert.Equal("unknown", p.Status));
        Walk.NoProblems(v);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("2019-02-30")]
    public async Task An_invalid_date_gives_a_message_and_opens_the_latest_date(string date)
    {
        var timeline = await Walk.GetJsonAsync(server.BaseUrl, "/api/timeline");
        var v = await server.OpenAsync($"/?date={date}");
        await v.WaitReadyAsync();
        Assert.Equal(timeline.GetProperty("last_date").GetString(), await v.DateAsync());
        var alert = await v.Page.InnerTextAsync("#notices .invalid-date");
        Assert.Contains($"“{date}” is not a date", alert);
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task A_known_at_view_shows_a_banner_naming_the_publication_date()
    {
        var v = await server.OpenAsync("/?date=2019-12-02&known_at=2026-01-01");
        await v.WaitReadyAsync();
        var banner = await v.Page.InnerTextAsync("#notices .known-at");
        Assert.Contains("The map as published on 1 January 2026", banner);
        Assert.DoesNotContain("known_at", await v.Page.GetAttributeAsync("#notices .known-at a", "href") ?? "known_at");
        Walk.NoProblems(v);
    }
}
