using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FrontlineMaps.Server.Tests.Api;

/// <summary>The change feeds are paged (Atom as RFC 5005 says, CSV with Link headers) and bounded, over real HTTP.</summary>
public class FeedPagingTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly HttpClient _http = new();
    private const string Window = "from=2011-01-01&to=2024-12-31";

    private static string? Link(XDocument feed, string rel) =>
        feed.Root!.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href")?.Value;

    [Fact]
    public async Task A_reader_following_next_links_gets_every_entry_of_the_window_once_in_bounded_pages()
    {
        var whole = XDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/api/changes.atom?{Window}"));
        var expected = whole.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value).ToList();
        Assert.True(expected.Count > 5);

        var seen = new List<string>();
        var url = $"{server.BaseUrl}/api/changes.atom?{Window}&limit=5";
        var pages = 0;
        XDocument? page = null;
        while (url is not null)
        {
            page = XDocument.Parse(await _http.GetStringAsync(url));
            var entries = page.Root!.Elements(Atom + "entry").ToList();
            Assert.InRange(entries.Count, 1, 5);
            seen.AddRange(entries.Select(e => e.Element(Atom + "id")!.Value));
            Assert.NotNull(Link(page, "first"));
            Assert.NotNull(Link(page, "last"));
            if (pages > 0) Assert.NotNull(Link(page, "previous"));
            url = Link(page, "next");
            Assert.True(++pages < 100);
        }
        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 4) / 5, pages);
        Assert.Null(Link(page!, "next"));
    }

    [Fact]
    public async Task The_csv_feed_pages_with_link_headers_and_counts_every_row()
    {
        var response = await _http.GetAsync($"{server.BaseUrl}/api/changes.csv?{Window}&limit=4");
        var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var rows = 0;
        var url = $"{server.BaseUrl}/api/changes.csv?{Window}&limit=4";
        while (url is not null)
        {
            var page = await _http.GetAsync(url);
            var lines = (await page.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            rows += lines.Length - 1; // the header row on every page
            url = page.Headers.TryGetValues("Link", out var link)
                ? Regex.Match(string.Join(",", link), "<([^>]+)>; rel=\"next\"") is { Success: true } m ? m.Groups[1].Value : null
                : null;
        }
        Assert.Equal(total, rows);
        Assert.True(total > 4);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("page=2", "page")]
    public async Task A_bad_page_is_a_400_naming_the_parameter(string query, string parameter)
    {
        foreach (var feed in new[] { "atom", "csv" })
        {
            var response = await _http.GetAsync($"{server.BaseUrl}/api/changes.{feed}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(parameter, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_page_is_never_larger_than_the_maximum_whatever_limit_asks()
    {
        var feed = XDocument.Parse(await _http.GetStringAsync($"{server.BaseUrl}/api/changes.atom?{Window}&limit=99999999"));
        Assert.Contains("limit=10000", Link(feed, "first"));
    }
}
