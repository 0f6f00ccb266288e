using System.Text.Json;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// The phone layout (390×844): legend closed by default and remembered, a bottom sheet that never hides the tapped place,
/// 44 px touch targets, Syria in the first view, the name and "Data &amp; API" on screen. The first view on a desktop too.
/// </summary>
[Collection(ViewerCollection.Name)]
public class PhoneLayoutTests(ViewerFixture server)
{
    private const double EjazLon = 36.928553, EjazLat = 35.623502;

    /// <summary>Syria's extent (lon/lat), which the first view must show whole.</summary>
    private static readonly double[] Syria = [35.7, 32.3, 42.4, 37.3];

    private static async Task ForgetLegendAsync(ViewerPage v) => await v.Page.EvaluateAsync("() => localStorage.removeItem('fm.legend.open')");

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task The_first_view_fits_Syria_and_keeps_the_name_and_data_link_on_screen(int width, int height)
    {
        var v = await server.OpenAsync("/", width, height);
        await ForgetLegendAsync(v);
        await v.Page.ReloadAsync();
        await v.WaitReadyAsync();
        var b = await v.Page.EvaluateAsync<double[]>("() => { const b = window.__fm.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        Assert.True(b[0] <= Syria[0] && b[1] <= Syria[1] && b[2] >= Syria[2] && b[3] >= Syria[3], $"view {string.Join(",", b)} holds Syria");
        foreach (var selector in new[] { ".brand", ".api-link" })
        {
            var box = await v.Page.Locator(selector).BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width + 0.5 && box.Y + box.Height <= height, $"{selector} is on screen");
        }
        Assert.Equal(width >= 700, await v.Page.Locator("#legend").IsVisibleAsync());
        await v.ScreenshotAsync($"first-view-{width}");
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task On_a_phone_the_legend_starts_closed_and_remembers_being_opened()
    {
        var v = await server.OpenAsync("/?date=2019-12-02", 390, 844);
        await ForgetLegendAsync(v);
        await v.Page.ReloadAsync();
        await v.WaitReadyAsync();
        Assert.False(await v.Page.Locator("#legend").IsVisibleAsync());
        await v.Page.ClickAsync("#legend-toggle");
        Assert.True(await v.Page.Locator("#legend").IsVisibleAsync());
        await v.Page.ReloadAsync();
        await v.WaitReadyAsync();
        Assert.True(await v.Page.Locator("#legend").IsVisibleAsync(), "opened stays opened");
        await v.Page.ClickAsync("#legend-toggle");
        await v.Page.ReloadAsync();
        await v.WaitReadyAsync();
        Assert.False(await v.Page.Locator("#legend").IsVisibleAsync(), "closed stays closed");
        await ForgetLegendAsync(v);
        Walk.NoProblems(v);
    }

    [Fact]
    public async Task The_bottom_sheet_never_hides_the_tapped_place_and_touch_targets_are_44_px()
    {
        // Ejaz low on the screen, where the sheet will open
        var v = await server.OpenAsync($"/?date=2019-12-02&map=10/{EjazLat + 0.06}/{EjazLon}", 390, 844);
        await v.WaitReadyAsync();
        var (x, y) = await Walk.PointOfAsync(v, EjazLon, EjazLat);
        Assert.True(y > 844 * 0.5, $"Ejaz starts where the sheet opens ({y})");
        await v.Page.Mouse.ClickAsync(x, y);
        await v.Page.Locator("#panel .place").WaitForAsync(new() { Timeout = 10_000 });
        await v.Page.WaitForFunctionAsync("() => !window.__fm.map.isMoving()");
        await v.Page.WaitForTimeoutAsync(400);
        var sheet = await v.Page.Locator("#side").BoundingBoxAsync();
        var (_, after) = await Walk.PointOfAsync(v, EjazLon, EjazLat);
        Assert.True(after < sheet!.Y - 10, $"Ejaz ({after}) is above the sheet ({sheet.Y})");
        Assert.True(after > 52, "and below the header");
        await v.ScreenshotAsync("panel-contested-390");

        var small = await v.Page.EvaluateAsync<JsonElement>(@"() => [...document.querySelectorAll(
            '.actions button, .actions a, #timeline .buttons button, #timeline select, .side-tabs button, #panel-close, .maplibregl-ctrl-group button')]
            .filter(e => e.offsetParent !== null)
            .map(e => ({ id: e.id || e.className || e.textContent, w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height }))
            .filter(r => r.w < 44 || r.h < 44)");
        Assert.True(small.GetArrayLength() == 0, "smaller than 44 px: " + small.GetRawText());
        Walk.NoProblems(v);
    }
}
