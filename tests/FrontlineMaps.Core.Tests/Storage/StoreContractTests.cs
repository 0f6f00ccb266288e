using System.Data.Common;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// What every database store promises, run against each of them (<see cref="SqliteStoreContractTests"/>,
/// <see cref="Postgres.PostgresStoreContractTests"/>): validated, all-or-nothing appends, a control log the database
/// itself keeps append-only, loads that return exactly what was written, and the same content version as every other
/// store for the same content.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    /// <summary>Opens (creating on first call) the one store location of this test; every call is a fresh instance.</summary>
    protected abstract IDatasetStore Open();

    /// <summary>How error messages name the store: <c>data.sqlite</c>, a database name.</summary>
    protected abstract string Label { get; }

    /// <summary>Rows of a record table (<c>factions</c>, <c>places</c>, <c>changes</c>, ...), counted in SQL.</summary>
    protected abstract long Count(string table);

    /// <summary>Runs SQL behind the store's back, as a careless administrator would.</summary>
    protected abstract void Execute(string sql);

    /// <summary>SQL for rewriting the log: <c>update</c> one change, <c>delete</c> one, <c>delete all</c>.</summary>
    protected abstract string RewriteLogSql(string operation);

    /// <summary>SQL inserting change c9 for the unknown place 'nowhere', bypassing the store.</summary>
    protected abstract string InsertChangeForUnknownPlaceSql { get; }

    /// <summary>SQL giving place hill-123 an empty note (which the format forbids).</summary>
    protected abstract string EmptyNoteOnHillSql { get; }

    /// <summary>SQL setting the population of place hill-123 to 5.</summary>
    protected abstract string EditHillPopulationSql { get; }

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }

    private IDatasetStore Imported()
    {
        var store = Open();
        store.Import(Fixtures.Small());
        return store;
    }

    [SkippableFact]
    public void Import_then_load_gives_the_same_records_in_the_same_order()
    {
        Imported();

        var loaded = Open().Load();

        Fixtures.AssertSameContent(Fixtures.Small(), loaded);
    }

    [SkippableFact]
    public void The_version_is_the_content_version_every_store_reports_for_the_same_content()
    {
        var store = Imported();
        using var temp = new TempDir();
        var directory = new DirectoryStore(temp.Sub("dir"));
        directory.Import(Fixtures.Small());
        Assert.Equal(DatasetVersion.Compute(Fixtures.Small()), store.Version);
        Assert.Equal(directory.Version, Open().Version);

        var batch = new[] { Fixtures.Change("c7", "hill-123", "SAA"), Fixtures.Change("c8", "kafr-naya", "HTS") };
        store.Append(batch);
        directory.Append(batch);

        Assert.Equal(directory.Version, store.Version);
        Assert.Equal(directory.Version, Open().Version);
        var exported = temp.Sub("exported");
        DatasetFiles.Write(exported, Open().Load());
        Fixtures.AssertSameFiles(directory.DirectoryPath, exported);
    }

    [SkippableTheory]
    [InlineData("update")]
    [InlineData("delete")]
    [InlineData("delete all")]
    public void The_database_refuses_to_rewrite_the_control_log(string operation)
    {
        var store = Imported();
        var version = store.Version;

        var error = Assert.ThrowsAny<DbException>(() => Execute(RewriteLogSql(operation)));

        Assert.Contains($"changes are append-only: {(operation == "update" ? "UPDATE" : "DELETE")} is not allowed", error.Message);
        Assert.Equal(6, Count("changes"));
        Assert.Equal(version, Open().Version);
    }

    [SkippableFact]
    public void The_database_refuses_a_change_that_breaks_its_constraints_even_when_the_store_is_bypassed()
    {
        Imported();

        var error = Assert.ThrowsAny<DbException>(() => Execute(InsertChangeForUnknownPlaceSql));

        Assert.Contains("foreign key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(6, Count("changes"));
    }

    [SkippableFact]
    public void An_append_of_three_changes_with_one_bad_writes_none_of_them()
    {
        var store = Imported();
        var version = store.Version;

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(
        [
            Fixtures.Change("c7", "hill-123", "SAA"),
            Fixtures.Change("c8", "hill-123", "XYZ"),
            Fixtures.Change("c9", "aleppo", "SDF"),
        ]));

        Assert.Equal($"{Label}:changes:8: field 'faction': unknown faction 'XYZ'", error.Message);
        Assert.Equal(6, Count("changes"));
        Assert.Equal(6, Open().Load().Changes.Length);
        Assert.Equal(version, Open().Version);
    }

    public static TheoryData<string, string, string> Rules()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in AppendRuleTests.Rules().Where(r => (string)r[0] == "sqlite"))
            data.Add((string)row[1], (string)row[2], (string)row[3]);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Rules))]
    public void A_bad_change_in_the_middle_of_a_batch_is_rejected_with_its_row_and_field_and_nothing_is_appended(string rule, string field, string reason)
    {
        var store = Imported();
        var version = store.Version;
        var batch = new[] { Fixtures.Change("c7", "hill-123", "SAA"), AppendRuleTests.Bad(rule), Fixtures.Change("c8", "aleppo", "SDF") };

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(batch));

        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.Equal(8, error.Line); // the seq it would have had: after c1-c6 (seq 1-6) and c7
        Assert.Equal($"{Label}:changes", error.File);
        Assert.Equal(version, Open().Version);
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6"], Open().Load().Changes.Select(c => c.Id));
    }

    [SkippableFact]
    public void An_append_is_one_transaction_that_keeps_order_and_citations()
    {
        var store = Imported();

        store.Append(
        [
            Fixtures.Change("c7", "hill-123", "SAA", sources: [new Citation("S2", "SANA"), new Citation("S1")]),
            Fixtures.Change("c8", "hill-123", null, kind: ChangeKind.Retraction, sources: [], retracts: "c7"),
        ]);

        var changes = Open().Load().Changes;
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"], changes.Select(c => c.Id));
        Assert.Equal([new Citation("S2", "SANA"), new Citation("S1")], changes[6].Sources.ToArray());
        Assert.Empty(changes[7].Sources);
    }

    [SkippableFact]
    public void New_factions_sources_and_places_are_appended_with_the_changes_that_use_them_or_not_at_all()
    {
        var store = Imported();
        var version = store.Version;
        var russia = new Faction("RU", "Russian Armed Forces", "Russia", "#0000cc", [], Allies: ["SAA", "IR"]);
        var village = new Place("new-village", "New Village", ["Nouveau"], PlaceKind.Village, 37.3, 36.3, AdminUnits.None, Population: 120);
        var source = new Source("S3", "ISW", "Control of terrain", "https://example.org/3", new DateOnly(2018, 1, 2));

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(new DatasetAdditions([russia], [source], [village],
            [Fixtures.Change("c7", "new-village", "RU", sources: [new Citation("S3")])])));

        Assert.Equal("allies", error.Field);
        Assert.Equal("unknown faction 'IR'", error.Reason);
        Assert.Equal(version, Open().Version);
        Assert.Equal(6, Count("factions"));
        Assert.Equal(4, Count("places"));
        Assert.Equal(2, Count("sources"));

        store.Append(new DatasetAdditions([russia with { Allies = ["SAA"] }], [source], [village],
            [Fixtures.Change("c7", "new-village", "RU", sources: [new Citation("S3")])]));

        var loaded = Open().Load();
        Assert.Equal("RU", loaded.Factions[^1].Id);
        Assert.Equal(village, loaded.Places[^1] with { AlternateNames = village.AlternateNames });
        Assert.Equal(["Nouveau"], loaded.Places[^1].AlternateNames.ToArray());
        Assert.Equal(source, loaded.Sources[^1]);
        Assert.Equal("c7", loaded.Changes[^1].Id);
    }

    [SkippableFact]
    public void An_invalid_dataset_is_not_imported_at_all()
    {
        var store = Open();
        var bad = Fixtures.Small() with { Changes = Fixtures.Small().Changes.Add(Fixtures.Change("c7", "aleppo", "SAA", sources: [new Citation("S7")])) };

        var error = Assert.Throws<DatasetFormatException>(() => store.Import(bad));

        Assert.Equal($"{Label}:changes:7: field 'sources[0].source': unknown source 'S7'", error.Message);
        Assert.True(store.IsEmpty);
        Assert.Equal(0, Count("places"));
        Assert.Equal(0, Count("factions"));
    }

    [SkippableFact]
    public void Import_into_a_store_that_holds_a_dataset_is_refused()
    {
        var store = Imported();

        Assert.Throws<InvalidOperationException>(() => store.Import(Fixtures.Small()));
        Assert.Equal(4, Count("places"));
    }

    [SkippableFact]
    public void Loading_an_empty_store_says_so()
    {
        var store = Open();

        var error = Assert.Throws<DatasetFormatException>(store.Load);

        Assert.Contains("the store is empty", error.Message);
        Assert.True(store.IsEmpty);
    }

    [SkippableFact]
    public void A_bad_row_written_behind_the_stores_back_is_reported_with_table_row_and_field()
    {
        var store = Imported();
        Assert.Equal(4, store.Load().Places.Length);

        Execute(EmptyNoteOnHillSql);

        var error = Assert.Throws<DatasetFormatException>(store.Load);
        Assert.Equal($"{Label}:places:4: field 'note': must not be empty (omit it instead)", error.Message);
    }

    [SkippableFact]
    public void The_version_is_stable_and_changes_when_a_change_is_appended_or_a_place_is_edited()
    {
        var store = Imported();
        var first = store.Version;

        Assert.Equal(first, store.Version);
        Assert.Equal(first, Open().Version);

        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);
        var second = store.Version;
        Assert.NotEqual(first, second);
        Assert.Equal(second, Open().Version);

        Execute(EditHillPopulationSql);
        Assert.NotEqual(second, store.Version);
        Assert.Equal(5, store.Load().Places.Single(p => p.Id == "hill-123").Population);
    }
}

