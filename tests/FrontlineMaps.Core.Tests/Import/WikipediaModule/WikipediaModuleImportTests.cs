using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Import.WikipediaModule;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Cli;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Import.WikipediaModule;

public sealed class WikipediaModuleImportTests
{
    // A small dataset of our own: three factions, two places, no changes.
    private static Dataset Small() => new(
        new DatasetInfo("test", []),
        [
            new Faction("SAA", "Government", "Government", "#d7301f", [], null, null, null, [], null),
            new Faction("SDF", "SDF", "SDF", "#f2c418", [], null, null, null, [], null),
            new Faction("ISIS", "Islamic State", "ISIS", "#1b1b1b", [], null, null, null, [], null),
            new Faction("Rebels", "Rebels", "Rebels", "#238b45", [], null, null, null, [], null),
        ],
        [
            new Place("ain-issa", "Ain Issa", ["Ayn Issa"], PlaceKind.Town, 38.859, 36.386, new AdminUnits("Ar-Raqqa", null, null, null)),
            new Place("tell-abyad", "Tell Abyad", ["Tal Abyad"], PlaceKind.Town, 38.956, 36.697, new AdminUnits("Ar-Raqqa", null, null, null)),
        ],
        [],
        []);

    private const string Header = "local m = mw.loadData('Module:Middle East conflicts map marks')\nreturn {\n  marks = {\n";
    private const string Footer = "  },\n  containerArgs = { 'Syria', width = 2500, caption = [=[Hold the cursor over a place]=] },\n}\n";

    private static string Module(params string[] marks) => Header + string.Join("\n", marks.Select(m => "    " + m + ",")) + "\n" + Footer;

