using System.Globalization;
using System.Text.Json;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// The event feed: the records of the 30 days up to the map date, newest first, inside the view, of the factions shown; it
/// follows the timeline, the view and the toggles; a click moves to the record's date, flies to the place and opens its panel.
/// </summary>
[Collection(ViewerCollection.Name)]
public class EventFeedTests(ViewerFixture server)
{
    private static async Task<List<(string Date, string Faction, double Lon, double Lat, string Place)>> ItemsAsync(ViewerPage v)
    {
        var json = await v.Page.EvaluateAsync<JsonElement>(@"() => [...document.querySelectorAll('#feed-list .feed-item')].map(b =>
            ({ date: b.dataset.date, faction: b.dataset.faction, lonlat: b.dataset.lonlat, place: b.dataset.place }))");
        return json.EnumerateArray().Select(e =>
        {
            var ll = e.GetProperty("lonlat").GetString()!.Split(',');
            return (e.GetProperty("date").GetString()!, e.GetProperty("faction").GetString()!,
                double.Parse(ll[0], CultureInfo.InvariantCulture), double.Parse(ll[1], CultureInfo.InvariantCulture), e.GetProperty("place").GetString()!);
        }).ToList();
    }

    private static Task WaitForItemsAsync(ViewerPage v) =>
        v.Page.WaitForFunctionAsync("() => document.querySelectorAll('#feed-list .feed-item').length > 0 || document.querySelector('#feed-list .feed-empty:not(:empty)')?.textContent.startsWith('No reports')", null, new() { Timeout = 15_000 });

    [Fact]
    public async Task The_feed_lists_the_reports_up_to_the_date_newest_first_in_the_view_and_follows_toggles_and_date()
    {
        var v = await server.OpenAsync("/?date=2019-12-02&map=9/35.62/36.93");
        await v.WaitReadyAsync();
        Assert.True(await v.Page.Locator("#feed").IsVisibleAsync(), "the feed is open beside the map on a wide screen");
        await WaitForItemsAsync(v);
        var items = await ItemsAsync(v);
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.InRange(string.CompareOrdinal(i.Date, "2019-12-02"), int.MinValue, 0));
        Assert.All(items, i => Assert.True(string.CompareOrdinal(i.Date, "2019-11-03") >= 0, $"{i.Date} is within 30 days"));
        Assert.Equal(items.Select(i => i.Date).OrderByDescending(d => d, StringComparer.Ordinal), items.Select(i => i.Date));
        var bounds = await v.Page.EvaluateAsync<double[]>("() => { const b = window.__fm.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        Assert.All(items, i => Assert.True(i.Lon >= bounds[0] && i.Lon <= bounds[2] && i.Lat >= bounds[1] && i.Lat <= bounds[3], $"{i.Place} is in the view"));
        // each item carries its faction's colour, the place, what happened and the publisher
        var first = v.Page.Locator("#feed-list .feed-item").First;
        Assert.NotEqual("", await first.Locator(".feed-place").InnerTextAsync());
        Assert.Matches("captured by|held by|claimed by|contested|withdrawn|fighting", await first.Locator(".feed-what").InnerTextAsync());
        Assert.Contains(" · ", await first.Locator(".feed-meta").InnerTextAsync());
        Assert.NotEqual("rgba(0, 0, 0, 0)", await first.Locator(".feed-bar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await v.ScreenshotAsync("feed-1280");

        // faction toggles
        var faction = items.First(i => i.Faction != "").Faction;
        await v.Page.UncheckAsync($"#faction-{faction}");
        Assert.DoesNotContain(await ItemsAsync(v), i => i.Faction == faction);
        await v.Page.CheckAsync($"#faction-{faction}");

        // the date: before the first report in this view, the feed is empty and says so
        await v.Page.EvaluateAsync("() => window.__fm.setDate('2016-06-01')");
        await WaitForItemsAsync(v);
        Assert.All(await ItemsAsync(v), i => Assert.True(string.CompareOrdinal(i.Date, "2016-06-01") <= 0));
        Assert.Contains("1 June 2016", await v.Page.InnerTextAsync("#feed-head"));

        // the view: zoomed far out over the sea, nothing is in view
        await v.Page.EvaluateAsync("() => window.__fm.setDate('2019-12-02')");
        await WaitForItemsAsync(v);
        await v.Page.EvaluateAsync("() => new Promise(r => { window.__fm.map.once('moveend', () => r(true)); window.__fm.map.jumpTo({ center: [20, 35], zoom: 9 }); })");
        await v.Page.WaitForFunctionAsync("() => document.querySelectorAll('#feed-list .feed-item').length === 0");
        Assert.Contains("No reports in the 30 days to 2 December 2019 in this view", await v.Page.InnerTextAsync("#feed-list"));
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task Clicking_a_feed_item_moves_to_its_date_flies_to_the_place_and_opens_its_panel()
    {
        var v = await server.OpenAsync("/?date=2019-12-05&map=8/35.62/36.93");
        await v.WaitReadyAsync();
        await WaitForItemsAsync(v);
        var items = await ItemsAsync(v);
        var target = items[^1];
        await v.Page.Locator($"#feed-list .feed-item[data-place='{target.Place}']").Last.ClickAsync();
        await v.Page.Locator($"#panel [data-place='{target.Place}']").WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal(target.Date, await v.DateAsync());
        await v.Page.WaitForFunctionAsync("() => !window.__fm.map.isMoving()");
        var center = await v.Page.EvaluateAsync<double[]>("() => { const c = window.__fm.map.getCenter(); return [c.lng, c.lat, window.__fm.map.getZoom()]; }");
        Assert.True(center[2] >= 9, "flew in");
        var (x, y) = await Walk.PointOfAsync(v, target.Lon, target.Lat);
        var mapBox = await v.Page.Locator("#map").BoundingBoxAsync();
        Assert.InRange(x, mapBox!.X, mapBox.X + mapBox.Width);
        Assert.InRange(y, mapBox.Y, mapBox.Y + mapBox.Height);
        Assert.Contains($"place={target.Place}", v.Page.Url);
        Assert.Contains($"date={target.Date}", v.Page.Url);
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task On_a_phone_the_feed_is_a_tab_of_the_bottom_sheet()
    {
        var v = await server.OpenAsync("/?date=2019-12-02&map=8/35.62/36.93", 390, 844);
        await v.WaitReadyAsync();
        Assert.False(await v.Page.Locator("#side").IsVisibleAsync(), "the sheet starts closed on a phone");
        await v.Page.ClickAsync("#feed-toggle");
        await WaitForItemsAsync(v);
        Assert.True(await v.Page.Locator("#feed").IsVisibleAsync());
        var sheet = await v.Page.Locator("#side").BoundingBoxAsync();
        Assert.True(sheet!.Y > 300 && sheet.Y + sheet.Height <= 844 && sheet.Width >= 389, "a bottom sheet");
        Assert.Equal("true", await v.Page.GetAttributeAsync("#tab-feed", "aria-selected"));
        await v.Page.Locator("#feed-list .feed-item").First.ClickAsync();
        await v.Page.Locator("#panel .place").WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal("true", await v.Page.GetAttributeAsync("#tab-place", "aria-selected"));
        await v.Page.ClickAsync("#tab-feed");
        Assert.True(await v.Page.Locator("#feed").IsVisibleAsync());
        await v.ScreenshotAsync("feed-390");
        Walk.NoProblems(v);
    }
}
