using System.Globalization;
using System.Net;
using System.Xml.Linq;
using static FrontlineMaps.Server.Tests.Api.ApiTestData;

namespace FrontlineMaps.Server.Tests.Api;

public class ChangeFeedTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static List<RawChange> InWindow(DateOnly from, DateOnly to) => Changes.Where(c => c.EffectiveDay >= from && c.EffectiveDay < to).ToList();

    [Fact]
    public async Task The_CSV_feed_has_a_header_and_one_row_per_record_in_the_half_open_window()
    {
        var response = await factory.CreateClient().GetAsync("/api/changes.csv?from=2019-11-30&to=2019-12-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var disposition = response.Content.Headers.ContentDisposition ?? System.Net.Http.Headers.ContentDispositionHeaderValue.Parse(response.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.EndsWith(".csv", disposition.FileName?.Trim('"'));

        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        var header = rows[0];
        Assert.Equal("id", header[0]);
        var expected = InWindow(new DateOnly(2019, 11, 30), new DateOnly(2019, 12, 1));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal(header.Count, r.Count));
        Assert.Equal(expected.Select(c => c.Id).Order(), rows.Skip(1).Select(r => r[0]).Order());
    }

    [Fact]
    public async Task The_feed_defaults_to_the_last_ninety_days_with_data()
    {
        var last = Changes.Max(c => c.EffectiveDay);
        var expected = InWindow(last.AddDays(1 - 90), last.AddDays(1));
        var rows = ParseCsv(await factory.CreateClient().GetStringAsync("/api/changes.csv"));
        Assert.Equal(expected.Count, rows.Count - 1);
        var atom = XDocument.Parse(await factory.CreateClient().GetStringAsync("/api/changes.atom"));
        Assert.Equal(expected.Count, atom.Root!.Elements(Atom + "entry").Count());
    }

    [Fact]
    public async Task The_Atom_feed_is_valid_XML_with_one_entry_per_record_and_links_to_place_histories()
    {
        var response = await factory.CreateClient().GetAsync("/api/changes.atom?from=2019-11-30&to=2019-12-02");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var feed = doc.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.False(string.IsNullOrEmpty(feed.Element(Atom + "id")?.Value));
        Assert.False(string.IsNullOrEmpty(feed.Element(Atom + "title")?.Value));
        Assert.True(DateTimeOffset.TryParse(feed.Element(Atom + "updated")?.Value, CultureInfo.InvariantCulture, out _));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && ((string?)l.Attribute("href"))!.Contains("/api/changes.atom"));
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));

        var expected = InWindow(new DateOnly(2019, 11, 30), new DateOnly(2019, 12, 2));
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(expected.Count, entries.Count);
        foreach (var e in entries)
        {
            var id = e.Element(Atom + "id")!.Value;
            Assert.StartsWith("tag:frontlinemaps,2026:change/", id);
            var raw = expected.Single(c => "tag:frontlinemaps,2026:change/" + c.Id == id);
            Assert.Equal(DateTimeOffset.Parse(raw.Json.GetProperty("recorded_at").GetString()!, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture));
            var href = (string)e.Element(Atom + "link")!.Attribute("href")!;
            Assert.EndsWith($"/api/places/{raw.Place}/history", href);
            Assert.Contains("Sources:", e.Element(Atom + "summary")!.Value);
        }
        var ejaz = entries.Single(e => e.Element(Atom + "id")!.Value.EndsWith("/r002-ejaz-hts-capture", StringComparison.Ordinal));
        Assert.Equal("Ejaz: captured by HTS (held)", ejaz.Element(Atom + "title")!.Value);
        var claimed = entries.Single(e => e.Element(Atom + "id")!.Value.EndsWith("/r003-ajaz-sna-claimed", StringComparison.Ordinal));
        Assert.Contains("claimant: National Front for Liberation", claimed.Element(Atom + "summary")!.Value);
    }

    [Theory]
    [InlineData("/api/changes.csv")]
    [InlineData("/api/changes.atom")]
    public async Task The_feed_rejects_bad_windows_naming_the_parameter(string path)
    {
        var client = factory.CreateClient();
        await AssertProblem(client, path + "?from=2019-12-02&to=2019-11-30", 400, "to");
        await AssertProblem(client, path + "?from=2019-12-32", 400, "from");
        await AssertProblem(client, path + "?to=1999-01-01", 422, "to");
    }
}
