using System.Text.Json;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Cli;
using FrontlineMaps.Core.Tests.Import;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>Importing gazetteers into a dataset: merges, additions, known pairs, errors, and a dated snapshot.</summary>
public class GazetteerImportTests
{
    private static readonly string Ocha = SharedData.Path("data", "gazetteer", "ocha-syria-communities-2015.geojson");
    private static readonly string Wikipedia = SharedData.Path("data", "gazetteer", "wikipedia-syria-detailed-map-2026-01-30.json");
    private static readonly string Links = SharedData.Path("data", "gazetteer", "wikipedia-ocha-name-links.json");

    private static Dictionary<string, string> Decisions(string csv) =>
        File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1]);

    [Fact]
    public void Both_shared_gazetteers_merge_into_the_embedded_places_and_most_seed_pairs_become_one_place()
    {
        using var tmp = new SharedData.TempDir();
        var a = CliRunner.Run("import", "gazetteer", Ocha, "--format", "ocha", "--out", tmp.File("a"), "--report", tmp.File("a.csv"));
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Matches(@"^merged \d{3}, added [\d,]+, ambiguous \d+ \(of 5,251 places\)", a.Stdout);
        var b = CliRunner.Run("--data", tmp.File("a"), "import", "gazetteer", Wikipedia, "--format", "wikipedia-module", "--out", tmp.File("b"), "--report", tmp.File("b.csv"));
        Assert.True(b.ExitCode == 0, b.Stderr);
        var counts = System.Text.RegularExpressions.Regex.Match(b.Stdout, @"merged ([\d,]+), added ([\d,]+), ambiguous (\d+)");
        int N(int g) => int.Parse(counts.Groups[g].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(6230, N(1) + N(2) + N(3));
        Assert.InRange(N(1), 1800, 4000); // most Wikipedia places are OCHA communities under another spelling

        var merged = DatasetLoader.Open(tmp.File("b")).Load();
        Assert.InRange(merged.Places.Length, 310 + 4900 + N(2) + N(3), 310 + 5000 + N(2) + N(3));
        // the embedded Ejaz gained the OCHA spelling and Arabic name instead of a duplicate
        var ejaz = merged.Places.Single(p => p.Id == "ejaz-idlib");
        Assert.Contains(ejaz.AllNames, n => n.Contains('ع') || n.Contains('ا'));

        // the seed links (a seed, not ground truth): most pairs end up as one place
        var first = Decisions(tmp.File("a.csv"));
        var wiki = JsonDocument.Parse(File.ReadAllText(Wikipedia)).RootElement.EnumerateArray().Select(x => x.GetProperty("name").GetString()!).ToList();
        var second = File.ReadLines(tmp.File("b.csv")).Skip(1).Select(l => l.Split(',')[1]).ToList();
        var byName = wiki.Zip(second).ToLookup(x => x.First, x => x.Second);
        var links = JsonDocument.Parse(File.ReadAllText(Links)).RootElement.EnumerateArray().ToList();
        int ok = 0, total = 0;
        foreach (var l in links)
        {
            var name = l[0].GetString()!;
            if (!byName.Contains(name)) continue;
            total++;
            var want = first.GetValueOrDefault("ocha-" + l[3].GetString()!.ToLowerInvariant());
            if (byName[name].Contains(want)) ok++;
        }
        Assert.True(total > 2000);
        Assert.True(ok >= 0.78 * total, $"{ok}/{total} seed pairs merged");
    }

    [Fact]
    public void A_csv_gazetteer_with_a_column_mapping_merges_and_a_bad_value_names_file_line_and_field()
    {
        using var tmp = new SharedData.TempDir();
        File.WriteAllText(tmp.File("g.csv"), "code,village,x,y,other\nA1,Ajaz,36.93,35.625,Ijaz;اعجاز\nA2,Qaryat Jadida,37.5,35.1,\n");
        var ok = CliRunner.Run("import", "gazetteer", tmp.File("g.csv"), "--format", "csv", "--name-field", "village", "--lon-field", "x", "--lat-field", "y",
            "--id-field", "code", "--alt-names-field", "other", "--out", tmp.File("out"));
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.StartsWith("merged 1, added 1, ambiguous 0", ok.Stdout, StringComparison.Ordinal);
        var places = DatasetLoader.Open(tmp.File("out")).Load().Places;
        Assert.Contains("Ijaz", places.Single(p => p.Id == "ejaz-idlib").AlternateNames);
        Assert.Contains(places, p => p.Id == "csv-a2" && p.Admin.Governorate is not null); // governorate inferred from neighbours

        File.WriteAllText(tmp.File("bad.csv"), "name,lon,lat\nAjaz,36.93,35.625\nIjaz,east,35.6\n");
        var bad = CliRunner.Run("import", "gazetteer", tmp.File("bad.csv"), "--format", "csv", "--out", tmp.File("out2"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("bad.csv:3: field 'lon'", bad.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.File("out2")) && Directory.EnumerateFileSystemEntries(tmp.File("out2")).Any());
    }

    [Fact]
    public void A_geonames_dump_yields_its_populated_places_with_alternate_names()
    {
        using var tmp = new SharedData.TempDir();
        var rows = new[]
        {
            "163345\tTall Rif`at\tTall Rif`at\tTal Rifaat,Tell Rifaat,تل رفعت\t36.4697\t37.0969\tP\tPPL\tSY\t\t09\t\t\t\t20514\t\t440\tAsia/Damascus\t2012-01-18",
            "170000\tJabal Sim`an\tJabal Sim`an\t\t36.3\t36.9\tT\tMT\tSY\t\t09\t\t\t\t0\t\t800\tAsia/Damascus\t2012-01-18",
        };
        File.WriteAllLines(tmp.File("SY.txt"), rows);
        var places = GazetteerReaders.GeoNames(tmp.File("SY.txt"));
        var p = Assert.Single(places);
        Assert.Equal(("gn-163345", "Tall Rif`at", 20514), (p.Id, p.Name, p.Population!.Value));
        Assert.Contains("تل رفعت", p.AlternateNames);

        File.WriteAllText(tmp.File("bad.txt"), "163345\tX\tX\t\tnorth\t37\tP\tPPL\tSY\t\t09\t\t\t\t0\t\t1\tAsia/Damascus\t2012-01-18\n");
        var e = Assert.Throws<ImportException>(() => GazetteerReaders.GeoNames(tmp.File("bad.txt")));
        Assert.Equal(("bad.txt", 1L, "latitude"), (e.File, e.Line, e.Field));
    }

    [Fact]
    public void A_dated_snapshot_loads_as_confirmations_citing_it_and_an_unmapped_owner_is_refused()
    {
        using var tmp = new SharedData.TempDir();
        var data = tmp.File("data");
        Assert.Equal(0, CliRunner.Run("export", "--out", data).ExitCode);
        File.WriteAllText(tmp.File("map.txt"), "# Wikipedia owner code = faction id\nSAA=SAA\nSDF=SDF\nSNA=SNA\nISIS=ISIS\nRebels=Rebels\nTurkey=Turkey\nRussia=Russia\nHTS=HTS\nSyrian Government (HTS)=HTS\nSyria=HTS\n");
        var missing = CliRunner.Run("--data", data, "import", "snapshot", Wikipedia, "--as-of", "2026-01-30", "--faction-map", tmp.File("map.txt"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("field 'owner'", missing.Stderr, StringComparison.Ordinal); // Druze and Israel are not mapped

        File.AppendAllText(tmp.File("map.txt"), "Druze=Rebels\nIsrael=Turkey\n");
        var r = CliRunner.Run("--data", data, "import", "snapshot", Wikipedia, "--as-of", "2026-01-30", "--faction-map", tmp.File("map.txt"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var dataset = DatasetLoader.Open(data).Load();
        var confirmations = dataset.Changes.Where(c => c.Sources[0].SourceId.StartsWith("wikipedia-syria-detailed-map-2026-01-30", StringComparison.Ordinal)).ToList();
        Assert.True(confirmations.Count > 5000);
        Assert.All(confirmations, c => Assert.Equal(FrontlineMaps.Core.Domain.ChangeKind.Confirmation, c.Kind));
        // the embedded Ain Issa got its confirmation instead of a duplicate place
        Assert.Contains(confirmations, c => c.PlaceId == "ain-issa-raqqa");

        var again = CliRunner.Run("--data", data, "import", "snapshot", Wikipedia, "--as-of", "2026-01-30", "--faction-map", tmp.File("map.txt"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already in the dataset", again.Stderr, StringComparison.Ordinal);
    }
}