/// <summary>The store contract, run against <see cref="SqliteStore"/>.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDir _temp = new();

    protected override IDatasetStore Open() => new SqliteStore(_temp.File("data.sqlite"));

    protected override string Label => "data.sqlite";

    protected override long Count(string table)
    {
        using var connection = new SqliteStore(_temp.File("data.sqlite")).OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    protected override void Execute(string sql)
    {
        using var connection = new SqliteStore(_temp.File("data.sqlite")).OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    protected override string RewriteLogSql(string operation) => operation switch
    {
        "update" => "UPDATE changes SET record = json_set(record, '$.faction', 'SDF') WHERE id = 'c1'",
        "delete" => "DELETE FROM changes WHERE id = 'c6'",
        _ => "DELETE FROM changes",
    };

    protected override string InsertChangeForUnknownPlaceSql =>
        """INSERT INTO changes (record) VALUES ('{"id":"c9","place":"nowhere","faction":"SAA","valid_from":"2018-01-01","kind":"capture","status":"held","sources":[{"source":"S1"}],"recorded_at":"2020-01-01T00:00:00Z","recorded_by":"x"}')""";

    protected override string EmptyNoteOnHillSql => "UPDATE places SET record = json_set(record, '$.note', '') WHERE id = 'hill-123'";

    protected override string EditHillPopulationSql => "UPDATE places SET record = json_set(record, '$.population', 5) WHERE id = 'hill-123'";

    public override void Dispose()
    {
        _temp.Dispose();
        base.Dispose();
    }
}
