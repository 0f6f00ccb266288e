using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace FrontlineMaps.Server.Tests.Snapshots;

/// <summary>The PNG snapshot and the link previews that use it (Open Graph, Twitter cards, oEmbed), over real HTTP to Kestrel.</summary>
public partial class LinkPreviewTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    private readonly HttpClient _http = new();

    private async Task<(HttpResponseMessage Response, SKBitmap Image)> GetPng(string path)
    {
        var response = await _http.GetAsync(server.BaseUrl + path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        return (response, SKBitmap.Decode(bytes) ?? throw new InvalidDataException($"{path} does not decode as an image"));
    }

    /// <summary>The place's controller on a date and that faction's colour, as this server reports them.</summary>
    private async Task<(string Faction, SKColor Colour)> ControllerOf(string placeId, string date)
    {
        using var places = JsonDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/snapshots/{date}.geojson?layer=places"));
        var place = places.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == placeId).GetProperty("properties");
        Assert.Equal("held", place.GetProperty("status").GetString());
        var faction = place.GetProperty("faction").GetString()!;
        using var timeline = JsonDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/api/timeline"));
        var colour = timeline.RootElement.GetProperty("factions").EnumerateArray().Single(f => f.GetProperty("id").GetString() == faction).GetProperty("color").GetString()!;
        return (faction, SKColor.Parse(colour));
    }

    private static bool Near(SKColor a, SKColor b, int tolerance) =>
        Math.Abs(a.Red - b.Red) <= tolerance && Math.Abs(a.Green - b.Green) <= tolerance && Math.Abs(a.Blue - b.Blue) <= tolerance;

    [Fact]
    public async Task The_png_snapshot_is_a_1200_by_630_picture_in_the_colour_of_the_faction_holding_the_village_shown()
    {
        var (faction, colour) = await ControllerOf("ain-issa-raqqa", "2020-12-25");
        // A box of a few km around Ain Issa: its cell fills the map with the holder's territory (drawn at 55 % over the land colour).
        var (response, image) = await GetPng("/snapshots/2020-12-25.png?bbox=38.80,36.35,38.92,36.42");
        Assert.Equal((1200, 630), (image.Width, image.Height));
        Assert.NotNull(response.Headers.ETag);
        var land = SKColor.Parse("#f5f2ea");
        var territory = new SKColor((byte)(0.55 * colour.Red + 0.45 * land.Red), (byte)(0.55 * colour.Green + 0.45 * land.Green), (byte)(0.55 * colour.Blue + 0.45 * land.Blue));
        int inTerritory = 0, dot = 0;
        for (var y = 0; y < image.Height; y += 2)
            for (var x = 0; x < image.Width; x += 2)
            {
                var p = image.GetPixel(x, y);
                if (Near(p, territory, 10)) inTerritory++;
                if (Near(p, colour, 6)) dot++;
            }
        var share = inTerritory / (double)(image.Width * image.Height / 4);
        Assert.True(share > 0.15, $"{faction}'s territory colour {territory} covers {share:P1} of the picture");
        Assert.True(dot > 0, $"no pixel in {faction}'s own colour (the village's dot and the legend swatch)");
    }

    [Fact]
    public async Task The_png_takes_width_and_height_within_limits_and_answers_like_the_svg()
    {
        var (_, square) = await GetPng("/snapshots/2019-12-02.png?width=600&height=600");
        Assert.Equal((600, 600), (square.Width, square.Height));
        foreach (var (query, field) in new[] { ("width=5000", "width"), ("height=10", "height"), ("width=abc", "width"), ("size=3", "size") })
        {
            var bad = await _http.GetAsync($"{server.BaseUrl}/snapshots/2019-12-02.png?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.Contains(field, await bad.Content.ReadAsStringAsync());
        }
        var notADate = await _http.GetAsync($"{server.BaseUrl}/snapshots/2019-02-30.png");
        Assert.Equal(HttpStatusCode.BadRequest, notADate.StatusCode);

        // Caching as the SVG: a strong ETag and 304; immutable with the current data version, a minute without.
        var first = await _http.GetAsync($"{server.BaseUrl}/snapshots/2019-12-02.png");
        Assert.Contains("max-age=60", first.Headers.CacheControl!.ToString());
        var again = new HttpRequestMessage(HttpMethod.Get, $"{server.BaseUrl}/snapshots/2019-12-02.png");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(again)).StatusCode);
        using var timeline = JsonDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/api/timeline"));
        var v = timeline.RootElement.GetProperty("url_version").GetString();
        var pinned = await _http.GetAsync($"{server.BaseUrl}/snapshots/2019-12-02.png?v={v}");
        Assert.Contains("immutable", pinned.Headers.CacheControl!.ToString());
        var svg = await _http.GetAsync($"{server.BaseUrl}/snapshots/2019-12-02.svg");
        Assert.NotEqual(svg.Headers.ETag, first.Headers.ETag); // one ETag per format and size
    }

    [Fact]
    public async Task A_viewer_link_previews_as_the_png_of_its_date_pinned_to_what_was_known()
    {
        foreach (var path in new[] { "/?date=2019-12-02", "/embed?date=2019-12-02&bbox=36.5,35.3,37.3,35.9" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
            request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
            var html = await (await _http.SendAsync(request)).Content.ReadAsStringAsync();
            string Meta(string attr, string key) =>
                WebUtility.HtmlDecode(Regex.Match(html, $"<meta {attr}=\"{Regex.Escape(key)}\" content=\"([^\"]*)\">").Groups[1].Value);
            Assert.Equal("summary_large_image", Meta("name", "twitter:card"));
            Assert.Contains("2 December 2019", Meta("property", "og:title"));
            Assert.Contains("places with a known controller", Meta("property", "og:description"));
            Assert.Equal(server.BaseUrl + path, Meta("property", "og:url"));
            var image = Meta("property", "og:image");
            Assert.StartsWith($"{server.BaseUrl}/snapshots/2019-12-02.png?known_at=", image);
            if (path.StartsWith("/embed", StringComparison.Ordinal)) Assert.Contains("bbox=36.5", image);
            Assert.Equal(image, Meta("name", "twitter:image"));
            Assert.Equal(("1200", "630"), (Meta("property", "og:image:width"), Meta("property", "og:image:height")));
            var (_, png) = await GetPng(image[server.BaseUrl.Length..]);
            Assert.Equal((1200, 630), (png.Width, png.Height));
        }
        // A date outside the data or not a date still gives a page whose preview works (the nearest date, the latest date).
        var odd = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/?date=banana");
        odd.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
        var oddHtml = await (await _http.SendAsync(odd)).Content.ReadAsStringAsync();
        var oddImage = WebUtility.HtmlDecode(Regex.Match(oddHtml, "<meta property=\"og:image\" content=\"([^\"]*)\">").Groups[1].Value);
        await GetPng(oddImage[server.BaseUrl.Length..]);
    }

    [Fact]
    public async Task Oembed_gives_a_thumbnail_of_the_same_view_within_maxwidth()
    {
        var link = Uri.EscapeDataString($"{server.BaseUrl}/?date=2019-12-02");
        using var full = JsonDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/oembed?url={link}"));
        var thumb = full.RootElement.GetProperty("thumbnail_url").GetString()!;
        Assert.Equal(1200, full.RootElement.GetProperty("thumbnail_width").GetInt32());
        Assert.Equal(630, full.RootElement.GetProperty("thumbnail_height").GetInt32());
        Assert.Contains("known_at=", thumb);
        await GetPng(thumb[server.BaseUrl.Length..]);

        using var narrow = JsonDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/oembed?url={link}&maxwidth=500"));
        Assert.Equal(500, narrow.RootElement.GetProperty("thumbnail_width").GetInt32());
        var (_, small) = await GetPng(narrow.RootElement.GetProperty("thumbnail_url").GetString()![server.BaseUrl.Length..]);
        Assert.Equal((500, (int)Math.Round(500 * 630 / 1200.0)), (small.Width, small.Height));

        using var tiny = JsonDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/oembed?url={link}&maxwidth=300"));
        Assert.False(tiny.RootElement.TryGetProperty("thumbnail_url", out _)); // too small to read: no thumbnail
    }
}
