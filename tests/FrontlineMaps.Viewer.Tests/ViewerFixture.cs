using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>
/// The server on Kestrel at 127.0.0.1 (free port) and Debian's chromium driven by Playwright (ExecutablePath: no browser is ever
/// downloaded), headless with software WebGL (SwiftShader), a fresh profile. One per test collection.
/// </summary>
public class ViewerFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private string? _profile;

    /// <summary>Where Debian installs chromium (.ci/run installs it).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Arguments for a quiet, sandbox-free headless chromium with software GL.</summary>
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    ];

    /// <summary>Base address, e.g. <c>http://127.0.0.1:43817</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The browser (one per fixture; each test opens its own context).</summary>
    public IBrowserContext Browser { get; private set; } = null!;

    /// <summary>Extra server configuration (e.g. another dataset).</summary>
    protected virtual string[] ServerArgs => ["--Store:Provider=memory"];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // The viewer tests' facts are those of the five reports: a new store starts from that fixture unless ServerArgs say otherwise.
        _app = ServerApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", ReportsFixture.SeedSwitch, .. ServerArgs]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("fm-chromium-").FullName;
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        try { if (_profile is not null) Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }

    /// <summary>A new page with its console errors and failed requests collected.</summary>
    public async Task<ViewerPage> OpenAsync(string path, int width = 1280, int height = 800)
    {
        var page = await Browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        var v = new ViewerPage(page, BaseUrl);
        await page.GotoAsync(BaseUrl + path);
        return v;
    }
}

/// <summary>A viewer page with its console errors, page errors and failed requests.</summary>
public sealed class ViewerPage
{
    /// <summary>Wraps a page and starts collecting problems.</summary>
    public ViewerPage(IPage page, string baseUrl)
    {
        Page = page;
        BaseUrl = baseUrl;
        page.Console += (_, m) => { if (m.Type is "error" or "warning" && !IsGpuNoise(m.Text)) Problems.Add($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => Problems.Add($"page error: {e}");
        page.RequestFailed += (_, r) => { if (!r.Url.StartsWith("blob:", StringComparison.Ordinal)) Problems.Add($"request failed: {r.Url} {r.Failure}"); };
        page.Response += (_, r) => { if (r.Status >= 400) Problems.Add($"HTTP {r.Status}: {r.Url}"); };
    }

    /// <summary>Software GL performance notes, which are not the page's errors.</summary>
    private static bool IsGpuNoise(string text) => text.Contains("GL Driver Message", StringComparison.Ordinal) || text.Contains("GPU stall", StringComparison.Ordinal);

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>The server's base address.</summary>
    public string BaseUrl { get; }

    /// <summary>Console errors and warnings, uncaught exceptions, failed requests, HTTP errors.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Waits until the map has drawn once and the tiles for the date shown are in.</summary>
    public async Task WaitReadyAsync()
    {
        await Page.WaitForFunctionAsync("() => window.__fm && window.__fm.metrics.ready", null, new() { Timeout = 60_000 });
        await SettledAsync();
    }

    /// <summary>Waits until no date change is pending and the map is idle.</summary>
    public Task SettledAsync() => Page.EvaluateAsync(@"() => new Promise(resolve => {
        const m = window.__fm.map;
        const check = () => (m.loaded() && m.areTilesLoaded() && !window.__fmPending()) ? resolve(true) : setTimeout(check, 50);
        check();
    })");

    /// <summary>The date the viewer shows.</summary>
    public Task<string> DateAsync() => Page.EvaluateAsync<string>("() => window.__fm.date");

    /// <summary>Places rendered on screen: id → (faction, status).</summary>
    public async Task<Dictionary<string, (string? Faction, string Status)>> RenderedPlacesAsync()
    {
        var list = await Page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__fm.renderedPlaces()");
        var result = new Dictionary<string, (string?, string)>();
        foreach (var p in list.EnumerateArray())
            result[p.GetProperty("id").GetString()!] = (p.GetProperty("faction").GetString(), p.GetProperty("status").GetString()!);
        return result;
    }

    /// <summary>How many features of one of the active buffer's layers (places, labels, territory, fronts...) are on screen.</summary>
    public Task<int> RenderedCountAsync(string layer) =>
        Page.EvaluateAsync<int>("layer => window.__fm.map.queryRenderedFeatures({ layers: [layer === 'labels' ? layer : window.__fm.activeBuffer + '-' + layer] }).length", layer);

    /// <summary>Saves a screenshot under TestResults/viewer/ in the repository (git-ignored) and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(Artifacts.Directory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}

/// <summary>Where test artifacts (screenshots, timings) go: TestResults/viewer/ at the repository root.</summary>
public static class Artifacts
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        var dir = Path.Combine(RepoRoot, "TestResults", "viewer");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    });

    /// <summary>The artifacts directory.</summary>
    public static string Directory => Dir.Value;

    /// <summary>The repository root (where FrontlineMaps.sln is).</summary>
    public static string RepoRoot => RepoPaths.Root;
}

/// <summary>The embedded dataset, one server and browser for all browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class ViewerCollection : ICollectionFixture<ViewerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "viewer";
}
