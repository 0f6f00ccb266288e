using System.Text;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

public sealed class DirectoryStoreTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private DirectoryStore Imported(Dataset? dataset = null)
    {
        var store = new DirectoryStore(_temp.Sub("data"));
        store.Import(dataset ?? Fixtures.Small());
        return store;
    }

    [Fact]
    public void A_dataset_written_and_read_back_is_equal_in_content()
    {
        var store = Imported();

        Fixtures.AssertSameContent(Fixtures.Small(), store.Load());
    }

    [Fact]
    public void Writing_the_same_dataset_twice_gives_byte_identical_files()
    {
        DatasetFiles.Write(_temp.Sub("a"), Fixtures.Small());
        DatasetFiles.Write(_temp.Sub("b"), DatasetFiles.Read(_temp.File("a")));

        Fixtures.AssertSameFiles(_temp.File("a"), _temp.File("b"));
        Assert.Equal(
            [DatasetFiles.Boundary, DatasetFiles.Changes, DatasetFiles.Manifest, DatasetFiles.Factions, DatasetFiles.Places, DatasetFiles.Sources],
            Fixtures.Snapshot(_temp.File("a")).Keys);
    }

    [Fact]
    public void Written_files_have_a_header_one_record_per_line_members_in_documented_order_and_no_nulls()
    {
        var store = Imported();

        var places = File.ReadAllLines(Path.Combine(store.DirectoryPath, DatasetFiles.Places));
        Assert.Equal("""{"schema":1,"type":"places"}""", places[0]);
        Assert.Equal(5, places.Length);
        Assert.Equal("""{"id":"aleppo","name":"Aleppo","names":["حلب","Halab"],"kind":"city","lon":37.16,"lat":36.2,"governorate":"Aleppo","district":"Jebel Saman","subdistrict":"Jebel Saman","pcode":"C1007","population":2098210}""", places[1]);
        Assert.Equal("""{"id":"hill-123","name":"Hill 123","kind":"hill","lon":36.9,"lat":36.1}""", places[4]);
        var changes = File.ReadAllLines(Path.Combine(store.DirectoryPath, DatasetFiles.Changes));
        Assert.Equal("""{"id":"c2","place":"tal-rifaat","faction":"SDF","valid_from":"2016-02-15T06:30Z","kind":"capture","status":"contested","sources":[{"source":"S1"},{"source":"S2","claimant":"local activists"}],"recorded_at":"2020-01-01T10:00:00Z","recorded_by":"editor"}""", changes[2]);
        Assert.Equal("""{"id":"c5","place":"kafr-naya","valid_from":"2017-03-01","kind":"retraction","status":"held","sources":[],"recorded_at":"2020-01-01T10:00:00Z","recorded_by":"editor","retracts":"c4"}""", changes[5]);
        Assert.Contains("\"recorded_at\":\"2020-01-02T03:04:05.5Z\"", changes[6]);
        Assert.Equal("""{"schema":1,"name":"Test (reports 2016-2017)","attribution":["GeoNames (CC BY 4.0)","Test data"],"boundary":"boundary.geojson"}""" + "\n",
            File.ReadAllText(Path.Combine(store.DirectoryPath, DatasetFiles.Manifest)));
    }

    [Fact]
    public void Hand_written_files_with_spaces_blank_lines_a_BOM_and_CRLF_are_read()
    {
        var dir = _temp.Sub("hand");
        File.WriteAllText(Path.Combine(dir, "dataset.json"), "{\n  \"schema\": 1,\n  \"name\": \"Hand\"\n}\n");
        File.WriteAllText(Path.Combine(dir, "factions.ndjson"), "\uFEFF{\"schema\": 1, \"type\": \"factions\"}\r\n{\"id\": \"SAA\", \"name\": \"Syrian Arab Army\", \"short_name\": \"SAA\", \"color\": \"#CC0000\", \"parent\": null}\r\n\r\n", new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "sources.ndjson"), "{\"schema\": 1, \"type\": \"sources\"}\n{\"id\": \"S1\", \"publisher\": \"SOHR\", \"title\": \"t\"}\n");
        File.WriteAllText(Path.Combine(dir, "places.ndjson"), "{\"schema\": 1, \"type\": \"places\"}\n\n{\"id\": \"x\", \"name\": \"X\", \"kind\": \"village\", \"lon\": 37, \"lat\": 36}\n");
        File.WriteAllText(Path.Combine(dir, "changes.ndjson"), "{\"schema\": 1, \"type\": \"changes\"}\n{\"id\": \"c1\", \"place\": \"x\", \"faction\": \"SAA\", \"valid_from\": \"2016-01-01\", \"kind\": \"capture\", \"status\": \"held\", \"sources\": [{\"source\": \"S1\"}], \"recorded_at\": \"2020-01-01T12:00:00+01:00\", \"recorded_by\": \"me\"}");

        var dataset = new DirectoryStore(dir).Load();

        Assert.Equal("Hand", dataset.Info.Name);
        Assert.Empty(dataset.Info.Attribution);
        Assert.Null(dataset.Factions.Single().Parent);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 11, 0, 0, TimeSpan.Zero), dataset.Changes.Single().RecordedAt);
        Assert.Equal(37.0, dataset.Places.Single().Lon);
    }

    [Fact]
    public void An_append_adds_the_new_lines_and_keeps_the_existing_bytes()
    {
        var store = Imported();
        var path = Path.Combine(store.DirectoryPath, DatasetFiles.Changes);
        var before = File.ReadAllBytes(path);

        store.Append([Fixtures.Change("c7", "hill-123", "SAA"), Fixtures.Change("c8", "hill-123", "NDF", kind: ChangeKind.Confirmation)]);

        var after = File.ReadAllBytes(path);
        Assert.True(after.AsSpan(0, before.Length).SequenceEqual(before));
        var added = Encoding.UTF8.GetString(after, before.Length, after.Length - before.Length).Split('\n');
        Assert.Equal(3, added.Length);
        Assert.StartsWith("""{"id":"c7",""", added[0]);
        Assert.StartsWith("""{"id":"c8",""", added[1]);
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"], store.Load().Changes.Select(c => c.Id));
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"], new DirectoryStore(store.DirectoryPath).Load().Changes.Select(c => c.Id));
    }

    [Fact]
    public void An_append_to_a_file_without_a_final_newline_starts_a_new_line()
    {
        var store = Imported();
        var path = Path.Combine(store.DirectoryPath, DatasetFiles.Changes);
        File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n'));

        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);

        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7"], new DirectoryStore(store.DirectoryPath).Load().Changes.Select(c => c.Id));
    }

    [Fact]
    public void An_append_of_three_changes_with_one_bad_writes_none_of_them()
    {
        var store = Imported();
        var before = Fixtures.Snapshot(store.DirectoryPath);

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(
        [
            Fixtures.Change("c7", "hill-123", "SAA"),
            Fixtures.Change("c8", "hill-123", "XYZ"),
            Fixtures.Change("c9", "aleppo", "SDF"),
        ]));

        Assert.Equal("changes.ndjson:9: field 'faction': unknown faction 'XYZ'", error.Message);
        var after = Fixtures.Snapshot(store.DirectoryPath);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(after[kv.Key]), kv.Key));
        Assert.Equal(6, new DirectoryStore(store.DirectoryPath).Load().Changes.Length);
    }

    [Fact]
    public void New_changes_can_cite_a_source_and_a_place_added_in_the_same_append()
    {
        var store = Imported();

        store.Append(new DatasetAdditions(
            [],
            [new Source("S3", "ISW", "Syria situation report", "https://www.understandingwar.org/x", new DateOnly(2018, 1, 2))],
            [new Place("new-village", "New Village", [], PlaceKind.Village, 37.3, 36.3, AdminUnits.None)],
            [Fixtures.Change("c7", "new-village", "SDF", sources: [new Citation("S3")])]));

        var dataset = new DirectoryStore(store.DirectoryPath).Load();
        Assert.Equal("S3", dataset.Sources[^1].Id);
        Assert.Equal("new-village", dataset.Places[^1].Id);
        Assert.Equal("new-village", dataset.Changes[^1].PlaceId);
    }

    [Fact]
    public void The_version_is_stable_across_loads_and_changes_when_a_change_is_appended()
    {
        var store = Imported();
        var first = store.Version;

        Assert.Equal(first, store.Version);
        Assert.Equal(first, new DirectoryStore(store.DirectoryPath).Version);
        Assert.Matches("^[0-9a-f]{32}$", first);

        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);

        Assert.NotEqual(first, store.Version);
        Assert.Equal(store.Version, new DirectoryStore(store.DirectoryPath).Version);
    }

    [Fact]
    public void The_version_follows_content_not_layout()
    {
        var store = Imported();
        var path = Path.Combine(store.DirectoryPath, DatasetFiles.Places);
        var version = store.Version;

        File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\n\n").Replace("\"kind\":", "\"kind\": "));

        Assert.Equal(version, new DirectoryStore(store.DirectoryPath).Version);
        Assert.Equal(version, DatasetVersion.Compute(Fixtures.Small()));
    }

    [Fact]
    public void A_bad_file_leaves_nothing_loaded_and_no_version()
    {
        var store = Imported();
        Assert.Equal(6, store.Load().Changes.Length);
        var path = Path.Combine(store.DirectoryPath, DatasetFiles.Changes);
        var good = File.ReadAllText(path);

        File.WriteAllText(path, good + """{"id":"c7","place":"nowhere","faction":"SAA","valid_from":"2018-01-01","kind":"capture","status":"held","sources":[{"source":"S1"}],"recorded_at":"2020-01-01T10:00:00Z","recorded_by":"editor"}""" + "\n");

        var error = Assert.Throws<DatasetFormatException>(store.Load);
        Assert.Equal("changes.ndjson:8: field 'place': unknown place 'nowhere'", error.Message);
        Assert.Throws<DatasetFormatException>(() => store.Version);

        File.WriteAllText(path, good);
        Assert.Equal(6, store.Load().Changes.Length);
    }

    [Fact]
    public void An_invalid_dataset_is_not_written_over_a_good_one()
    {
        var dir = _temp.Sub("data");
        DatasetFiles.Write(dir, Fixtures.Small());
        var before = Fixtures.Snapshot(dir);
        var bad = Fixtures.Small() with { Places = Fixtures.Small().Places.Add(Fixtures.Small().Places[0]) };

        var error = Assert.Throws<DatasetFormatException>(() => DatasetFiles.Write(dir, bad));

        Assert.Equal("places.ndjson:6: field 'id': duplicate id 'aleppo' (first at places.ndjson:2)", error.Message);
        var after = Fixtures.Snapshot(dir);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(after[kv.Key]), kv.Key));
    }

    [Fact]
    public void Import_into_a_directory_that_holds_a_dataset_is_refused()
    {
        var store = Imported();

        Assert.Throws<InvalidOperationException>(() => store.Import(Fixtures.Small()));
        Assert.False(store.IsEmpty);
        Assert.True(new DirectoryStore(_temp.Sub("empty")).IsEmpty);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var store = Imported();
        File.Delete(Path.Combine(store.DirectoryPath, DatasetFiles.Sources));

        var error = Assert.Throws<DatasetFormatException>(store.Load);

        Assert.Equal("sources.ndjson: file is missing", error.Message);
        Assert.Equal(0, error.Line);
    }
}
