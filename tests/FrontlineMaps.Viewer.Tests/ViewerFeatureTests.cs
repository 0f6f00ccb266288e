using System.Text.Json;
using Microsoft.Playwright;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>Legend and toggles, compare mode, area chart, share dialog, the embed page and a pasted embed snippet.</summary>
[Collection(ViewerCollection.Name)]
public class ViewerFeatureTests(ViewerFixture server)
{
    private const string NearEjaz = "map=9/35.62/36.93";

    [Fact]
    public async Task Legend_toggles_hide_a_faction_or_a_layer_and_the_link_keeps_them()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        Assert.Contains((await v.RenderedPlacesAsync()).Values, p => p.Faction == "SNA");
        Assert.Equal(ReportsFixture.Load().Factions.Length, await v.Page.Locator("#legend-factions li").CountAsync());
        Assert.Contains("Syrian National Army", await v.Page.GetAttributeAsync("label[for='faction-SNA']", "title"));

        await v.Page.UncheckAsync("#faction-SNA");
        await v.SettledAsync();
        Assert.DoesNotContain((await v.RenderedPlacesAsync()).Values, p => p.Faction == "SNA");
        Assert.Contains("hide=SNA", v.Page.Url);

        await v.Page.UncheckAsync("#layer-places");
        await v.SettledAsync();
        Assert.Equal(0, await v.RenderedCountAsync("places"));
        Assert.True(await v.RenderedCountAsync("contested") > 0, "other layers stay");
        Assert.Contains("layers_off=places", v.Page.Url);

