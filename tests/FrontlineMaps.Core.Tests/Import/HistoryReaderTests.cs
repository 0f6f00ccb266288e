using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Cli;

namespace FrontlineMaps.Core.Tests.Import;

/// <summary>
/// The curated history files (data/curated/history) become sources and changes. Fixture rows are this test's own
/// (invented outlets and example.org addresses), never a real report's.
/// </summary>
public class HistoryReaderTests
{
    private const string Header = """{"schema":1,"type":"history"}""";

    private static readonly Place[] Places =
    [
        new("town-a", "Tell Alpha", [], PlaceKind.Town, 37.1, 36.2, AdminUnits.None),
        new("village-b", "Kafr Beta", [], PlaceKind.Village, 37.2, 36.3, AdminUnits.None),
    ];

    private static readonly Faction[] Factions =
    [
        new("SAA", "Army", "Army", "#d7301f", []),
        new("Rebels", "Rebels", "Rebels", "#238b45", []),
        new("SDF", "SDF", "SDF", "#f2c418", [], ValidFrom: new DateOnly(2015, 10, 10)),
    ];

    private static string Row(string date = "2014-03-02", string place = "town-a", string faction = "SAA", string kind = "capture", string status = "confirmed",
        string url = "https://news.example.org/2014/03/03/alpha", string published = "2014-03-03", string? extra = null) =>
        $$"""{"date":"{{date}}","place":"{{place}}","place_name":"Tal Alfa","faction":"{{faction}}","kind":"{{kind}}","status":"{{status}}","url":"{{url}}","publisher":"Example Wire","title":"Army says it holds Tell Alpha","published":"{{published}}"{{extra}}}""";

    private static HistoryRead Read(params string[] lines) => Read(lines, []);

    private static HistoryRead Read(string[] rows, string[] places) =>
        HistoryReader.Read([("history/2012-2015.ndjson", () => new StringReader(string.Join('\n', rows)))],
            places.Length == 0 ? [] : [("history/2012-2015.places.ndjson", () => new StringReader(string.Join('\n', places)))], Places, Factions);

    [Fact]
    public void Rows_citing_one_url_share_one_source_and_each_row_is_a_change_recorded_at_the_publication_time()
    {
        var r = Read(Header,
            Row(),
            Row(place: "village-b", kind: "hold"),
            Row(date: "2014-03-03", place: "village-b", faction: "Rebels", kind: "contested", status: "claimed", url: "https://other.example.org/b", extra: ""","claimant":"activists" """.TrimEnd()),
            Row(date: "2014-03-04", url: "https://third.example.org/c", published: "2014-03-05T09:30:00Z", extra: ""","date_to":"2014-03-05","note":"own words" """.TrimEnd()));
        Assert.Equal(3, r.Sources.Length);
        var first = r.Sources[0];
        Assert.Equal(("Example Wire", "Army says it holds Tell Alpha", "https://news.example.org/2014/03/03/alpha", new DateOnly(2014, 3, 3)), (first.Publisher, first.Title, first.Url, first.Published!.Value));
        Assert.StartsWith("h-example-wire-2014-03-03-", first.Id);
        Assert.Equal(4, r.Changes.Length);
        Assert.All(r.Changes.Take(2), c => Assert.Equal(first.Id, Assert.Single(c.Sources).SourceId));

        var (capture, hold, contested, ranged) = (r.Changes[0], r.Changes[1], r.Changes[2], r.Changes[3]);
        Assert.Equal((ChangeKind.Capture, ChangeStatus.Held), (capture.Kind, capture.Status));
        Assert.Equal((ChangeKind.Confirmation, ChangeStatus.Held), (hold.Kind, hold.Status));
        Assert.Equal((ChangeKind.Capture, ChangeStatus.Claimed, ChangeStatus.Contested), (contested.Kind, contested.Status, contested.ClaimOf));
        Assert.Equal("activists", contested.Sources[0].Claimant);
        // A date only: midnight UTC plus one second per earlier row published that day; an instant as given.
        Assert.Equal(new DateTimeOffset(2014, 3, 3, 0, 0, 0, TimeSpan.Zero), capture.RecordedAt);
        Assert.Equal(new DateTimeOffset(2014, 3, 3, 0, 0, 1, TimeSpan.Zero), hold.RecordedAt);
        Assert.Equal(new DateTimeOffset(2014, 3, 3, 0, 0, 2, TimeSpan.Zero), contested.RecordedAt);
        Assert.Equal(new DateTimeOffset(2014, 3, 5, 9, 30, 0, TimeSpan.Zero), ranged.RecordedAt);
        Assert.Equal(new GroundTime(new DateOnly(2014, 3, 4), null, new DateOnly(2014, 3, 5)), ranged.ValidTime);
        Assert.Equal(HistoryReader.RecordedBy, capture.RecordedBy);
        Assert.Equal("own words (written \"Tal Alfa\")", ranged.Note);
    }

