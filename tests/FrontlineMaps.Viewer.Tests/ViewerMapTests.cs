using Microsoft.Playwright;

namespace FrontlineMaps.Viewer.Tests;

[Collection(ViewerCollection.Name)]
public class ViewerMapTests(ViewerFixture server)
{
    /// <summary>Ejaz (Idlib): HTS takes it on 2019-11-30; on 2019-12-01 the army and the opposition both claim it (contested).</summary>
    private const string Ejaz = "ejaz-idlib";
    private const double EjazLon = 36.928553, EjazLat = 35.623502;
    private const string NearEjaz = "map=9/35.62/36.93";

    [Fact]
    public async Task The_viewer_opens_the_date_in_the_url_and_draws_its_villages_with_no_console_errors()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        Assert.Equal("2019-12-02", await v.DateAsync());
        var places = await v.RenderedPlacesAsync();
        await v.ScreenshotAsync("viewer-2019-12-02");
        Assert.True(places.ContainsKey(Ejaz), "Ejaz is drawn: " + string.Join(", ", places.Keys.Take(20)));
        Assert.Equal("contested", places[Ejaz].Status);
        Assert.Equal("2 December 2019", await v.Page.InnerTextAsync("#date-label"));
        Assert.True(await v.RenderedCountAsync("territory") > 0, "territory is filled");
        Assert.True(await v.RenderedCountAsync("contested") > 0, "contested ground is hatched");
        Assert.True(await v.RenderedCountAsync("labels") > 0, "town names are drawn (with the bundled font)");
        // one tick per date with records in /api/timeline; dates closer than a few pixels share one
        Assert.Equal(4, await v.Page.Locator("#ticks .tick").CountAsync());
        Assert.Contains("1 December 2019", await v.Page.GetAttributeAsync("#ticks .tick >> nth=1", "title"));
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task Editing_the_date_in_the_url_changes_which_villages_render()
    {
        var v = await server.OpenAsync($"/?date=2019-11-29&{NearEjaz}");
        await v.WaitReadyAsync();
        var before = await v.RenderedPlacesAsync();
        Assert.Equal("unknown", before[Ejaz].Status);
        var heldBefore = before.Where(p => p.Value.Faction is not null).Select(p => p.Key).ToHashSet();

        await v.Page.GotoAsync($"{server.BaseUrl}/?date=2019-11-30&{NearEjaz}");
        await v.WaitReadyAsync();
        var after = await v.RenderedPlacesAsync();
        Assert.Equal(("HTS", "held"), after[Ejaz]);
        Assert.True(after.Count(p => p.Value.Faction is not null) > heldBefore.Count, "HTS and SNA captures of 30 November appear");
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task Moving_the_slider_changes_the_date_the_url_and_the_villages_and_back_returns()
    {
        var v = await server.OpenAsync($"/?date=2019-12-01&{NearEjaz}");
        await v.WaitReadyAsync();
        Assert.Equal("contested", (await v.RenderedPlacesAsync())[Ejaz].Status);

        // the keyboard on the slider moves a day at a time (an input event, as dragging gives)
        await v.Page.FocusAsync("#slider");
        await v.Page.Keyboard.PressAsync("ArrowLeft");
        await v.Page.Keyboard.PressAsync("ArrowLeft");
        await v.SettledAsync();
        Assert.Equal("2019-11-29", await v.DateAsync());
        Assert.Contains("date=2019-11-29", v.Page.Url);
        Assert.Equal("29 November 2019", await v.Page.GetAttributeAsync("#slider", "aria-valuetext"));
        Assert.Equal("unknown", (await v.RenderedPlacesAsync())[Ejaz].Status);

        // dragging the thumb with the mouse to the far right: the last date
        var box = (await v.Page.Locator("#slider").BoundingBoxAsync())!;
        await v.Page.Mouse.ClickAsync(box.X + box.Width - 2, box.Y + box.Height / 2);
        await v.SettledAsync();
        Assert.Equal("2020-12-24", await v.DateAsync());

        // clicking a tick jumps to that change; Back returns to the previous date
        await v.Page.Locator("#ticks .tick").Nth(1).ClickAsync(); // 30 November and 1 December 2019 share one tick
        await v.SettledAsync();
        Assert.Equal("2019-11-30", await v.DateAsync());
        Assert.Equal(("HTS", "held"), (await v.RenderedPlacesAsync())[Ejaz]);
        await v.Page.GoBackAsync();
        await v.SettledAsync();
        Assert.Equal("2020-12-24", await v.DateAsync());
        await v.Page.GoForwardAsync();
        await v.SettledAsync();
        Assert.Equal("2019-11-30", await v.DateAsync());
        Assert.Equal(("HTS", "held"), (await v.RenderedPlacesAsync())[Ejaz]);
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task Arrow_keys_step_between_changes_and_space_plays_and_pauses()
    {
        var v = await server.OpenAsync($"/?date=2019-11-29&{NearEjaz}");
        await v.WaitReadyAsync();
        await v.Page.Locator("#map").FocusAsync(); // not the slider: arrows jump between changes
        await v.Page.Locator("body").PressAsync("ArrowRight");
        await v.SettledAsync();
        Assert.Equal("2019-11-30", await v.DateAsync());
        await v.Page.Locator("body").PressAsync("ArrowRight");
        await v.SettledAsync();
        Assert.Equal("2019-12-01", await v.DateAsync());
        await v.Page.Locator("body").PressAsync("ArrowLeft");
        await v.SettledAsync();
        Assert.Equal("2019-11-30", await v.DateAsync());

        await v.Page.SelectOptionAsync("#speed", "30");
        await v.Page.Locator("body").PressAsync(" ");
        Assert.Equal("true", await v.Page.GetAttributeAsync("#play", "aria-pressed"));
        await v.Page.WaitForFunctionAsync("() => window.__fm.date > '2020-01-15'", null, new() { Timeout = 20_000 });
        await v.Page.Locator("body").PressAsync(" ");
        Assert.Equal("false", await v.Page.GetAttributeAsync("#play", "aria-pressed"));
        var stopped = await v.DateAsync();
        await v.Page.WaitForTimeoutAsync(400);
        Assert.Equal(stopped, await v.DateAsync());
        Assert.Contains("date=" + stopped, v.Page.Url);
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task Play_advances_the_date_and_reverse_with_loop_wraps_around()
    {
        var v = await server.OpenAsync("/?date=2020-06-01");
        await v.WaitReadyAsync();
        await v.Page.SelectOptionAsync("#speed", "7");
        await v.Page.ClickAsync("#play");
        await v.Page.WaitForFunctionAsync("() => window.__fm.date >= '2020-06-15'", null, new() { Timeout = 20_000 });
        await v.Page.ClickAsync("#play");
        Assert.True(string.CompareOrdinal(await v.DateAsync(), "2020-06-15") >= 0);

        // reverse + loop from the first date jumps to the last and goes backwards
        await v.Page.ClickAsync("#reverse");
        await v.Page.ClickAsync("#loop");
        Assert.Equal("true", await v.Page.GetAttributeAsync("#reverse", "aria-pressed"));
        await v.Page.EvaluateAsync("() => window.__fm.setDate('2015-10-14')");
        await v.Page.SelectOptionAsync("#speed", "365");
        await v.Page.ClickAsync("#play");
        await v.Page.WaitForFunctionAsync("() => window.__fm.date > '2016-01-01'", null, new() { Timeout = 20_000 });
        await v.Page.ClickAsync("#play");
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task Clicking_Ejaz_on_2_December_2019_shows_its_state_and_the_rival_sources()
    {
        var v = await server.OpenAsync($"/?date=2019-12-02&{NearEjaz}");
        await v.WaitReadyAsync();
        var point = await v.Page.EvaluateAsync<System.Text.Json.JsonElement>(
            $"() => {{ const p = window.__fm.map.project([{EjazLon}, {EjazLat}]); const r = window.__fm.map.getCanvas().getBoundingClientRect(); return {{ x: p.x + r.left, y: p.y + r.top }}; }}");
        await v.Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        var panel = v.Page.Locator($"#panel [data-place='{Ejaz}']");
        await panel.WaitForAsync(new() { Timeout = 10_000 });
        var text = await panel.InnerTextAsync();
        await v.ScreenshotAsync("viewer-ejaz-panel");

        Assert.Equal("Ejaz", await v.Page.InnerTextAsync("#panel-title"));
        Assert.Contains("Ajaz", text);
        Assert.Contains("اعجاز", text);
        Assert.Contains("Contested between Government and SNA since 1 December 2019", text); // the contest is the headline
        Assert.Contains("Last undisputed holder: Hay'at Tahrir al-Sham", text); // HTS shown as the last holder until one side is confirmed
        // rival sources: the pro-government report of the army's capture and the opposition's claim, with its claimant
        Assert.Contains("Global Research (reposting SouthFront)", text);
        Assert.Contains("The Syrian Observer (translating Alsouria Net)", text);
        Assert.Contains("claim by National Front for Liberation", text);
        Assert.True(await v.Page.Locator("#panel li.record").CountAsync() >= 4);
        Assert.Contains("place=" + Ejaz, v.Page.Url);

        // the panel follows the date: on 30 November HTS holds it, and the later records are marked as later
        await v.Page.EvaluateAsync("() => window.__fm.setDate('2019-11-30')");
        await v.SettledAsync();
        Assert.Contains("Held by Hay'at Tahrir al-Sham since 30 November 2019", await panel.InnerTextAsync());
        Assert.True(await v.Page.Locator("#panel li.record.later").CountAsync() >= 3);

        // a link with the panel open reopens it
        var again = await server.OpenAsync(v.Page.Url[server.BaseUrl.Length..]);
        await again.Page.Locator($"#panel [data-place='{Ejaz}']").WaitForAsync(new() { Timeout = 10_000 });
        await v.Page.Keyboard.PressAsync("Escape");
        Assert.True(await v.Page.Locator("#panel").IsHiddenAsync());
        Assert.Empty(v.Problems);
        Assert.Empty(again.Problems);
    }
}
