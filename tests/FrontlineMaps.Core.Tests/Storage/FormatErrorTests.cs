using System.Text.Json.Nodes;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// Every class of format error, planted in one line of an otherwise valid dataset (see <see cref="Fixtures.Small"/> for
/// the line layout), is reported with its file, line and field, and nothing is loaded.
/// </summary>
public sealed class FormatErrorTests : IDisposable
{
    private readonly TempDir _temp = new();

    public FormatErrorTests() => DatasetFiles.Write(_temp.Path, Fixtures.Small());

    public void Dispose() => _temp.Dispose();

    private void EditLine(string file, int line, Action<JsonObject> edit) => ReplaceLine(file, line, text =>
    {
        var json = JsonNode.Parse(text)!.AsObject();
        edit(json);
        return json.ToJsonString();
    });

    private static JsonNode Allies(string json) => JsonNode.Parse(json)!;

    private void ReplaceLine(string file, int line, Func<string, string> edit)
    {
        var lines = File.ReadAllLines(_temp.File(file)).ToList();
        lines[line - 1] = edit(lines[line - 1]);
        File.WriteAllText(_temp.File(file), string.Join("\n", lines) + "\n");
    }

    private DatasetFormatException LoadFails() => Assert.Throws<DatasetFormatException>(() => DatasetFiles.Read(_temp.Path));