    [Fact]
    public void Ids_do_not_move_when_other_rows_are_added()
    {
        var alone = Read(Header, Row(date: "2014-03-02"));
        var among = Read(Header, Row(date: "2014-01-01", url: "https://x.example.org/1", published: "2014-01-02"), Row(date: "2014-03-02"));
        Assert.Equal(alone.Changes[0].Id, among.Changes[1].Id);
        Assert.Equal(alone.Sources[0].Id, among.Sources[1].Id);
        Assert.StartsWith("h-2014-03-02-town-a-saa-capture-", alone.Changes[0].Id);
    }

    [Fact]
    public void History_places_are_added_with_their_ids_and_rows_may_name_them()
    {
        var r = Read([Header, Row(place: "h-beta-dam")],
            ["""{"schema":1,"type":"places"}""", """{"id":"h-beta-dam","name":"Beta Dam","kind":"other","lon":37.25,"lat":36.31,"approximate":true,"note":"beside village-b"}"""]);
        Assert.Equal("h-beta-dam", Assert.Single(r.Places).Id);
        Assert.Equal("h-beta-dam", r.Changes[0].PlaceId);
    }

    [Theory]
    [InlineData("""{"date":"2014-03-02"}""", 2, "place")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"SAA","kind":"capture","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03","colour":"red"}""", 2, "colour")]
    [InlineData("""{"date":"2014-03-02","place":"nowhere","place_name":"x","faction":"SAA","kind":"capture","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "place")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"ISIS","kind":"capture","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "faction")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"SDF","kind":"capture","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "faction")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"SAA","kind":"seized","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "kind")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"SAA","kind":"capture","status":"claimed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "claimant")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"SAA","kind":"capture","status":"confirmed","url":"a.example.org/x","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "url")]
    [InlineData("""{"date":"2014-03-02","place":"town-a","place_name":"x","faction":"SAA","kind":"capture","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"March 2014"}""", 2, "published")]
    [InlineData("""{"date":"2014-03-09","place":"town-a","place_name":"x","faction":"SAA","kind":"capture","status":"confirmed","url":"https://a.example.org/","publisher":"P","title":"T","published":"2014-03-03"}""", 2, "date")]
    public void A_bad_row_is_an_error_naming_the_file_line_and_field(string row, int line, string field)
    {
        var e = Assert.Throws<DatasetFormatException>(() => Read(Header, row));
        Assert.Equal("history/2012-2015.ndjson", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"history/2012-2015.ndjson:{line}: field '{field}'", e.Message);
    }

    [Fact]
    public void Rows_out_of_date_order_and_one_url_with_two_titles_are_errors()
    {
        var order = Assert.Throws<DatasetFormatException>(() => Read(Header, Row(date: "2014-03-02"), "", Row(date: "2014-02-01", url: "https://b.example.org/")));
        Assert.Equal((4, "date"), (order.Line, order.Field));
        var title = Assert.Throws<DatasetFormatException>(() => Read(Header, Row(), Row(place: "village-b").Replace("Army says it holds Tell Alpha", "Another headline")));
        Assert.Equal((3, "title"), (title.Line, title.Field));
        var header = Assert.Throws<DatasetFormatException>(() => Read("""{"schema":1,"type":"changes"}""", Row()));
        Assert.Equal((1, "type"), (header.Line, header.Field));
        var json = Assert.Throws<DatasetFormatException>(() => Read(Header, "{\"date\":"));
        Assert.Equal(2, json.Line);
    }

    [Fact]
    public void A_history_place_must_have_an_h_id_not_taken_by_the_merged_places()
    {
        const string places = """{"schema":1,"type":"places"}""";
        var taken = Assert.Throws<DatasetFormatException>(() => Read([Header], [places, """{"id":"h-x","name":"X","kind":"other","lon":37,"lat":36}""", """{"id":"h-x","name":"X","kind":"other","lon":37,"lat":36}"""]));
        Assert.Equal(("history/2012-2015.places.ndjson", 3, "id"), (taken.File, taken.Line, taken.Field));
        var prefix = Assert.Throws<DatasetFormatException>(() => Read([Header], [places, """{"id":"dam","name":"X","kind":"other","lon":37,"lat":36}"""]));
        Assert.Equal((2, "id"), (prefix.Line, prefix.Field));
    }

    [Fact]
    public void One_place_id_in_two_eras_places_files_is_one_place_with_both_spellings_unless_they_lie_far_apart()
    {
        const string places = """{"schema":1,"type":"places"}""";
        HistoryRead Two(string second) => HistoryReader.Read([("history/a.ndjson", () => new StringReader(Header))],
            [("history/a.places.ndjson", () => new StringReader(places + "\n" + """{"id":"h-gamma-base","name":"Gamma base","kind":"base","lon":37.0,"lat":36.0}""")),
             ("history/b.places.ndjson", () => new StringReader(places + "\n" + second))], Places, Factions);
        var merged = Assert.Single(Two("""{"id":"h-gamma-base","name":"Gamma airbase","names":["Gamma base","G. airfield"],"kind":"base","lon":37.01,"lat":36.0}""").Places);
        Assert.Equal(("Gamma base", 37.0), (merged.Name, merged.Lon));
        Assert.Equal(["Gamma airbase", "G. airfield"], merged.AlternateNames.ToArray());
        var far = Assert.Throws<DatasetFormatException>(() => Two("""{"id":"h-gamma-base","name":"Gamma base","kind":"base","lon":37.5,"lat":36.0}"""));
        Assert.Equal(("history/b.places.ndjson", 2, "id"), (far.File, far.Line, far.Field));
    }

    [Fact]
    public void Build_data_with_a_bad_history_row_names_it_and_writes_nothing()
    {
        using var tmp = new SharedData.TempDir();
        var curated = tmp.File("curated");
        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("data", "curated"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(curated, Path.GetRelativePath(RepoPaths.InRepo("data", "curated"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Directory.CreateDirectory(Path.Combine(curated, "history"));
        File.WriteAllLines(Path.Combine(curated, "history", "zz-test.ndjson"), [Header, Row(place: "no-such-place")]);
        var r = CliRunner.RunOnEmbedded("build-data", "--shared", SharedData.Path(), "--curated", curated, "--out", tmp.File("out"), "--reports-out", tmp.File("reports"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("curated/history/zz-test.ndjson:2: field 'place': unknown place 'no-such-place'", r.Stderr);
        Assert.False(Directory.Exists(tmp.File("out")));
        Assert.False(Directory.Exists(tmp.File("reports")));

        File.WriteAllLines(Path.Combine(curated, "history", "zz-test.ndjson"), [Header, Row(place: "ejaz-idlib", date: "2019-12-05", published: "2019-12-06")]);
        var ok = CliRunner.RunOnEmbedded("build-data", "--shared", SharedData.Path(), "--curated", curated, "--out", tmp.File("out"));
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        var built = DatasetFiles.Read(tmp.File("out"));
        var source = Assert.Single(built.Sources, s => s.Url == "https://news.example.org/2014/03/03/alpha");
        var change = Assert.Single(built.Changes, c => c.Sources.Any(s => s.SourceId == source.Id));
        Assert.Equal(("ejaz-idlib", "SAA"), (change.PlaceId, change.FactionId));
    }
}
