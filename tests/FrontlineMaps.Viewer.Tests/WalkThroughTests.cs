using System.Globalization;
using System.Text.Json;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// The rest of the walk-through: the area chart, compare, the front line popup, the keyboard after a click on the map, label
/// priority, layout details, the time-lapse and the embed's legend.
/// </summary>
[Collection(ViewerCollection.Name)]
public class WalkThroughTests(ViewerFixture server)
{
    private const string NearEjaz = "map=9/35.62/36.93";
    private static string Long(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_area_chart_has_axes_a_legend_hover_values_the_current_date_and_runs_to_the_last_record(int width, int height)
    {
        var timeline = await Walk.GetJsonAsync(server.BaseUrl, "/api/timeline");
        var last = timeline.GetProperty("last_date").GetString()!;
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}", width, height);
        await v.WaitReadyAsync();
        if (!await v.Page.Locator("#legend").IsVisibleAsync()) await v.Page.ClickAsync("#legend-toggle");
        await v.Page.ClickAsync("summary:has-text('Area over time')");
        var chart = v.Page.Locator("#chart svg");
        await chart.WaitForAsync();
        var axes = await v.Page.Locator("#chart svg .axes").TextContentAsync();
        Assert.Contains("km²", axes);
        Assert.True(await v.Page.Locator("#chart svg .axes text.year").CountAsync() >= 1, "years on the date axis");
        Assert.Contains($"to {Long(last)}", await v.Page.Locator("#chart svg title").TextContentAsync());
        Assert.True(await v.Page.Locator("#chart .chart-legend li").CountAsync() >= 2, "a legend");
        Assert.Equal("2019-12-02", await v.Page.GetAttributeAsync("#chart svg line.current", "data-date"));
        await chart.ScrollIntoViewIfNeededAsync();
        var box = (await chart.BoundingBoxAsync())!;
        await v.Page.Mouse.MoveAsync(box.X + box.Width * 0.8f, box.Y + box.Height / 2);
        var readout = await v.Page.InnerTextAsync("#chart .chart-readout");
        Assert.Matches(@"^\d{1,2} \w+ \d{4}: .*km²", readout);
        await v.ScreenshotAsync($"chart-{width}");
        // the last polyline point is at the right end of the plot: the series reaches the last record
        var ends = await v.Page.EvaluateAsync<double[]>(@"() => { const s = document.querySelector('#chart svg'), p = s.querySelector('polyline').getAttribute('points').split(' ');
            return [+p[p.length - 1].split(',')[0], s.viewBox.baseVal.width]; }");
        Assert.Equal(ends[1] - 8, ends[0], 0.6); // the plot's right edge (8 px margin)
        await v.Page.EvaluateAsync("() => localStorage.removeItem('fm.legend.open')");
        Walk.NoProblems(v);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Compare_lists_every_faction_and_contested_ground_with_clickable_place_names_in_view(int width, int height)
    {
        var timeline = await Walk.GetJsonAsync(server.BaseUrl, "/api/timeline");
        var factions = timeline.GetProperty("factions").GetArrayLength();
        var v = await server.OpenAsync($"/?date=2019-12-02&compare=2019-11-29&{NearEjaz}", width, height);
        await v.WaitReadyAsync();
        var card = v.Page.Locator("#compare-card");
        await v.Page.Locator("#compare-card table").WaitForAsync();
        var box = (await card.BoundingBoxAsync())!;
        Assert.True(box.Y >= 0 && box.Y + 40 < height && box.X >= 0 && box.X + box.Width <= width, "the result is on screen without opening or scrolling the legend");
        Assert.Contains("From 29 November 2019 to 2 December 2019", await card.InnerTextAsync());
        Assert.Equal("29 November 2019", await v.Page.Locator("#compare-date-long").TextContentAsync()); // the date field, written like the page
        Assert.Equal(factions + 1, await v.Page.Locator("#compare-card tr[data-faction]").CountAsync());
        Assert.Equal(1, await v.Page.Locator("#compare-card tr[data-faction='contested']").CountAsync());
        var name = v.Page.Locator("#compare-card button.linkish").First;
        var place = await name.GetAttributeAsync("data-place");
        await v.ScreenshotAsync($"compare-{width}");
        await name.ClickAsync();
        await v.Page.Locator($"#panel [data-place='{place}']").WaitForAsync(new() { Timeout = 10_000 });
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task The_front_line_popup_lists_the_places_on_both_sides()
    {
        // a front line of the last date, from the OGC API, in the middle of the view
        var last = (await Walk.GetJsonAsync(server.BaseUrl, "/api/timeline")).GetProperty("last_date").GetString()!;
        var front = (await Walk.GetJsonAsync(server.BaseUrl, $"/collections/frontlines/items?datetime={last}&limit=1")).GetProperty("features")[0];
        var coords = front.GetProperty("geometry").GetProperty("coordinates");
        var first = front.GetProperty("geometry").GetProperty("type").GetString() == "LineString" ? coords[0] : coords[0][0];
        var (lon, lat) = (first[0].GetDouble(), first[1].GetDouble());
        var v = await server.OpenAsync(string.Create(CultureInfo.InvariantCulture, $"/?date={last}&map=10/{lat:0.0000}/{lon:0.0000}"));
        await v.WaitReadyAsync();
        // the middle of a drawn front line segment whose tile lists its places
        var at = await v.Page.EvaluateAsync<JsonElement>(@"() => {
            const fm = window.__fm, m = fm.map;
            const f = m.queryRenderedFeatures({ layers: [fm.activeBuffer + '-fronts'] }).find(f => f.properties.places);
            if (!f) return null;
            const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
            const line = lines.reduce((a, b) => (b.length > a.length ? b : a));
            const [a, b] = [line[Math.floor(line.length / 2) - 1] ?? line[0], line[Math.floor(line.length / 2)]];
            const p = m.project([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]), r = m.getCanvas().getBoundingClientRect();
            return { x: p.x + r.left, y: p.y + r.top };
        }");
        Assert.Equal(JsonValueKind.Object, at.ValueKind);
        await v.Page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
        var sides = v.Page.Locator(".front-popup .front-side");
        await sides.First.WaitForAsync(new() { Timeout = 5_000 });
        Assert.Equal(2, await sides.CountAsync());
        foreach (var side in await sides.AllAsync())
        {
            var text = await side.Locator("p").InnerTextAsync();
            Assert.False(text.StartsWith('('), $"a side lists its places: {text}");
        }
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task Left_and_right_change_the_date_after_a_click_on_the_map_and_plus_still_zooms()
    {
        var v = await server.OpenAsync($"/?date=2019-11-29&{NearEjaz}");
        await v.WaitReadyAsync();
        var changes = await v.Page.EvaluateAsync<string[]>("() => window.__fm.changeDates");
        var next = changes.First(c => string.CompareOrdinal(c, "2019-11-29") > 0);
        var box = (await v.Page.Locator("#map").BoundingBoxAsync())!;
        await v.Page.Mouse.ClickAsync(box.X + box.Width - 120, box.Y + box.Height - 120); // an empty spot: focus goes to the map
        var center = await v.Page.EvaluateAsync<double[]>("() => { const c = window.__fm.map.getCenter(); return [c.lng, c.lat]; }");
        await v.Page.Keyboard.PressAsync("ArrowRight");
        await v.SettledAsync();
        Assert.Equal(next, await v.DateAsync());
        var after = await v.Page.EvaluateAsync<double[]>("() => { const c = window.__fm.map.getCenter(); return [c.lng, c.lat]; }");
        Assert.Equal(center[0], after[0], 6); // the map did not pan
        await v.Page.Keyboard.PressAsync("ArrowLeft");
        await v.SettledAsync();
        Assert.Equal(changes.Last(c => string.CompareOrdinal(c, next) < 0), await v.DateAsync());
        var zoom = await v.Page.EvaluateAsync<double>("() => window.__fm.map.getZoom()");
        await v.Page.Keyboard.PressAsync("Equal");
        await v.Page.WaitForFunctionAsync("z => window.__fm.map.getZoom() > z + 0.5", zoom);
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task At_low_zoom_only_places_with_records_and_cities_are_named()
    {
        var v = await server.OpenAsync("/?date=2020-12-24&map=7.5/36/38");
        await v.WaitReadyAsync();
        var labels = await v.Page.EvaluateAsync<JsonElement>("() => window.__fm.map.queryRenderedFeatures({ layers: ['labels'] }).map(f => ({ kind: f.properties.kind, status: f.properties.status, name: f.properties.name }))");
        Assert.True(labels.GetArrayLength() > 0);
        foreach (var l in labels.EnumerateArray())
            Assert.True(l.GetProperty("kind").GetString() == "city" || l.GetProperty("status").GetString() != "unknown",
                $"{l.GetProperty("name").GetString()} is a city or in the records");
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task The_date_is_clear_of_the_scale_bar_the_legend_is_opaque_and_its_ring_matches_the_map()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        var burn = (await v.Page.Locator("#date-burn").BoundingBoxAsync())!;
        var scale = (await v.Page.Locator(".maplibregl-ctrl-scale").BoundingBoxAsync())!;
        var overlap = burn.X < scale.X + scale.Width && scale.X < burn.X + burn.Width && burn.Y < scale.Y + scale.Height && scale.Y < burn.Y + burn.Height;
        Assert.False(overlap, "the burned-in date does not sit on the scale bar");
        Assert.Equal("rgb(255, 255, 255)", await v.Page.Locator("#legend").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        // the map's ring: radius 11 (22 px across), 2.5 px stroke
        var ring = await v.Page.EvaluateAsync<double[]>("() => { const l = window.__fm.map.getStyle().layers.find(l => l.id.endsWith('-recent')); return [l.paint['circle-radius'], l.paint['circle-stroke-width']]; }");
        var sym = await v.Page.Locator(".sym.recent").EvaluateAsync<double[]>("e => { const s = getComputedStyle(e); return [e.getBoundingClientRect().width, parseFloat(s.borderTopWidth)]; }");
        Assert.Equal(ring[0] * 2, sym[0], 0.5);
        Assert.Equal(ring[1], sym[1], 0.5);
        var bar = (await v.Page.Locator(".bar").BoundingBoxAsync())!;
        var map = (await v.Page.Locator("#map").BoundingBoxAsync())!;
        Assert.True(map.Y >= bar.Y + bar.Height - 0.5, "the header does not cover the map's labels");
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task The_time_lapse_says_its_length_and_size_and_burns_in_the_legend_and_attribution()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        await v.Page.ClickAsync("summary:has-text('Export a time-lapse')");
        await v.Page.FillAsync("#video-from", "2019-11-28");
        await v.Page.FillAsync("#video-to", "2019-12-02");
        await v.Page.DispatchEventAsync("#video-to", "change");
        var estimate = await v.Page.InnerTextAsync("#video-estimate");
        Assert.Matches(@"^\d+ frames \(every change day included\), about \d+ s, roughly \d+(\.\d)? (kB|MB)", estimate);
        await v.Page.ClickAsync("#video-form button[type=submit]");
        var link = v.Page.Locator("#video-status a[download]");
        await link.WaitForAsync(new() { Timeout = 90_000 });
        var text = await link.InnerTextAsync();
        Assert.Matches(@"\((\d+ kB|\d+\.\d MB), \d+ frames, \d+ s\)", text);
        Assert.DoesNotContain("0.0 MB", text);
        // the last frame as recorded: legend (top left) and attribution (bottom right) drawn over the map
        var frame = await v.Page.EvaluateAsync<string>("() => window.__fm.metrics.videoFrame");
        var png = Convert.FromBase64String(frame[(frame.IndexOf(',') + 1)..]);
        var path = Path.Combine(Artifacts.Directory, "time-lapse-last-frame.png");
        await File.WriteAllBytesAsync(path, png);
        var legendPixel = await v.Page.EvaluateAsync<int[]>(@"async url => {
            const img = new Image(); img.src = url; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0);
            const s = Math.max(10, Math.round(Math.max(12, Math.round(img.height / 14)) * 0.42));
            return [...g.getImageData(s + 2, s + 2, 1, 1).data];
        }", frame);
        Assert.True(legendPixel[0] > 230 && legendPixel[1] > 230 && legendPixel[2] > 230, "the legend's white box is in the frame");
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task The_embed_shows_a_legend_only_when_asked_with_legend_1()
    {
        var v = await server.OpenAsync("/embed?date=2019-12-02&bbox=36.6,35.4,37.2,35.8&legend=1", 600, 400);
        await v.WaitReadyAsync();
        Assert.True(await v.Page.Locator("#legend").IsVisibleAsync());
        Assert.True(await v.Page.Locator("#legend-factions li").CountAsync() > 0);
        Assert.False(await v.Page.Locator("#legend details.tool").First.IsVisibleAsync(), "no tools in an embed's legend");
        await v.ScreenshotAsync("embed-legend");
        var plain = await server.OpenAsync("/embed?date=2019-12-02&bbox=36.6,35.4,37.2,35.8", 600, 400);
        await plain.WaitReadyAsync();
        Assert.False(await plain.Page.Locator("#legend").IsVisibleAsync());
        Walk.NoProblems(v);
        Walk.NoProblems(plain);
    }
}
