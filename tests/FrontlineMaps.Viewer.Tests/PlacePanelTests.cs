using System.Text.Json;
using Microsoft.Playwright;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// The place panel never contradicts itself: a contest is the headline, the last undisputed holder is labelled as such, a claim
/// reads as a claim; sources are safe links or say they have none; the clicked place is ringed; hover and unknown ids.
/// Expectations are read from the API, so they hold for the small embedded dataset and the grown one.
/// </summary>
[Collection(ViewerCollection.Name)]
public class PlacePanelTests(ViewerFixture server)
{
    private const string Ejaz = "ejaz-idlib";
    private const double EjazLon = 36.928553, EjazLat = 35.623502;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(server.BaseUrl + path)).RootElement.Clone();
    }

    [Fact]
    public async Task A_contested_place_s_headline_is_the_contest_and_the_last_undisputed_holder_is_labelled()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&map=10/{EjazLat}/{EjazLon}&place={Ejaz}");
        await v.WaitReadyAsync();
        var headline = v.Page.Locator("#panel .headline");
        await headline.WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal("contested", await headline.GetAttributeAsync("data-kind"));
        var text = await headline.InnerTextAsync();
        Assert.StartsWith("Contested between ", text.Trim());
        Assert.Contains("since 1 December 2019", text);
        Assert.DoesNotContain("Hay'at Tahrir al-Sham", text); // the holder is not the headline of a contest
        var secondary = await v.Page.InnerTextAsync("#panel .secondary");
        Assert.Contains("Last undisputed holder: ", secondary);
        Assert.Contains("Hay'at Tahrir al-Sham", secondary);
        Assert.DoesNotContain("held (confirmed)", await v.Page.InnerTextAsync("#panel .place"));

        // every source with a URL is a safe link in a new tab; a source without one says so; claimants are named
        var history = await GetJsonAsync($"/api/places/{Ejaz}/history");
        var withUrl = history.GetProperty("records").EnumerateArray().SelectMany(r => r.GetProperty("sources").EnumerateArray())
            .Count(s => s.GetProperty("url").GetString() is { } u && (u.StartsWith("https://", StringComparison.Ordinal) || u.StartsWith("http://", StringComparison.Ordinal)));
        var links = v.Page.Locator("#panel .history a.source-title");
        Assert.Equal(withUrl, await links.CountAsync());
        foreach (var a in await links.AllAsync())
        {
            Assert.Matches("^https?://", await a.GetAttributeAsync("href") ?? "");
            Assert.Equal("_blank", await a.GetAttributeAsync("target"));
            Assert.Contains("noopener", await a.GetAttributeAsync("rel") ?? "");
            Assert.Contains("noreferrer", await a.GetAttributeAsync("rel") ?? "");
        }
        var unlinked = await v.Page.Locator("#panel li.source:not(:has(a))").AllAsync();
        foreach (var item in unlinked) Assert.Contains("(no link given)", await item.InnerTextAsync());
        Assert.Equal(await v.Page.Locator("#panel li.source").CountAsync(), unlinked.Count + await v.Page.Locator("#panel li.source:has(a)").CountAsync());
        Assert.Contains("claim by ", await v.Page.InnerTextAsync("#panel .history"));

        // the clicked place is ringed on the map
        await v.SettledAsync();
        Assert.Equal(1, await v.RenderedCountAsync("selected"));
        await v.ScreenshotAsync("panel-contested-1280");
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task A_claimed_state_reads_as_a_claim_with_the_last_confirmed_holder()
    {
        // a place and a day whose state (after the day's last record) is a claim of holding, found in the change feed
        using var http = new HttpClient();
        var range = await GetJsonAsync("/api/timeline");
        var csv = await http.GetStringAsync(server.BaseUrl + $"/api/changes.csv?from={range.GetProperty("first_date").GetString()}&to={range.GetProperty("last_date").GetString()}&limit=10000");
        var rows = csv.Split('\n').Skip(1).Where(l => l.Contains(",claimed,held,", StringComparison.Ordinal)).Select(l => l.Split(','));
        (string Place, string Day, JsonElement State)? found = null;
        foreach (var r in rows)
        {
            var place = r[1];
            var history = await GetJsonAsync($"/api/places/{place}/history");
            var records = history.GetProperty("records").EnumerateArray().ToList();
            foreach (var rec in records)
            {
                var day = rec.GetProperty("valid_from").GetString()![..10];
                var last = records.Last(x => x.GetProperty("valid_from").GetString()![..10].CompareTo(day) <= 0 && x.GetProperty("state_after").ValueKind == JsonValueKind.Object);
                if (last.GetProperty("state_after").GetProperty("status").GetString() == "claimed" && last.GetProperty("claim_of").GetString() == "held")
                { found = (place, day, last.GetProperty("state_after")); break; }
            }
            if (found is not null) break;
        }
        Assert.True(found is not null, "the data has a claim of holding");
        var (p, d, state) = found!.Value;
        var timeline = await GetJsonAsync("/api/timeline");
        var claimant = state.GetProperty("faction").GetString()!;
        var shortName = timeline.GetProperty("factions").EnumerateArray().First(f => f.GetProperty("id").GetString() == claimant)
            .GetProperty("short_name").GetString();

        var v = await server.OpenAsync($"/?date={d}&place={p}");
        await v.WaitReadyAsync();
        var headline = v.Page.Locator("#panel .headline");
        await headline.WaitForAsync(new() { Timeout = 10_000 });
        var text = (await headline.InnerTextAsync()).Trim();
        Assert.Equal("claimed", await headline.GetAttributeAsync("data-kind"));
        Assert.StartsWith($"Claimed by {shortName}", text);
        Assert.Contains("; last confirmed: ", text);
        Assert.DoesNotContain("claimed held", await v.Page.InnerTextAsync("#panel .place"));
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task An_old_confirmation_gets_an_age_warning_in_days()
    {
        var history = await GetJsonAsync($"/api/places/{Ejaz}/history");
        var timeline = await GetJsonAsync("/api/timeline");
        var last = timeline.GetProperty("last_date").GetString()!;
        var date = DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture).AddDays(400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var confirmed = history.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("state_after"))
            .Where(s => s.ValueKind == JsonValueKind.Object).Last().GetProperty("last_confirmed").GetString()!;
        var days = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).DayNumber - DateOnly.Parse(confirmed, System.Globalization.CultureInfo.InvariantCulture).DayNumber;

        var v = await server.OpenAsync($"/?date={date}&place={Ejaz}");
        await v.WaitReadyAsync();
        var warning = v.Page.Locator("#panel .age-warning");
        await warning.WaitForAsync(new() { Timeout = 10_000 });
        Assert.Contains($"Last confirmed {days} days earlier", await warning.InnerTextAsync());
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task Hovering_a_place_shows_its_name_controller_and_since()
    {
        var v = await server.OpenAsync($"/?date=2019-11-30&map=11/{EjazLat}/{EjazLon}");
        await v.WaitReadyAsync();
        var point = await v.Page.EvaluateAsync<JsonElement>(
            $"() => {{ const p = window.__fm.map.project([{EjazLon}, {EjazLat}]); const r = window.__fm.map.getCanvas().getBoundingClientRect(); return {{ x: p.x + r.left, y: p.y + r.top }}; }}");
        await v.Page.Mouse.MoveAsync(point.GetProperty("x").GetSingle() - 30, point.GetProperty("y").GetSingle());
        await v.Page.Mouse.MoveAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        var tip = v.Page.Locator(".hover-tip");
        await tip.WaitForAsync(new() { Timeout = 5_000 });
        var text = await tip.InnerTextAsync();
        Assert.Contains("Ejaz", text);
        Assert.Contains("held by Hay'at Tahrir al-Sham", text);
        Assert.Contains("since 30 November 2019", text);
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task An_unknown_place_in_the_link_gets_a_friendly_message_not_an_http_status()
    {
        var v = await server.OpenAsync("/?date=2019-12-02&place=no-such-village");
        await v.WaitReadyAsync();
        var panel = v.Page.Locator("#panel");
        await v.Page.Locator("#panel-title:text('Place not found')").WaitForAsync(new() { Timeout = 10_000 });
        var text = await panel.InnerTextAsync();
        Assert.Contains("No place with the id “no-such-village” is in the data", text);
        Assert.DoesNotContain("HTTP", text);
        Assert.DoesNotContain("404", text);
        // the 404 itself (the response and the browser's note of it), nothing else
        Assert.All(v.Problems, p => Assert.Contains("404", p));
        Assert.Contains(v.Problems, p => p.Contains("/api/places/no-such-village/history", StringComparison.Ordinal));
    }
}