    private static WikipediaModuleImportResult Import(Dataset dataset, SharedData.TempDir dir, params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files) File.WriteAllText(dir.File(name), text);
        return WikipediaModuleImport.Build(dataset, ModuleRevision.Find(dir.FullName), MarkTable.Default);
    }

    [Fact]
    public void A_revision_becomes_a_dated_baseline_citing_its_permanent_url()
    {
        using var dir = new SharedData.TempDir();
        var result = Import(Small(), dir, ("712345678_20160301120000.lua", Module(
            "{ lat = 36.386, long = 38.859, mark = m.SDF, marksize = 7, label = \"[[Ayn Issa|Ain Issa]]\" }",
            "{ lat = 36.697, long = 38.956, mark = m.IS, marksize = 8, label = \"[[Tell Abyad]]\" }",
            "{ lat = 36.42, long = 38.80, mark = m.gov_hill, marksize = 6, label = '[[Tall Samra (Raqqa)|Tall Samra]]' }",
            "{ lat = 36.10, long = 37.30, mark = \"Rif_Aleppo2.svg\", marksize = 184 }",
            "{ lat = 36.70, long = 38.95, mark = m.pass_N, marksize = 18 }")));

        var source = Assert.Single(result.Additions.Sources);
        Assert.Equal("https://en.wikipedia.org/w/index.php?title=Module:Syrian_Civil_War_detailed_map&oldid=712345678", source.Url);
        Assert.Equal(new DateOnly(2016, 3, 1), source.Published);
        Assert.Equal(3, result.Additions.Changes.Count);
        Assert.Equal(2, result.Skipped); // the overlay image and the border-post arrow are not places
        Assert.All(result.Additions.Changes, c =>
        {
            Assert.Equal(ChangeKind.Confirmation, c.Kind);
            Assert.Equal(new DateOnly(2016, 3, 1), c.ValidTime.Day);
            Assert.Equal(new DateTimeOffset(2016, 3, 1, 12, 0, 0, TimeSpan.Zero), c.RecordedAt);
            Assert.Equal(source.Id, Assert.Single(c.Sources).SourceId);
        });
        var byPlace = result.Additions.Changes.ToDictionary(c => c.PlaceId, c => c.FactionId);
        Assert.Equal("SDF", byPlace["ain-issa"]);
        Assert.Equal("ISIS", byPlace["tell-abyad"]);
        var hill = Assert.Single(result.Additions.Places);
        Assert.Equal(("wp-tall-samra-raqqa", "Tall Samra", PlaceKind.Hill), (hill.Id, hill.Name, hill.Kind));
        Assert.Equal("Ar-Raqqa", hill.Admin.Governorate); // from the nearest place with one
        Assert.Equal("SAA", byPlace[hill.Id]);
    }

    [Fact]
    public void A_later_revision_records_a_capture_where_the_owner_changed_and_a_confirmation_where_it_did_not()
    {
        using var dir = new SharedData.TempDir();
        var result = Import(Small(), dir,
            ("2016-06-01.lua", Module(
                "{ lat = 36.386, long = 38.859, mark = m.IS, marksize = 7, label = \"[[Ain Issa]]\" }",
                "{ lat = 36.697, long = 38.956, mark = m.IS, marksize = 8, label = \"[[Tell Abyad]]\" }")),
            ("2016-06-20T08:30:00Z.lua", Module(
                "{ lat = 36.386, long = 38.859, mark = m.IS, marksize = 7, label = \"[[Ain Issa]]\" }",
                "{ lat = 36.697, long = 38.956, mark = m.cont_SDF_IS, marksize = 8, label = \"[[Tell Abyad]]\" }")),
            ("2017-01-10.lua", Module(
                "{ lat = 36.386, long = 38.859, mark = m.SDF, marksize = 7, label = \"[[Ain Issa]]\" }",
                "{ lat = 36.697, long = 38.956, mark = m.SDF, marksize = 8, label = \"[[Tell Abyad]]\" }")));

        Assert.Equal(3, result.Revisions);
        Assert.Equal(3, result.Additions.Sources.Count);
        Assert.All(result.Additions.Sources, s => Assert.Null(s.Url)); // no revision id in the names: no permanent link
        var log = result.Additions.Changes.Select(c => (c.PlaceId, c.ValidTime.Day.ToString("yyyy-MM-dd"), c.FactionId, c.Kind, c.Status)).ToList();
        Assert.Equal(
        [
            ("ain-issa", "2016-06-01", "ISIS", ChangeKind.Confirmation, ChangeStatus.Held),
            ("tell-abyad", "2016-06-01", "ISIS", ChangeKind.Confirmation, ChangeStatus.Held),
            ("ain-issa", "2016-06-20", "ISIS", ChangeKind.Confirmation, ChangeStatus.Held),
            ("tell-abyad", "2016-06-20", "SDF", ChangeKind.Capture, ChangeStatus.Contested), // the attacker; ISIS still holds it
            ("ain-issa", "2017-01-10", "SDF", ChangeKind.Capture, ChangeStatus.Held),
            ("tell-abyad", "2017-01-10", "SDF", ChangeKind.Capture, ChangeStatus.Held),
        ], log);

        // Through the engine: contested on the 20th (ISIS the last undisputed holder), the SDF's in January.
        var timeline = new ControlTimeline(result.Additions.ApplyTo(Small()), "t");
        var june = timeline.Snapshot(new DateOnly(2016, 6, 20)).StateOf("tell-abyad");
        Assert.Equal(PlaceStatus.Contested, june.Status);
        Assert.Equal(PlaceStatus.Held, timeline.Snapshot(new DateOnly(2017, 1, 10)).StateOf("tell-abyad").Status);
        // The map as published: the first revision was saved on 1 June at midnight, so on 31 May nothing was known.
        Assert.Equal(PlaceStatus.Unknown, timeline.Snapshot(new DateOnly(2016, 6, 1), new DateTimeOffset(2016, 5, 31, 0, 0, 0, TimeSpan.Zero)).StateOf("ain-issa").Status);
    }

    [Fact]
    public void The_first_revision_is_compared_with_what_the_dataset_already_says()
    {
        var dataset = Small() with
        {
            Sources = [new Source("s1", "Agency", "Report", null, new DateOnly(2015, 1, 1))],
            Changes = [new ControlChange("c1", "ain-issa", "ISIS", new GroundTime(new DateOnly(2015, 1, 1)), ChangeKind.Capture, ChangeStatus.Held, [new Citation("s1")], DateTimeOffset.UnixEpoch, "t")],
        };
        using var dir = new SharedData.TempDir();
        var result = Import(dataset, dir, ("2017-01-10.lua", Module("{ lat = 36.386, long = 38.859, mark = m.SDF, marksize = 7, label = \"[[Ain Issa]]\" }")));
        Assert.Equal(ChangeKind.Capture, Assert.Single(result.Additions.Changes).Kind);
    }

    [Fact]
    public void Files_named_by_revision_id_take_their_timestamps_from_the_apis_revisions_json()
    {
        using var dir = new SharedData.TempDir();
        File.WriteAllText(dir.File("revisions.json"),
            """{"query":{"pages":{"4242":{"pageid":4242,"revisions":[{"revid":900,"parentid":899,"timestamp":"2018-03-18T10:00:00Z"},{"revid":901,"timestamp":"2018-03-19T11:00:00Z"}]}}}}""");
        var result = Import(Small(), dir,
            ("901.txt", Module("{ lat = 36.386, long = 38.859, mark = m.SDF, marksize = 7, label = \"[[Ain Issa]]\" }")),
            ("oldid-900.txt", Module("{ lat = 36.386, long = 38.859, mark = m.IS, marksize = 7, label = \"[[Ain Issa]]\" }")));
        Assert.Equal(["wikipedia-module-900", "wikipedia-module-901"], result.Additions.Sources.Select(s => s.Id));
        Assert.Equal([ChangeKind.Confirmation, ChangeKind.Capture], result.Additions.Changes.Select(c => c.Kind));
    }

    [Fact]
    public void Mark_owners_follow_the_date_of_the_revision()
    {
        var table = MarkTable.Default;
        Assert.Equal("SAA", table.Resolve("gov", new DateOnly(2024, 12, 7)).Reading!.Owners[0]);
        Assert.Equal("SyrianGov2025", table.Resolve("gov", new DateOnly(2024, 12, 8)).Reading!.Owners[0]);
        Assert.Equal("Nusra", table.Resolve("JaN", new DateOnly(2016, 5, 1)).Reading!.Owners[0]);
        Assert.Equal("HTS", table.Resolve("JaN", new DateOnly(2019, 5, 1)).Reading!.Owners[0]);
        Assert.Equal("YPG", table.Resolve("SDF", new DateOnly(2015, 1, 1)).Reading!.Owners[0]);
        var oil = table.Resolve("gov_oil", new DateOnly(2017, 1, 1)).Reading!;
        Assert.Equal((PlaceKind.Other, "oil or gas field"), (oil.Kind!.Value, oil.KindNote));
        var mixed = table.Resolve("stable_opp_JaN", new DateOnly(2017, 1, 1)).Reading!;
        Assert.Equal("mixed", mixed.State);
        Assert.Equal(new[] { "Rebels", "Nusra" }, mixed.Owners.ToArray());
        Assert.False(table.Resolve("pass_SE", new DateOnly(2017, 1, 1)).Reading!.IsPlace);
        Assert.Contains("'xyz' is not in the mark table", table.Resolve("gov_xyz", new DateOnly(2017, 1, 1)).Error);
    }

    [Theory]
    [InlineData("{ lat = 36.386, long = 38.859, mark = m.gov_castle, label = \"[[Ain Issa]]\" }", "r.lua:4: field 'mark': mark 'm.gov_castle': 'castle' is not in the mark table")]
    [InlineData("{ lat = 96.386, long = 38.859, mark = m.gov, label = \"[[Ain Issa]]\" }", "r.lua:4: field 'lat': 96.386 is outside [-90, 90]")]
    [InlineData("{ long = 38.859, mark = m.gov, label = \"[[Ain Issa]]\" }", "r.lua:4: field 'lat': missing")]
    [InlineData("{ lat = 36.3, long = 38.8, mark = gov, label = \"[[Ain Issa]]\" }", "r.lua:4: field 'mark': expected m.NAME or a file name, found gov")]
    [InlineData("{ lat = 36.3, long = 38.8, mark = m.gov, label = \"[[Ain Issa]] }", "r.lua:4: a string is not closed on its line")]
    [InlineData("{ lat = 36.3 long = 38.8 }", "r.lua:4: expected ',' or '}' in a table, found 'long = 38.8 },'")]
    public void A_malformed_revision_is_an_error_naming_the_file_line_and_field(string mark, string expected)
    {
        using var dir = new SharedData.TempDir();
        File.WriteAllText(dir.File("r.lua"), Module(mark));
        var e = Assert.Throws<ImportException>(() =>
            WikipediaModuleImport.Build(Small(), ModuleRevision.Find(dir.File("r.lua"), asOf: new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero)), MarkTable.Default));
        Assert.True(e.Message.StartsWith(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_mark_naming_a_faction_the_dataset_lacks_is_an_error()
    {
        using var dir = new SharedData.TempDir();
        File.WriteAllText(dir.File("2025-03-01.lua"), Module("{ lat = 36.386, long = 38.859, mark = m.Druze, label = \"[[Ain Issa]]\" }"));
        var e = Assert.Throws<ImportException>(() => WikipediaModuleImport.Build(Small(), ModuleRevision.Find(dir.FullName), MarkTable.Default));
        Assert.StartsWith("2025-03-01.lua:4: field 'mark': 'm.Druze' reads as faction 'Druze', which the dataset does not have", e.Message);
    }

    [Fact]
    public void A_file_name_without_timestamp_or_revision_id_is_refused()
    {
        using var dir = new SharedData.TempDir();
        File.WriteAllText(dir.File("latest.lua"), Module());
        var e = Assert.Throws<ImportException>(() => ModuleRevision.Find(dir.FullName));
        Assert.StartsWith("latest.lua:0: the file name carries neither a timestamp", e.Message);
    }

    [Fact]
    public void A_mark_table_line_with_an_unknown_role_names_the_line_and_field()
    {
        var e = Assert.Throws<ImportException>(() => MarkTable.Parse("gov\towner\tSAA\nfoo\tcolour\tred\n", "my-marks.tsv"));
        Assert.Equal("my-marks.tsv:2: field 'role': 'colour' is not owner, kind, state, symbol or dir", e.Message);
        var overlap = Assert.Throws<ImportException>(() => MarkTable.Parse("gov\towner\tSAA\t\t2024-12-08\ngov\towner\tX\t2024-01-01\n", "t.tsv"));
        Assert.StartsWith("t.tsv:2: field 'from': 'gov' already has an owner for some of these dates (line 1)", overlap.Message);
    }

    [Fact]
    public void Lines_of_a_real_revision_import_into_the_embedded_dataset()
    {
        var raw = MarkdownCopy.ToRaw(File.ReadAllText(RepoPaths.InRepo("tests", "FrontlineMaps.Core.Tests", "Import", "WikipediaModule", "detailed-map-excerpt.md")));
        var marks = ModuleMarks.Read(raw, "excerpt");
        Assert.Equal(43, marks.Count);
        var hadaj = marks.Single(m => m.Name == "Hadaj");
        Assert.Equal(("SDF", 36.036, 38.532), (hadaj.Mark, hadaj.Lat, hadaj.Lon));
        Assert.Equal("Battle of Aleppo (2012–2016)", marks[0].Page);
        Assert.Equal("Tall Ba‘t", marks.Single(m => m.Mark == "gov_hill" && m.Lat == 32.353).Name); // named by its link only

        using var dir = new SharedData.TempDir();
        File.WriteAllText(dir.File("2017-06-01.lua"), raw); // the copy carries no date: dated for the test
        var dataset = EmbeddedDataset.Load();
        var result = WikipediaModuleImport.Build(dataset, ModuleRevision.Find(dir.FullName), MarkTable.Default);
        Assert.Equal(4, result.Skipped); // the two images of the Aleppo inset, the road overlay and the border-post arrow
        Assert.Equal(marks.Count - result.Skipped - result.Duplicates, result.Additions.Changes.Count);
        var byName = result.Additions.Changes.ToDictionary(c => dataset.Places.Concat(result.Additions.Places).Single(p => p.Id == c.PlaceId).Name, c => c);
        Assert.Equal("SDF", byName["Hadaj"].FactionId);
        Assert.Equal("ISIS", byName["Zumlat al Mharr hill"].FactionId);
        Assert.Equal("Rebels", byName["Khirbat Ma‘rata"].FactionId); // stable mixed control of the opposition and al-Nusra
        Assert.Contains("mixed control", byName["Khirbat Ma‘rata"].Note);
        Assert.All(result.Additions.Places.Where(p => p.Name.StartsWith("Jabal", StringComparison.Ordinal) || p.Name.StartsWith("Tal", StringComparison.Ordinal) && p.Kind == PlaceKind.Hill),
            p => Assert.Equal(PlaceKind.Hill, p.Kind));
        Assert.Equal(PlaceKind.Base, result.Additions.Places.Single(p => p.Name == "Khalkhalah Airbase").Kind);
        // What the importer gives validates as an append to the embedded dataset.
        DatasetValidator.ValidateAdditions(dataset, result.Additions);
    }

    [Fact]
    public void The_cli_loads_revisions_into_a_store_and_writes_nothing_when_one_is_bad()
    {
        using var dir = new SharedData.TempDir();
        var store = dir.File("store.sqlite");
        Assert.Equal(0, CliRunner.Run("export", "--out", store).ExitCode);
        var revisions = Path.Combine(dir.FullName, "revisions");
        Directory.CreateDirectory(revisions);
        File.WriteAllText(Path.Combine(revisions, "2019-10-20.lua"), Module("{ lat = 36.386, long = 38.859, mark = m.SDF, marksize = 7, label = \"[[Ain Issa]]\" }"));
        File.WriteAllText(Path.Combine(revisions, "2019-10-25.lua"), Module("{ lat = 36.386, long = 38.859, mark = m.gov_fort, marksize = 7, label = \"[[Ain Issa]]\" }"));
        var before = File.ReadAllBytes(store);

        var bad = CliRunner.Run("import", "wikipedia-module", revisions, "--data", store);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("2019-10-25.lua:4: field 'mark': mark 'm.gov_fort': 'fort' is not in the mark table", bad.Stderr);
        Assert.Equal(before, File.ReadAllBytes(store));

        File.Delete(Path.Combine(revisions, "2019-10-25.lua"));
        var ok = CliRunner.Run("import", "wikipedia-module", revisions, "--data", store);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.StartsWith("1 revision(s): 1 confirmations, 0 captures", ok.Stdout);
        var again = CliRunner.Run("import", "wikipedia-module", revisions, "--data", store);
        Assert.Contains("this revision is already in the dataset", again.Stderr);
    }
}
