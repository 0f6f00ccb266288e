using System.Diagnostics;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using Xunit.Abstractions;

namespace FrontlineMaps.Core.Tests.Import;

public sealed class WikipediaMapImporterTests(ITestOutputHelper output)
{
    private static string FilePath => SharedData.Path("data", "gazetteer", "wikipedia-syria-detailed-map-2026-01-30.json");

    [Fact]
    public void The_Wikipedia_map_gives_6230_places_and_the_owner_distribution_of_the_file()
    {
        var sw = Stopwatch.StartNew();
        var map = WikipediaMapImporter.Read(FilePath);
        output.WriteLine($"Wikipedia map: {map.Places.Length} places, {map.Changes.Length} changes in {sw.Elapsed.TotalMilliseconds:F0} ms");

        // Expected counts computed from the raw file, mapped through the documented default mapping.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var raw = doc.RootElement.EnumerateArray().ToList();
        var owners = WikipediaMapImporter.DefaultOwnerMap();
        var expected = raw.Where(r => r.TryGetProperty("owner", out var o) && o.GetString() is { Length: > 0 })
            .GroupBy(r => owners[r.GetProperty("owner").GetString()!]).ToDictionary(g => g.Key, g => g.Count());
        var actual = map.Changes.GroupBy(c => c.FactionId!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(6230, raw.Count);
        Assert.Equal(raw.Count, map.Places.Length);
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        Assert.Contains(WikipediaMapImporter.DefaultGovernmentFactionId, actual.Keys);
        Assert.DoesNotContain("HTS", actual.Keys);
        Assert.Equal(map.Places.Length, map.Places.Select(p => p.Id).Distinct().Count());
        for (int i = 0; i < raw.Count; i++)
        {
            Assert.Equal(WikipediaMapImporter.DisplayName(raw[i].GetProperty("name").GetString()!), map.Places[i].Name);
            Assert.Equal(raw[i].GetProperty("lat").GetDouble(), map.Places[i].Lat);
            Assert.Equal(raw[i].GetProperty("lng").GetDouble(), map.Places[i].Lon);
        }

        var date = new DateOnly(2026, 1, 30);
        Assert.Equal(new Source("wikipedia-syria-detailed-map-2026-01-30", "Wikipedia", "Syrian Civil War detailed map (module extract)", null, date), map.Source);
        var places = map.Places.Select(p => p.Id).ToHashSet();
        Assert.All(map.Changes, c =>
        {
            Assert.Equal(ChangeKind.Confirmation, c.Kind);
            Assert.Equal(ChangeStatus.Held, c.Status);
            Assert.Equal(date, c.ValidTime.Day);
            Assert.Equal(map.Source.Id, Assert.Single(c.Sources).SourceId);
            Assert.Contains(c.PlaceId, places);
        });
        int besieged = raw.Count(r => r.TryGetProperty("is_besieged", out var b) && b.GetBoolean());
        Assert.Equal(besieged, map.Changes.Count(c => c.Note == "besieged on the map"));
    }

    [Fact]
    public void A_caller_mapping_replaces_the_default_and_names_the_government_faction()
    {
        var owners = WikipediaMapImporter.DefaultOwnerMap("GOV");
        var map = WikipediaMapImporter.Read(FilePath, new DateOnly(2026, 2, 1), owners, recordedBy: "tester");

        Assert.Contains(map.Changes, c => c.FactionId == "GOV");
        Assert.All(map.Changes, c => Assert.Equal(new DateOnly(2026, 2, 1), c.ValidTime.Day));
        Assert.All(map.Changes, c => Assert.Equal("tester", c.RecordedBy));
    }

    [Fact]
    public void An_unknown_owner_fails_with_file_record_and_field()
    {
        string text = File.ReadAllText(FilePath);
        int third = NthIndex(text, "\"owner\": \"Druze\"", 3);
        string corrupted = text[..third] + "\"owner\": \"Martians\"" + text[(third + "\"owner\": \"Druze\"".Length)..];
        using var dir = new SharedData.TempDir();
        string path = dir.File("wikipedia-syria-detailed-map-2026-01-30.json");
        File.WriteAllText(path, corrupted);

        var e = Assert.Throws<ImportException>(() => WikipediaMapImporter.Read(path));
        Assert.Equal(("wikipedia-syria-detailed-map-2026-01-30.json", 3L, "owner"), (e.File, e.Line, e.Field));
        Assert.Contains("Martians", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_coordinate_or_an_unknown_member_is_rejected()
    {
        var e1 = Assert.Throws<ImportException>(() => Read("""[{"name":"A","lat":33,"lng":36,"owner":"SDF"},{"name":"B","lat":"x","lng":36,"owner":"SDF"}]"""));
        Assert.Equal((2L, "lat"), (e1.Line, e1.Field));
        var e2 = Assert.Throws<ImportException>(() => Read("""[{"name":"A","lat":33,"lng":36,"ownr":"SDF"}]"""));
        Assert.Equal((1L, "ownr"), (e2.Line, e2.Field));
        Assert.Throws<ArgumentException>(() => WikipediaMapImporter.Read(Path.Combine(Path.GetTempPath(), "no-date.json")));
    }

    [Fact]
    public void A_label_written_with_HTML_entities_reads_as_people_type_it_and_keeps_its_id()
    {
        var import = Read("""[{"name":"Tell al&#8209;Hawa","lat":33,"lng":36,"owner":"SDF"},{"name":"Kafr&nbsp;Nabl &amp; Hass","lat":35.6,"lng":36.6}]""");
        Assert.Equal(["Tell al-Hawa", "Kafr Nabl & Hass"], import.Places.Select(p => p.Name));
        Assert.Equal("wp-tell-al-8209-hawa", import.Places[0].Id); // made from the raw text, as before: ids never move
    }

    private static WikipediaMapImport Read(string json) =>
        WikipediaMapImporter.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "t.json", new DateOnly(2026, 1, 1));

    private static int NthIndex(string text, string value, int n)
    {
        int at = -1;
        for (int i = 0; i < n; i++) at = text.IndexOf(value, at + 1, StringComparison.Ordinal);
        Assert.True(at >= 0);
        return at;
    }
}