        var again = await server.OpenAsync(v.Page.Url[server.BaseUrl.Length..]);
        await again.WaitReadyAsync();
        Assert.False(await again.Page.IsCheckedAsync("#faction-SNA"));
        Assert.Equal(0, await again.RenderedCountAsync("places"));
        Assert.Empty(v.Problems);
        Assert.Empty(again.Problems);
    }

    [Fact]
    public async Task Compare_mode_lists_places_and_area_gained_per_faction_and_the_chart_marks_the_date()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&compare=2019-11-29&{NearEjaz}");
        await v.WaitReadyAsync();
        await v.Page.ClickAsync("summary:has-text('Compare two dates')");
        var table = v.Page.Locator("#compare-result table");
        await table.WaitForAsync();
        var text = await table.InnerTextAsync();
        Assert.Contains("From 29 November 2019 to 2 December 2019", text);
        var sna = await v.Page.Locator("#compare-result tr:has(th:text-is('SNA')) td").AllInnerTextsAsync();
        Assert.Equal("5", sna[0]);            // places gained (from /api/diff)
        Assert.Equal("0", sna[1]);            // places lost
        Assert.Equal("+230.5", sna[2]);       // net km²
        await v.SettledAsync();
        Assert.True(await v.RenderedCountAsync("compare") >= 5, "gained places are ringed on the map");

        await v.Page.ClickAsync("summary:has-text('Area over time')");
        Assert.True(await v.Page.Locator("#chart svg polyline").CountAsync() >= 2);
        var x = await v.Page.GetAttributeAsync("#chart svg line.current", "x1");
        Assert.NotNull(x);
        await v.Page.EvaluateAsync("() => window.__fm.setDate('2016-01-01')");
        Assert.NotEqual(x, await v.Page.GetAttributeAsync("#chart svg line.current", "x1"));
        // the comparison follows the date: nothing changed hands between 1 January 2016 and 29 November 2019
        await v.Page.WaitForFunctionAsync("() => document.querySelector('#compare-result caption')?.textContent.includes('1 January 2016')");
        Assert.Contains("No faction gained or lost a place", await v.Page.Locator("#compare-result").InnerTextAsync());
        await v.ScreenshotAsync("viewer-compare");
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task The_share_dialog_gives_the_link_and_an_iframe_snippet_of_the_current_view()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        await v.Page.ClickAsync("#share-open");
        Assert.True(await v.Page.Locator("dialog#share").IsVisibleAsync());
        var link = await v.Page.InputValueAsync("#share-link");
        Assert.StartsWith($"{server.BaseUrl}/?date=2019-12-02&map=9/", link);
        var snippet = await v.Page.InputValueAsync("#share-embed");
        Assert.StartsWith($"<iframe src=\"{server.BaseUrl}/embed?date=2019-12-02&amp;bbox=", snippet);
        // The embed and the static map are pinned to the last record the page saw; the link stays live.
        using var http = new HttpClient();
        using var timeline = JsonDocument.Parse(await http.GetStringAsync($"{server.BaseUrl}/api/timeline"));
        var recorded = timeline.RootElement.GetProperty("recorded_until").GetString()!;
        Assert.Contains($"&amp;known_at={recorded}\"", snippet);
        Assert.DoesNotContain("known_at", link);
        var image = await v.Page.InputValueAsync("#share-image");
        Assert.StartsWith($"{server.BaseUrl}/snapshots/2019-12-02.svg?known_at={Uri.EscapeDataString(recorded)}&bbox=", image);
        var svg = await http.GetAsync(image);
        Assert.Equal(System.Net.HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        // The map's tiles carry the data version, so the browser may keep them for good.
        var tiles = await v.Page.EvaluateAsync<string>("() => window.__fm.map.getStyle().sources['fm-labels'].tiles[0]");
        Assert.EndsWith("/{z}/{x}/{y}.mvt?v=" + timeline.RootElement.GetProperty("url_version").GetString(), tiles);
        await v.Page.ClickAsync("#copy-embed");
        await v.Page.WaitForFunctionAsync("() => document.getElementById('copy-embed').textContent === 'Copied'", null, new() { Timeout = 5_000 });
        await v.ScreenshotAsync("viewer-share-dialog");
        await v.Page.ClickAsync("#share-close");
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task The_embed_page_shows_the_map_with_minimal_chrome_attribution_and_a_link_back()
    {
        var v = await server.OpenAsync("/embed?date=2019-12-02&bbox=36.6,35.4,37.2,35.8&controls=0", 600, 400);
        await v.WaitReadyAsync();
        Assert.True(await v.Page.Locator("#timeline").IsHiddenAsync());
        Assert.True(await v.Page.Locator(".bar").IsHiddenAsync());
        Assert.True(await v.Page.Locator("#legend").IsHiddenAsync());
        Assert.True(await v.Page.Locator(".maplibregl-ctrl-attrib").IsVisibleAsync());
        var back = v.Page.Locator("#full-viewer");
        Assert.True(await back.IsVisibleAsync());
        Assert.StartsWith($"{server.BaseUrl}/?date=2019-12-02&map=", await back.GetAttributeAsync("href"));
        Assert.True((await v.RenderedPlacesAsync()).ContainsKey("ejaz-idlib"));
        await v.ScreenshotAsync("embed-2019-12-02");
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task An_embed_pinned_with_known_at_shows_the_map_as_published_then()
    {
        // Ejaz on 2019-12-02: contested today; before the records of its fighting of 1 December were recorded, HTS held it.
        var live = await server.OpenAsync($"/embed?date=2019-12-02&{NearEjaz}");
        await live.WaitReadyAsync();
        Assert.Equal("contested", (await live.RenderedPlacesAsync())["ejaz-idlib"].Status);
        var pinned = await server.OpenAsync($"/embed?date=2019-12-02&{NearEjaz}&known_at=2026-11-22T00:00:05Z");
        await pinned.WaitReadyAsync();
        Assert.Equal(("HTS", "held"), (await pinned.RenderedPlacesAsync())["ejaz-idlib"]);
        var tiles = await pinned.Page.EvaluateAsync<string>("() => window.__fm.map.getStyle().sources['fm-labels'].tiles[0]");
        Assert.EndsWith("&known_at=2026-11-22T00%3A00%3A05Z", tiles);
        Assert.Empty(live.Problems);
        Assert.Empty(pinned.Problems);
    }

    [Fact]
    public async Task The_embed_page_autoplays_within_its_date_range()
    {
        var v = await server.OpenAsync("/embed?from=2019-11-25&to=2019-12-05&autoplay=1");
        // Playback reaches the end of the range and stops there (the button is released in the same step or the next frame).
        await v.Page.WaitForFunctionAsync("() => window.__fm && window.__fm.date === '2019-12-05' && document.querySelector('#play').getAttribute('aria-pressed') === 'false'",
            null, new() { Timeout = 30_000 });
        Assert.Equal("2019-12-05", await v.DateAsync());
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task The_oembed_snippet_pasted_into_a_blank_page_shows_the_map()
    {
        var link = $"{server.BaseUrl}/?date=2019-12-02&map=8.5/35.62/36.93";
        using var http = new HttpClient();
        var oembed = JsonDocument.Parse(await http.GetStringAsync($"{server.BaseUrl}/oembed?url={Uri.EscapeDataString(link)}&maxwidth=640")).RootElement;
        var snippet = oembed.GetProperty("html").GetString()!;

        var page = await server.Browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.Contains("GL Driver", StringComparison.Ordinal)) problems.Add(m.Text); };
        page.PageError += (_, e) => problems.Add(e);
        await page.SetViewportSizeAsync(800, 600);
        await page.SetContentAsync($"<!DOCTYPE html><html><head><title>An article</title></head><body><h1>The battle for Idlib</h1>{snippet}<p>Text after the map.</p></body></html>");
        var frame = page.FrameLocator("iframe");
        await frame.Locator("body[data-ready='true']").WaitForAsync(new() { Timeout = 60_000 });
        var inner = page.Frames.Single(f => f.Url.Contains("/embed", StringComparison.Ordinal));
        Assert.Equal("2019-12-02", await inner.EvaluateAsync<string>("() => window.__fm.date"));
        await inner.WaitForFunctionAsync("() => window.__fm.renderedPlaces().some(p => p.id === 'ejaz-idlib')", null, new() { Timeout = 30_000 });
        var box = (await page.Locator("iframe").BoundingBoxAsync())!;
        Assert.Equal(640, box.Width, 1.0);
        Assert.Equal(400, box.Height, 1.0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Directory, "embed-snippet-in-blank-page.png") });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_time_lapse_of_a_date_range_is_recorded_to_a_webm_video()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        await v.Page.ClickAsync("summary:has-text('Export a time-lapse')");
        await v.Page.FillAsync("#video-from", "2019-11-28");
        await v.Page.FillAsync("#video-to", "2019-12-02");
        await v.Page.ClickAsync("#video-form button[type=submit]");
        var link = v.Page.Locator("#video-status a[download]");
        await link.WaitForAsync(new() { Timeout = 90_000 });
        Assert.Equal("frontlinemaps-2019-11-28-2019-12-02.webm", await link.GetAttributeAsync("download"));
        var bytes = await v.Page.EvaluateAsync<int>("async () => (await window.__fm.metrics.video.arrayBuffer()).byteLength");
        Assert.True(bytes > 1000, $"the video has content ({bytes} bytes)");
        var magic = await v.Page.EvaluateAsync<int[]>("async () => [...new Uint8Array(await window.__fm.metrics.video.arrayBuffer()).slice(0, 4)]");
        Assert.Equal(new[] { 0x1A, 0x45, 0xDF, 0xA3 }, magic); // EBML header: a WebM (Matroska) file
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task On_a_phone_the_map_timeline_and_controls_fit_and_are_labelled()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}", 390, 844);
        await v.WaitReadyAsync();
        var open = await v.Page.Locator("#legend").IsVisibleAsync(); // closed by default on a phone (remembered when toggled)
        await v.Page.ClickAsync("#legend-toggle");
        Assert.Equal(!open, await v.Page.Locator("#legend").IsVisibleAsync());
        await v.Page.ClickAsync("#legend-toggle"); // and folds away again to show the map
        Assert.Equal(open, await v.Page.Locator("#legend").IsVisibleAsync());
        Assert.Equal(open ? "true" : "false", await v.Page.GetAttributeAsync("#legend-toggle", "aria-expanded"));
        await v.Page.EvaluateAsync("() => localStorage.removeItem('fm.legend.open')");
        foreach (var id in new[] { "#slider", "#play", "#prev", "#next", "#speed", "#share-open", "#legend-toggle", "#date-label" })
        {
            var box = await v.Page.Locator(id).BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 390 && box.Y + box.Height <= 844, $"{id} is on screen");
        }
        Assert.Equal("Date", await v.Page.GetAttributeAsync("#slider", "aria-label"));
        Assert.Equal("Play", await v.Page.GetAttributeAsync("#play", "aria-label"));
        Assert.Equal("Previous change", await v.Page.GetAttributeAsync("#prev", "aria-label"));
        Assert.Contains("ejaz-idlib", (await v.RenderedPlacesAsync()).Keys);
        await v.ScreenshotAsync("viewer-phone");
        Assert.Empty(v.Problems);
    }
}
