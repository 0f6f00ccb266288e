using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// A SQLite store instance validates an append against only the rows it has not seen yet (read inside the write
/// transaction), and refreshes by reading only the rows past its own: where that could diverge from reading and
/// validating the whole file, it must not.
/// </summary>
public sealed class SqliteIncrementalTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private string PathOf(string name = "data.sqlite") => _temp.File(name);

    private SqliteStore Imported(string name = "data.sqlite")
    {
        var store = new SqliteStore(PathOf(name));
        store.Import(Fixtures.Small());
        return store;
    }

    /// <summary>A new instance on the file: reads and validates everything.</summary>
    private SqliteStore Fresh(string name = "data.sqlite") => new(PathOf(name));

    /// <summary>A plain connection, as the sqlite3 shell of a careless administrator opens (no store, no migration).</summary>
    private SqliteConnection Behind()
    {
        var connection = new SqliteConnection($"Data Source={PathOf()};Pooling=False");
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = Behind();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = Behind();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    private static DatasetFormatException? Refusal(Action append)
    {
        try
        {
            append();
            return null;
        }
        catch (DatasetFormatException e)
        {
            return e;
        }
    }

    private static readonly Faction Russia = new("RU", "Russian Armed Forces", "Russia", "#0000cc", ["VKS"], Parent: "GOV", Allies: ["SAA"]);
    private static readonly Source Isw = new("S3", "ISW", "Control of terrain", "https://example.org/3", new DateOnly(2018, 1, 2));
    private static readonly Place Village = new("p5", "P5", ["Pe Five"], PlaceKind.Village, 37.25, 36.125, AdminUnits.None, Population: 120);

    /// <summary>A batch adding a faction, a source and a place, and changes that use them.</summary>
    private static DatasetAdditions NewVillage(string changeId = "c7") => new([Russia], [Isw], [Village],
        [Fixtures.Change(changeId, "p5", "RU", sources: [new Citation("S3", "RU MoD")])]);

    [Fact]
    public void A_batch_may_use_the_faction_source_and_place_it_adds_itself_and_a_fresh_load_sees_the_same()
    {
        var store = Imported();
        _ = store.Load();

        store.Append(NewVillage() with
        {
            Changes = [.. NewVillage().Changes, Fixtures.Change("c8", "p5", null, kind: ChangeKind.Retraction, sources: [], retracts: "c7")],
        });

        var fresh = Fresh();
        Fixtures.AssertSameContent(fresh.Load(), store.Load());
        Assert.Equal(fresh.Version, store.Version);
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"], fresh.Load().Changes.Select(c => c.Id));
        Assert.Equal(1, store.WholeReads);
    }

    [Fact]
    public void A_bad_record_next_to_records_added_in_the_same_batch_is_named_as_validating_the_whole_file_names_it()
    {
        var store = Imported();
        _ = store.Load();
        var batch = NewVillage() with
        {
            Changes = [.. NewVillage().Changes, Fixtures.Change("c8", "p5", "RU", sources: [new Citation("S4")]), Fixtures.Change("c7", "p5", "RU")],
        };
        var whole = Refusal(() => DatasetValidator.Validate(batch.ApplyTo(Fresh().Load())));

        var error = Refusal(() => store.Append(batch));

        Assert.Equal("data.sqlite:changes:8: field 'sources[0].source': unknown source 'S4'", error?.Message);
        Assert.Equal(whole?.Field, error?.Field);
        Assert.Equal(whole?.Reason, error?.Reason);
        var duplicate = Refusal(() => store.Append(batch with { Changes = [batch.Changes[0], batch.Changes[2]] }));
        Assert.Equal("data.sqlite:changes:8: field 'id': duplicate id 'c7' (first at data.sqlite:changes:7)", duplicate?.Message);
        Assert.Equal(6, Scalar("SELECT count(*) FROM changes"));
        Assert.Equal(4, Scalar("SELECT count(*) FROM places"));
        Assert.Equal(Fresh().Version, store.Version);
    }

    [Fact]
    public void An_append_sees_what_another_instance_on_the_file_appended_since_it_last_read_before_validating()
    {
        var first = Imported();
        var second = Fresh();
        _ = first.Load();
        _ = second.Load();

        second.Append(NewVillage());
        first.Append([Fixtures.Change("c8", "p5", "RU", sources: [new Citation("S3")]), Fixtures.Change("c9", "p5", null, kind: ChangeKind.Retraction, sources: [], retracts: "c7")]);
        second.Append([Fixtures.Change("c10", "p5", "SAA")]);

        var fresh = Fresh();
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"], fresh.Load().Changes.Select(c => c.Id));
        Fixtures.AssertSameContent(fresh.Load(), first.Load());
        Fixtures.AssertSameContent(fresh.Load(), second.Load());
        Assert.Equal(fresh.Version, first.Version);
        Assert.Equal(fresh.Version, second.Version);
        Assert.Equal(1, first.WholeReads); // every later read was of the new rows only
        Assert.Equal(1, second.WholeReads);
    }

    [Fact]
    public void Two_instances_recording_the_same_id_give_one_record_and_the_refusal_a_fresh_instance_would_give()
    {
        var first = Imported();
        var second = Fresh();
        _ = first.Load();
        _ = second.Load();

        second.Append([Fixtures.Change("c7", "hill-123", "SAA")]);
        var expected = Refusal(() => Fresh().Append([Fixtures.Change("c7", "aleppo", "SDF")]));
        var error = Refusal(() => first.Append([Fixtures.Change("c7", "aleppo", "SDF")]));

        Assert.Equal("data.sqlite:changes:8: field 'id': duplicate id 'c7' (first at data.sqlite:changes:7)", expected?.Message);
        Assert.Equal(expected?.Message, error?.Message);
        Assert.Equal(7, Scalar("SELECT count(*) FROM changes"));
        Assert.Equal("hill-123", first.Load().Changes[^1].PlaceId);
    }

    [Fact]
    public void An_idempotency_record_written_by_another_instance_is_found_inside_the_write_and_nothing_is_written_twice()
    {
        var first = Imported();
        var second = Fresh();
        _ = first.Load();
        _ = second.Load();
        var response = new StoredResponse("editor-1:key-42", "hash", 201, """{"id":"c7"}""");

        Assert.Null(first.Append(DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA")]), response));
        var earlier = second.Append(DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA")]), response with { Body = "other" });

        Assert.Equal(response, earlier);
        Assert.Equal(7, Scalar("SELECT count(*) FROM changes"));
        Assert.Equal(Fresh().Version, second.Version);
    }

    [Fact]
    public void A_place_version_another_instance_moved_on_is_refused_inside_the_write()
    {
        var first = Imported();
        var second = Fresh();
        _ = first.Load();
        _ = second.Load();
        var planned = new PlaceVersion("hill-123", 0, null);

        second.Append(DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA")]), null, planned);
        var stale = Assert.Throws<StalePlaceVersionException>(() =>
            first.Append(DatasetAdditions.OfChanges([Fixtures.Change("c8", "hill-123", "HTS")]), null, planned));

        Assert.Equal(new PlaceVersion("hill-123", 1, "c7"), stale.Actual);
        Assert.Equal(7, Scalar("SELECT count(*) FROM changes"));
        first.Append(DatasetAdditions.OfChanges([Fixtures.Change("c8", "hill-123", "HTS")]), null, stale.Actual);
        Assert.Equal(Fresh().Version, first.Version);
    }

    [Fact]
    public void The_version_after_an_append_is_the_version_a_full_read_of_the_file_computes()
    {
        var store = Imported();
        var before = store.Version;
        // Values the database normalizes: an instant with an offset and sub-millisecond ticks is stored in UTC.
        var recorded = new DateTimeOffset(2021, 6, 1, 12, 30, 15, TimeSpan.FromHours(3)).AddTicks(1234567);
        var batch = NewVillage() with
        {
            Changes = [NewVillage().Changes[0] with { RecordedAt = recorded, Note = "ground time from a \"local\" report", ValidTime = new GroundTime(new DateOnly(2018, 1, 2), new TimeOnly(5, 45), new DateOnly(2018, 1, 3)) }],
        };

        store.Append(batch);
        var appended = store.Version;
        var fresh = Fresh();

        Assert.NotEqual(before, appended);
        Assert.Equal(fresh.Version, appended);
        Assert.Equal(DatasetVersion.Compute(fresh.Load()), DatasetVersion.Compute(store.Load()));
        Fixtures.AssertSameContent(fresh.Load(), store.Load());
        Assert.Equal(recorded, store.Load().Changes[^1].RecordedAt);
        Assert.Equal(TimeSpan.Zero, store.Load().Changes[^1].RecordedAt.Offset); // as read back from the file, not as passed in
        using var temp = new TempDir();
        DatasetFiles.Write(temp.Sub("appended"), store.Load());
        DatasetFiles.Write(temp.Sub("fresh"), fresh.Load());
        Fixtures.AssertSameFiles(temp.File("fresh"), temp.File("appended"));
    }

    [Fact]
    public void A_value_the_database_stores_differently_is_kept_as_a_fresh_load_reads_it()
    {
        var store = Imported();
        _ = store.Load();

        // SQLite keeps a whole REAL as an integer: a longitude of -0.0 comes back as 0.
        store.Append(new DatasetAdditions([], [], [Village with { Id = "p6", Lon = -0.0 }], [Fixtures.Change("c7", "p6", "SAA")]));

        var fresh = Fresh();
        Assert.Equal(BitConverter.DoubleToInt64Bits(fresh.Load().Places[^1].Lon), BitConverter.DoubleToInt64Bits(store.Load().Places[^1].Lon));
        Assert.Equal(fresh.Version, store.Version);
        store.Append([Fixtures.Change("c8", "p6", "HTS")]);
        Assert.Equal(Fresh().Version, store.Version);
        Assert.Equal(1, store.WholeReads);
    }

    [Fact]
    public void An_edit_behind_the_stores_back_makes_the_next_append_read_and_validate_everything_again()
    {
        var store = Imported();
        _ = store.Load();

        Execute("UPDATE places SET record = json_set(record, '$.population', 5) WHERE id = 'hill-123'");
        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);

        Assert.Equal(2, store.WholeReads);
        Assert.Equal(5, store.Load().Places.Single(p => p.Id == "hill-123").Population);
        Assert.Equal(Fresh().Version, store.Version);

        Execute("UPDATE places SET record = json_set(record, '$.note', '') WHERE id = 'hill-123'");
        var error = Refusal(() => store.Append([Fixtures.Change("c8", "hill-123", "SAA")]));
        Assert.Equal("data.sqlite:places:4: field 'note': must not be empty (omit it instead)", error?.Message);
        Assert.Equal(7, Scalar("SELECT count(*) FROM changes"));
    }

    [Fact]
    public void Rows_inserted_behind_the_last_one_replacing_one_or_a_change_to_the_manifest_make_readers_read_everything()
    {
        var store = Imported();
        Execute("""INSERT INTO places (seq, record) VALUES (10, '{"id":"p10","name":"P10","kind":"village","lon":37,"lat":36}')""");
        Assert.Equal(5, store.Load().Places.Length);

        Execute("""INSERT INTO places (seq, record) VALUES (7, '{"id":"p7","name":"P7","kind":"village","lon":37,"lat":36}')""");
        Assert.Equal(["aleppo", "tal-rifaat", "kafr-naya", "hill-123", "p7", "p10"], store.Load().Places.Select(p => p.Id));

        Execute("""INSERT OR REPLACE INTO places (record) VALUES ('{"id":"kafr-naya","name":"Kafr Naya","kind":"village","lon":37.5,"lat":36.5}')""");
        Assert.Equal(["aleppo", "tal-rifaat", "hill-123", "p7", "p10", "kafr-naya"], store.Load().Places.Select(p => p.Id));
        Assert.Equal(37.5, store.Load().Places[^1].Lon);

        Execute("UPDATE meta SET value = 'Renamed' WHERE key = 'name'");
        Assert.Equal("Renamed", store.Load().Info.Name);

        Assert.Equal(Fresh().Version, store.Version);
        Assert.Equal(4, store.WholeReads);
    }

    [Fact]
    public void A_citation_cannot_be_added_behind_the_stores_back_it_is_part_of_its_append_only_change_record()
    {
        var store = Imported();
        var version = store.Version;

        var error = Assert.Throws<SqliteException>(() =>
            Execute("""UPDATE changes SET record = json_insert(record, '$.sources[#]', json('{"source":"S1"}')) WHERE seq = 6"""));

        Assert.Contains("changes are append-only: UPDATE is not allowed", error.Message);
        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);
        Fixtures.AssertSameContent(Fresh().Load(), store.Load());
        Assert.NotEqual(version, store.Version);
        Assert.Equal(Fresh().Version, store.Version);
    }

    [Fact]
    public void Another_database_put_in_place_of_the_file_is_read_whole()
    {
        var store = Imported();
        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);
        _ = store.Load();
        var other = Imported("other.sqlite");
        other.Append([Fixtures.Change("x7", "aleppo", "SDF"), Fixtures.Change("x8", "aleppo", "SAA")]);
        other.Append([Fixtures.Change("x9", "aleppo", "SDF")]);

        SqliteConnection.ClearAllPools();
        File.Copy(PathOf("other.sqlite"), PathOf(), overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(PathOf() + suffix);

        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "x7", "x8", "x9"], store.Load().Changes.Select(c => c.Id));
        Assert.Equal(Fresh("other.sqlite").Version, store.Version);
    }
}