    private static void AssertError(DatasetFormatException error, string file, int line, string? field, string reasonContains)
    {
        Assert.Equal(file, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(reasonContains, error.Reason);
        var location = line > 0 ? $"{file}:{line}" : file;
        Assert.StartsWith(field is null ? $"{location}: " : $"{location}: field '{field}': ", error.Message);
    }

    [Fact]
    public void A_change_naming_an_unknown_faction_is_rejected_with_file_line_and_field()
    {
        EditLine("changes.ndjson", 3, o => o["faction"] = "XYZ");

        var error = LoadFails();

        Assert.Equal("changes.ndjson:3: field 'faction': unknown faction 'XYZ'", error.Message);
    }

    [Fact]
    public void A_schema_2_header_is_refused_naming_the_supported_schema()
    {
        EditLine("places.ndjson", 1, o => o["schema"] = 2);

        var error = LoadFails();

        Assert.Equal("places.ndjson:1: field 'schema': schema 2 is not supported (this version reads schema 1)", error.Message);
    }

    [Fact]
    public void A_schema_2_manifest_is_refused_naming_the_supported_schema()
    {
        File.WriteAllText(_temp.File("dataset.json"), "{\n  \"name\": \"x\",\n  \"schema\": 2\n}\n");

        var error = LoadFails();

        Assert.Equal("dataset.json:3: field 'schema': schema 2 is not supported (this version reads schema 1)", error.Message);
    }

    [Theory]
    [InlineData("unknown member", "places.ndjson", 3, "elevation", "unknown member")]
    [InlineData("unknown member in a citation", "changes.ndjson", 3, "sources[1].page", "unknown member")]
    [InlineData("unknown member in the manifest", "dataset.json", 1, "licence", "unknown member")]
    [InlineData("string for a number", "places.ndjson", 2, "lon", "expected a number, found a string")]
    [InlineData("number for a string", "sources.ndjson", 2, "title", "expected a string, found a number")]
    [InlineData("fraction for an integer", "places.ndjson", 2, "population", "expected an integer, found 12.5")]
    [InlineData("string for a boolean", "places.ndjson", 4, "approximate", "expected true or false, found a string")]
    [InlineData("object for a string array", "factions.ndjson", 3, "aliases", "expected an array of strings, found an object")]
    [InlineData("missing required field", "sources.ndjson", 3, "title", "required field is missing")]
    [InlineData("missing sources", "changes.ndjson", 2, "sources", "required field is missing")]
    [InlineData("bad place kind", "places.ndjson", 5, "kind", "unknown value 'mountain'")]
    [InlineData("bad change status", "changes.ndjson", 4, "status", "unknown value 'taken'")]
    [InlineData("bad change kind", "changes.ndjson", 4, "kind", "unknown value 'Capture'")]
    [InlineData("claim_of claimed", "changes.ndjson", 5, "claim_of", "unknown value 'claimed'")]
    [InlineData("claim_of on a held change", "changes.ndjson", 2, "claim_of", "only allowed when status is 'claimed'")]
    [InlineData("impossible date", "changes.ndjson", 2, "valid_from", "found '2016-02-30'")]
    [InlineData("badly written time", "changes.ndjson", 3, "valid_from", "found '2016-02-15T6:30Z'")]
    [InlineData("date in another format", "sources.ndjson", 2, "published", "expected a date YYYY-MM-DD, found '03/02/2016'")]
    [InlineData("instant without a zone", "changes.ndjson", 2, "recorded_at", "found '2020-01-01T10:00:00'")]
    [InlineData("approximate range ending before it starts", "changes.ndjson", 4, "valid_to_approx", "is before valid_from")]
    [InlineData("bad colour", "factions.ndjson", 2, "color", "expected #rrggbb, found 'red'")]
    [InlineData("duplicate place id", "places.ndjson", 3, "id", "duplicate id 'aleppo' (first at places.ndjson:2)")]
    [InlineData("duplicate change id", "changes.ndjson", 7, "id", "duplicate id 'c1'")]
    [InlineData("duplicate member", "places.ndjson", 2, "name", "duplicate member")]
    [InlineData("unknown place", "changes.ndjson", 2, "place", "unknown place 'atlantis'")]
    [InlineData("unknown source", "changes.ndjson", 3, "sources[1].source", "unknown source 'S9'")]
    [InlineData("retracting an unknown record", "changes.ndjson", 6, "retracts", "unknown record 'c99'")]
    [InlineData("retracting a later record", "changes.ndjson", 3, "retracts", "'c6' is not an earlier record")]
    [InlineData("retraction with a faction", "changes.ndjson", 6, "faction", "a retraction names no faction")]
    [InlineData("retraction retracting nothing", "changes.ndjson", 6, "retracts", "must name the record it withdraws")]
    [InlineData("capture without a faction", "changes.ndjson", 2, "faction", "required field is missing")]
    [InlineData("capture without sources", "changes.ndjson", 2, "sources", "at least one source is required")]
    [InlineData("unknown parent", "factions.ndjson", 3, "parent", "unknown faction 'ARMY'")]
    [InlineData("unknown ally", "factions.ndjson", 3, "allies", "unknown faction 'RU'")]
    [InlineData("unknown dated ally", "factions.ndjson", 7, "allies[0].faction", "unknown faction 'RU'")]
    [InlineData("alliance ending before it starts", "factions.ndjson", 7, "allies[0].to", "2016-01-01 is not after from 2018-06-01")]
    [InlineData("alliance ending the day it starts", "factions.ndjson", 7, "allies[0].to", "2016-01-01 is not after from 2016-01-01")]
    [InlineData("overlapping alliances of one pair", "factions.ndjson", 7, "allies[1].from", "overlaps element 0 [2016-01-01, 2018-06-01)")]
    [InlineData("alliance overlapping the other side's", "factions.ndjson", 3, "allies[1].from", "overlaps the one 'SDF' declares [2016-02-01, 2016-06-01)")]
    [InlineData("plain ally overlapping a dated one", "factions.ndjson", 3, "allies", "overlaps the one 'SDF' declares")]
    [InlineData("unknown member in an alliance", "factions.ndjson", 7, "allies[0].until", "unknown member")]
    [InlineData("unknown successor", "factions.ndjson", 5, "succeeded_by", "unknown faction 'HTS2'")]
    [InlineData("empty optional text", "places.ndjson", 4, "note", "must not be empty")]
    [InlineData("url that is not an address", "sources.ndjson", 2, "url", "expected an absolute http(s) address")]
    [InlineData("url with a raw newline", "sources.ndjson", 2, "url", "the character U+000A at position 20 is not allowed in a URI")]
    [InlineData("control character in a name", "places.ndjson", 3, "name", "contains the control character U+0007 at position 4")]
    [InlineData("carriage return in an admin unit", "places.ndjson", 4, "subdistrict", "contains the control character U+000D")]
    [InlineData("control character in a claimant", "changes.ndjson", 3, "sources[1].claimant", "contains the control character U+0000")]
    [InlineData("lone surrogate in a title", "sources.ndjson", 2, "title", "not valid Unicode text")]
    [InlineData("control character in an alias", "factions.ndjson", 3, "aliases", "element 0: contains the control character U+001B")]
    [InlineData("latitude out of range", "places.ndjson", 2, "lat", "is not a latitude")]
    [InlineData("wrong header type", "places.ndjson", 1, "type", "expected 'places', found 'factions'")]
    [InlineData("header missing", "sources.ndjson", 1, null, "missing header line")]
    [InlineData("record that is not an object", "places.ndjson", 3, null, "expected a JSON object, found an array")]
    [InlineData("invalid JSON", "changes.ndjson", 5, null, "invalid JSON")]
    [InlineData("missing boundary file", "dataset.json", 1, "boundary", "file 'boundary.geojson' is missing")]
    [InlineData("boundary that is not a polygon", "boundary.geojson", 0, "type", "expected a Polygon or MultiPolygon")]
    public void Each_error_class_is_reported_with_file_line_and_field(string error, string file, int line, string? field, string reason)
    {
        Plant(error);

        AssertError(LoadFails(), file, line, field, reason);
    }

    private void Plant(string error)
    {
        switch (error)
        {
            case "unknown member": EditLine("places.ndjson", 3, o => o["elevation"] = 300); break;
            case "unknown member in a citation": EditLine("changes.ndjson", 3, o => o["sources"]![1]!["page"] = 4); break;
            case "unknown member in the manifest": EditLine("dataset.json", 1, o => o["licence"] = "CC0"); break;
            case "string for a number": EditLine("places.ndjson", 2, o => o["lon"] = "37.16"); break;
            case "number for a string": EditLine("sources.ndjson", 2, o => o["title"] = 5); break;
            case "fraction for an integer": EditLine("places.ndjson", 2, o => o["population"] = 12.5); break;
            case "string for a boolean": EditLine("places.ndjson", 4, o => o["approximate"] = "yes"); break;
            case "object for a string array": EditLine("factions.ndjson", 3, o => o["aliases"] = new JsonObject()); break;
            case "missing required field": EditLine("sources.ndjson", 3, o => o.Remove("title")); break;
            case "missing sources": EditLine("changes.ndjson", 2, o => o.Remove("sources")); break;
            case "bad place kind": EditLine("places.ndjson", 5, o => o["kind"] = "mountain"); break;
            case "bad change status": EditLine("changes.ndjson", 4, o => o["status"] = "taken"); break;
            case "bad change kind": EditLine("changes.ndjson", 4, o => o["kind"] = "Capture"); break;
            case "claim_of claimed": EditLine("changes.ndjson", 5, o => o["claim_of"] = "claimed"); break;
            case "claim_of on a held change": EditLine("changes.ndjson", 2, o => o["claim_of"] = "contested"); break;
            case "impossible date": EditLine("changes.ndjson", 2, o => o["valid_from"] = "2016-02-30"); break;
            case "badly written time": EditLine("changes.ndjson", 3, o => o["valid_from"] = "2016-02-15T6:30Z"); break;
            case "date in another format": EditLine("sources.ndjson", 2, o => o["published"] = "03/02/2016"); break;
            case "instant without a zone": EditLine("changes.ndjson", 2, o => o["recorded_at"] = "2020-01-01T10:00:00"); break;
            case "approximate range ending before it starts": EditLine("changes.ndjson", 4, o => o["valid_to_approx"] = "2016-11-30"); break;
            case "bad colour": EditLine("factions.ndjson", 2, o => o["color"] = "red"); break;
            case "duplicate place id": EditLine("places.ndjson", 3, o => o["id"] = "aleppo"); break;
            case "duplicate change id": EditLine("changes.ndjson", 7, o => o["id"] = "c1"); break;
            case "duplicate member": ReplaceLine("places.ndjson", 2, l => l.Replace("\"kind\":", "\"name\":\"Again\",\"kind\":")); break;
            case "unknown place": EditLine("changes.ndjson", 2, o => o["place"] = "atlantis"); break;
            case "unknown source": EditLine("changes.ndjson", 3, o => o["sources"]![1]!["source"] = "S9"); break;
            case "retracting an unknown record": EditLine("changes.ndjson", 6, o => o["retracts"] = "c99"); break;
            case "retracting a later record": EditLine("changes.ndjson", 3, o => o["retracts"] = "c6"); break;
            case "retraction with a faction": EditLine("changes.ndjson", 6, o => o["faction"] = "SAA"); break;
            case "retraction retracting nothing": EditLine("changes.ndjson", 6, o => o.Remove("retracts")); break;
            case "capture without a faction": EditLine("changes.ndjson", 2, o => o.Remove("faction")); break;
            case "capture without sources": EditLine("changes.ndjson", 2, o => o["sources"] = new JsonArray()); break;
            case "unknown parent": EditLine("factions.ndjson", 3, o => o["parent"] = "ARMY"); break;
            case "unknown ally": EditLine("factions.ndjson", 3, o => o["allies"] = new JsonArray("NDF", "RU")); break;
            case "unknown dated ally": EditLine("factions.ndjson", 7, o => o["allies"] = Allies("""[{"faction":"RU","from":"2016-01-01"}]""")); break;
            case "alliance ending before it starts":
                EditLine("factions.ndjson", 7, o => o["allies"] = Allies("""[{"faction":"SAA","from":"2018-06-01","to":"2016-01-01"}]""")); break;
            case "alliance ending the day it starts":
                EditLine("factions.ndjson", 7, o => o["allies"] = Allies("""[{"faction":"SAA","from":"2016-01-01","to":"2016-01-01"}]""")); break;
            case "overlapping alliances of one pair":
                EditLine("factions.ndjson", 7, o => o["allies"] = Allies("""[{"faction":"SAA","from":"2016-01-01","to":"2018-06-01"},{"faction":"SAA","from":"2018-05-31"}]""")); break;
            case "alliance overlapping the other side's":
                EditLine("factions.ndjson", 3, o => o["allies"] = Allies("""["NDF",{"faction":"SDF","from":"2016-03-01","to":"2016-09-01"}]""")); break;
            case "plain ally overlapping a dated one": EditLine("factions.ndjson", 3, o => o["allies"] = new JsonArray("NDF", "SDF")); break;
            case "unknown member in an alliance":
                EditLine("factions.ndjson", 7, o => o["allies"] = Allies("""[{"faction":"SAA","until":"2018-06-01"}]""")); break;
            case "unknown successor": EditLine("factions.ndjson", 5, o => o["succeeded_by"] = "HTS2"); break;
            case "empty optional text": EditLine("places.ndjson", 4, o => o["note"] = ""); break;
            case "url that is not an address": EditLine("sources.ndjson", 2, o => o["url"] = "SOHR website"); break;
            case "url with a raw newline": EditLine("sources.ndjson", 2, o => o["url"] = "https://example.com/\njavascript:alert(1)"); break;
            case "control character in a name": EditLine("places.ndjson", 3, o => o["name"] = "Ejaz\u0007"); break;
            case "carriage return in an admin unit": EditLine("places.ndjson", 4, o => o["subdistrict"] = "Qudsiya\r\n"); break;
            case "control character in a claimant": EditLine("changes.ndjson", 3, o => o["sources"]![1]!["claimant"] = "SANA\u0000"); break;
            case "lone surrogate in a title": ReplaceLine("sources.ndjson", 2, t => t.Replace("\"title\":\"", "\"title\":\"\\ud800", StringComparison.Ordinal)); break;
            case "control character in an alias": EditLine("factions.ndjson", 3, o => o["aliases"] = new System.Text.Json.Nodes.JsonArray("\u001b[31m")); break;
            case "latitude out of range": EditLine("places.ndjson", 2, o => o["lat"] = 96.2); break;
            case "wrong header type": EditLine("places.ndjson", 1, o => o["type"] = "factions"); break;
            case "header missing":
                var lines = File.ReadAllLines(_temp.File("sources.ndjson"));
                File.WriteAllLines(_temp.File("sources.ndjson"), lines.Skip(1));
                break;
            case "record that is not an object": ReplaceLine("places.ndjson", 3, _ => "[1, 2]"); break;
            case "invalid JSON": ReplaceLine("changes.ndjson", 5, l => l[..^3]); break;
            case "missing boundary file": File.Delete(_temp.File("boundary.geojson")); break;
            case "boundary that is not a polygon": File.WriteAllText(_temp.File("boundary.geojson"), """{"type":"Point","coordinates":[36,35]}"""); break;
            default: throw new ArgumentException(error);
        }
    }
}
