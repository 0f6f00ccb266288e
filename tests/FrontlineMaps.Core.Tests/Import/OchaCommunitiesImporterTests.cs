using System.Diagnostics;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using Xunit.Abstractions;

namespace FrontlineMaps.Core.Tests.Import;

public sealed class OchaCommunitiesImporterTests(ITestOutputHelper output)
{
    private static string FilePath => SharedData.Path("data", "gazetteer", "ocha-syria-communities-2015.geojson");

    [Fact]
    public void The_OCHA_file_gives_5251_places_with_Arabic_names_and_P_codes()
    {
        var sw = Stopwatch.StartNew();
        var places = OchaCommunitiesImporter.Read(FilePath);
        output.WriteLine($"OCHA communities: {places.Length} places in {sw.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(5251, places.Length);
        Assert.Equal(places.Length, places.Select(p => p.Id).Distinct().Count());
        Assert.All(places, p =>
        {
            Assert.Matches("^C[0-9]+$", p.Admin.PCode);
            Assert.Equal("ocha-" + p.Admin.PCode!.ToLowerInvariant(), p.Id);
            Assert.Contains(p.AlternateNames, n => n.Any(c => c is >= '\u0600' and <= '\u06FF'));
            Assert.False(string.IsNullOrEmpty(p.Admin.Governorate));
            Assert.False(string.IsNullOrEmpty(p.Admin.District));
            Assert.False(string.IsNullOrEmpty(p.Admin.Subdistrict));
            Assert.InRange(p.Lon, 35, 43);
            Assert.InRange(p.Lat, 32, 38);
        });

        // The first feature, checked field by field against the raw JSON.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var features = doc.RootElement.GetProperty("features");
        var props = features[0].GetProperty("properties");
        var first = places[0];
        Assert.Equal(props.GetProperty("NAME_EN").GetString(), first.Name);
        Assert.Contains(props.GetProperty("NAME_ARA").GetString(), first.AlternateNames);
        Assert.Equal(props.GetProperty("ADMIN1_EN").GetString(), first.Admin.Governorate);
        Assert.Equal(props.GetProperty("ADMIN2_EN").GetString(), first.Admin.District);
        Assert.Equal(props.GetProperty("ADMIN3_EN").GetString(), first.Admin.Subdistrict);
        Assert.Equal(props.GetProperty("LONGITUDE").GetDouble(), first.Lon);
        Assert.Equal(props.GetProperty("LATITUDE").GetDouble(), first.Lat);

        // Administrative centres are cities and towns, as many as the file marks.
        int centres = features.EnumerateArray().Count(f => f.GetProperty("properties").GetProperty("CAPIT_LVL").ValueKind == JsonValueKind.Number);
        Assert.Equal(centres, places.Count(p => p.Kind is PlaceKind.City or PlaceKind.Town));
        Assert.Contains(places, p => p.Name == "Damascus" && p.Kind == PlaceKind.City);
    }

    [Fact]
    public void A_corrupted_copy_fails_with_file_record_and_field()
    {
        string text = File.ReadAllText(FilePath);
        int at = text.IndexOf("\"LATITUDE\": ", text.IndexOf("\"C4270\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at > 0);
        int end = text.IndexOf(',', at);
        string corrupted = text[..at] + "\"LATITUDE\": \"north\"" + text[end..];
        using var dir = new SharedData.TempDir();
        string path = dir.File("ocha-broken.geojson");
        File.WriteAllText(path, corrupted);

        var e = Assert.Throws<ImportException>(() => OchaCommunitiesImporter.Read(path));
        Assert.Equal("ocha-broken.geojson", e.File);
        Assert.Equal(3, e.Line);
        Assert.Equal("LATITUDE", e.Field);
        Assert.StartsWith("ocha-broken.geojson:3: field 'LATITUDE':", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_P_code_is_rejected()
    {
        string text = File.ReadAllText(FilePath).Replace("\"PCODE\": \"C4269\"", "\"PCODE\": \"C4268\"", StringComparison.Ordinal);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var e = Assert.Throws<ImportException>(() => OchaCommunitiesImporter.Read(stream, "dup.geojson"));
        Assert.Equal(("dup.geojson", 2L, "PCODE"), (e.File, e.Line, e.Field));
    }
}
