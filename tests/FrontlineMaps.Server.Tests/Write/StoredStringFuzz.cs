using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using CsvHelper;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// The fuzzer's stored-string phase (issue 15, "How to test"): hostile strings go into every free-text field of every record
/// type (faction, source, place, change and its citation's claimant, review, retraction); those that are not valid text
/// (control characters, lone surrogates) must be refused and leave nothing; the rest are stored. Then every output format is
/// fetched and must be a 2xx that parses, is well-formed and is escaped: JSON, GeoJSON, TileJSON, oEmbed, HTML pages, Atom,
/// SVG, both CSV feeds and vector tiles.
/// </summary>
internal static class StoredStringFuzz
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task Run(StoreServer store, int seed)
    {
        using var editor = store.Client("editor");
        using var reviewer = store.Client("reviewer");
        using var admin = store.Client("admin");
        using var reader = store.Client();
        var random = new Random(seed);
        var strings = HostileStrings.Valid.Append(HostileStrings.Long).ToArray();
        var n = 0;
        string S() => strings[n++ % strings.Length];

        // Refused: every invalid character in every kind of field, as a raw character and as a lone surrogate escape.
        var before = (await Get(reader, "/api/timeline")).GetProperty("data_version").GetString();
        foreach (var bad in HostileStrings.Invalid)
        {
            var text = "a" + bad + "b";
            await Problem(admin, "/api/factions", new JsonObject { ["id"] = "HX", ["name"] = text, ["short_name"] = "X", ["color"] = "#123456" }.ToJsonString(), 422, "name");
            await Problem(editor, "/api/sources", new JsonObject { ["id"] = "hx", ["publisher"] = "P", ["title"] = text }.ToJsonString(), 422, "title");
            await Problem(admin, "/api/places", new JsonObject { ["id"] = "hx", ["name"] = "N", ["kind"] = "village", ["lon"] = 36.6, ["lat"] = 35.9, ["note"] = text }.ToJsonString(), 422, "note");
            await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "2020-01-15", extra: $",\"note\":{JsonSerializer.Serialize(text)}"), 422, "note");
        }
        await Problem(editor, "/api/sources", """{"id":"hx","publisher":"P\ud800","title":"T"}""", 400, "body");
        await Problem(editor, "/api/changes", Change("ejaz-idlib", "SAA", "2020-01-15", extra: ",\"note\":\"\\udc00\""), 400, "body");
        Assert.Equal(before, (await Get(reader, "/api/timeline")).GetProperty("data_version").GetString());

        // Stored: hostile but valid text in every free-text field.
        var places = new List<string>();
        var names = new List<string>();
        for (var round = 0; round < strings.Length; round++)
        {
            var faction = $"HF{round}";
            await Created(admin, "/api/factions", new JsonObject
            {
                ["id"] = faction, ["name"] = S(), ["short_name"] = S(), ["color"] = $"#{random.Next(0x1000000):x6}", ["aliases"] = new JsonArray(S()),
            }.ToJsonString(Relaxed));
            var source = $"hs-{round}";
            await Created(editor, "/api/sources", new JsonObject
            {
                ["id"] = source, ["publisher"] = S(), ["title"] = S(), ["url"] = $"https://example.com/{round}?a=javascript:alert(1)", ["published"] = "2020-01-14",
            }.ToJsonString(Relaxed));
            var place = $"hp-{round}";
            places.Add(place);
            var name = S();
            names.Add(name);
            await Created(admin, "/api/places", new JsonObject
            {
                ["id"] = place, ["name"] = name, ["names"] = new JsonArray(S(), S()), ["kind"] = round % 2 == 0 ? "town" : "village",
                ["lon"] = 36.55 + random.NextDouble() * 0.3, ["lat"] = 35.75 + random.NextDouble() * 0.3,
                ["governorate"] = S(), ["district"] = S(), ["subdistrict"] = S(), ["pcode"] = S(), ["note"] = S(),
            }.ToJsonString(Relaxed));
            var claim = await Created(editor, "/api/changes", new JsonObject
            {
                ["place"] = place, ["faction"] = faction, ["valid_from"] = "2020-01-15", ["kind"] = "capture", ["status"] = "claimed", ["note"] = S(),
                ["sources"] = new JsonArray(new JsonObject { ["source"] = source, ["claimant"] = S() }),
            }.ToJsonString(Relaxed));
            var claimId = claim.GetProperty("changes")[0].GetProperty("id").GetString()!;
            if (round % 3 == 0)
                await Created(reviewer, $"/api/changes/{claimId}/review", new JsonObject { ["verdict"] = "confirmed", ["note"] = S() }.ToJsonString(Relaxed));
            else if (round % 3 == 1)
                await Created(reviewer, $"/api/changes/{claimId}/retract", new JsonObject { ["note"] = S() }.ToJsonString(Relaxed));
        }

        // Every output format.
        const string day = "2020-01-16";
        var window = "from=2020-01-01&to=2020-02-01";
        var json = new List<string>
        {
            "/", "/conformance", "/api", "/collections", "/api/timeline", "/health", $"/api/diff?from=2020-01-01&to={day}",
            $"/api/stats/area?from=2020-01-01&to={day}&step=day", $"/tiles/{day}.json", "/tiles/latest.json",
            $"/oembed?url={Uri.EscapeDataString(store.BaseUrl + "/embed?date=" + day)}",
        };
        foreach (var c in new[] { "places", "changes", "territory", "frontlines", "factions" })
        {
            json.Add($"/collections/{c}");
            json.Add($"/collections/{c}/items?limit=10000" + (c == "changes" ? "&datetime=2020-01-01/2020-02-01" : c == "factions" ? "" : $"&datetime={day}"));
        }
        foreach (var layer in new[] { "places", "territory", "frontlines" }) json.Add($"/snapshots/{day}.geojson?layer={layer}");
        foreach (var place in places)
        {
            json.Add($"/collections/places/items/{place}?datetime={day}");
            json.Add($"/api/places/{place}/history");
            json.Add($"/api/places/{place}");
        }
        foreach (var path in json)
        {
            var text = await Ok(reader, path);
            using var _ = JsonDocument.Parse(text);
        }
        // Stored strings come back exactly.
        for (var i = 0; i < places.Count; i++)
            Assert.Equal(names[i], (await Get(reader, $"/api/places/{places[i]}")).GetProperty("place").GetProperty("name").GetString());

        var html = new List<string> { "/?f=html", "/collections?f=html", "/api?f=html", "/conformance?f=html" };
        foreach (var c in new[] { "places", "changes", "factions", "territory", "frontlines" })
            html.Add($"/collections/{c}/items?f=html&limit=1000" + (c == "changes" ? "&datetime=2020-01-01/2020-02-01" : c == "factions" ? "" : $"&datetime={day}"));
        html.AddRange(places.Select(p => $"/collections/places/items/{p}?f=html&datetime={day}"));
        foreach (var path in html)
        {
            var text = await Ok(reader, path);
            Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("</svg>", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript:", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\n' or '\t'));
        }

        var xml = new[] { $"/api/changes.atom?{window}", $"/snapshots/{day}.svg", $"/snapshots/{day}.svg?width=1800&bbox=36.4,35.6,37.0,36.2" };
        var foundInXml = new HashSet<string>();
        foreach (var path in xml)
        {
            var doc = XDocument.Parse(await Ok(reader, path));
            Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "foreignObject");
            Assert.DoesNotContain(doc.Descendants().Attributes(), a => a.Name.LocalName == "href" && a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
            var all = string.Concat(doc.DescendantNodes().OfType<XText>().Select(t => t.Value));
            foreach (var s in HostileStrings.Valid) if (all.Contains(s, StringComparison.Ordinal)) foundInXml.Add(s);
        }
        // The hostile strings are there as text (escaped markup, not markup): most of them, markup-like ones among them.
        Assert.True(foundInXml.Count >= HostileStrings.Valid.Length / 2, $"only {foundInXml.Count} hostile strings found as text in the XML outputs");
        Assert.Contains(foundInXml, s => s.Contains('<') || s.Contains("]]>", StringComparison.Ordinal));

        foreach (var path in new[] { $"/api/changes.csv?{window}", "/collections/changes/items?f=csv&limit=10000&datetime=2020-01-01/2020-02-01" })
        {
            using var csv = new CsvReader(new StringReader(await Ok(reader, path)), CultureInfo.InvariantCulture);
            var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            Assert.NotEmpty(rows);
            foreach (var row in rows)
                foreach (var (name, value) in row)
                    if (name is not ("lon" or "lat") && value is string s && s.Length > 0)
                        Assert.True(Array.IndexOf(Core.Encoders.CsvCell.FormulaPrefixes, s[0]) < 0, $"{path}: {name} = {s[..Math.Min(60, s.Length)]}");
        }

        var tile = await TileOf(reader, places[0], 10);
        using var mvt = await reader.GetAsync($"/tiles/{day}/{tile.Z}/{tile.X}/{tile.Y}.mvt");
        Assert.Equal(HttpStatusCode.OK, mvt.StatusCode);
        Assert.NotEmpty(await mvt.Content.ReadAsByteArrayAsync());
    }

    private static async Task<string> Ok(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text[..Math.Min(400, text.Length)]}");
        return text;
    }
}
