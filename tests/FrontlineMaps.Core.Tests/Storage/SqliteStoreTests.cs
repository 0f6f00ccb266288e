using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private SqliteStore Imported()
    {
        var store = new SqliteStore(_temp.File("data.sqlite"));
        store.Import(Fixtures.Small());
        return store;
    }

    private static long Count(SqliteStore store, string table)
    {
        using var connection = store.OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    private static void Execute(SqliteStore store, string sql)
    {
        using var connection = store.OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Import_then_load_gives_the_same_records_in_the_same_order()
    {
        Imported();

        var loaded = new SqliteStore(_temp.File("data.sqlite")).Load();

        Fixtures.AssertSameContent(Fixtures.Small(), loaded);
    }

    [Fact]
    public void A_new_database_is_schema_1_and_runs_in_WAL_mode_with_synchronous_FULL_and_foreign_keys_on()
    {
        var store = Imported();
        using var connection = store.OpenConnection();

        string Pragma(string name)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA {name}";
            return Convert.ToString(cmd.ExecuteScalar())!;
        }

        Assert.Equal("wal", Pragma("journal_mode"));
        Assert.Equal("2", Pragma("synchronous")); // 2 = FULL
        Assert.Equal("1", Pragma("foreign_keys"));
        Assert.Equal("1", Pragma("user_version"));
        Assert.Equal(1, store.SchemaVersion);
    }

    [Theory]
    [InlineData("UPDATE changes SET faction = 'SDF' WHERE id = 'c1'", "changes are append-only: UPDATE is not allowed")]
    [InlineData("DELETE FROM changes WHERE id = 'c6'", "changes are append-only: DELETE is not allowed")]
    [InlineData("DELETE FROM changes", "changes are append-only: DELETE is not allowed")]
    [InlineData("UPDATE change_sources SET claimant = 'x'", "citations are append-only: UPDATE is not allowed")]
    [InlineData("DELETE FROM change_sources", "citations are append-only: DELETE is not allowed")]
    [InlineData("INSERT INTO change_sources (change_seq, ord, source) VALUES (1, 5, 'S2')", "citations can only be added with their change")]
    public void The_database_refuses_to_rewrite_the_control_log(string sql, string message)
    {
        var store = Imported();
        var version = store.Version;

        var error = Assert.Throws<SqliteException>(() => Execute(store, sql));

        Assert.Contains(message, error.Message);
        Assert.Equal(6, Count(store, "changes"));
        Assert.Equal(version, store.Version);
    }

    [Fact]
    public void The_database_refuses_a_change_that_breaks_its_constraints_even_when_the_store_is_bypassed()
    {
        var store = Imported();

        var error = Assert.Throws<SqliteException>(() => Execute(store,
            "INSERT INTO changes (id, place, faction, valid_from, kind, status, recorded_at, recorded_by) VALUES ('c9', 'nowhere', 'SAA', '2018-01-01', 'capture', 'held', '2020-01-01T00:00:00Z', 'x')"));

        Assert.Contains("FOREIGN KEY", error.Message);
        Assert.Equal(6, Count(store, "changes"));
    }

    [Fact]
    public void An_append_of_three_changes_with_one_bad_writes_none_of_them()
    {
        var store = Imported();

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(
        [
            Fixtures.Change("c7", "hill-123", "SAA"),
            Fixtures.Change("c8", "hill-123", "XYZ"),
            Fixtures.Change("c9", "aleppo", "SDF"),
        ]));

        Assert.Equal("data.sqlite:changes:8: field 'faction': unknown faction 'XYZ'", error.Message);
        Assert.Equal(6, Count(store, "changes"));
        Assert.Equal(6, Count(store, "change_sources"));
        Assert.Equal(6, new SqliteStore(_temp.File("data.sqlite")).Load().Changes.Length);
    }

    [Fact]
    public void An_append_is_one_transaction_that_keeps_order_and_citations()
    {
        var store = Imported();

        store.Append(
        [
            Fixtures.Change("c7", "hill-123", "SAA", sources: [new Citation("S2", "SANA"), new Citation("S1")]),
            Fixtures.Change("c8", "hill-123", null, kind: ChangeKind.Retraction, sources: [], retracts: "c7"),
        ]);

        var changes = new SqliteStore(_temp.File("data.sqlite")).Load().Changes;
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"], changes.Select(c => c.Id));
        Assert.Equal([new Citation("S2", "SANA"), new Citation("S1")], changes[6].Sources.ToArray());
        Assert.Empty(changes[7].Sources);
    }

    [Fact]
    public void A_database_with_schema_2_is_refused_with_a_clear_message()
    {
        var path = _temp.File("future.sqlite");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE things (x); PRAGMA user_version = 2;";
            cmd.ExecuteNonQuery();
        }

        var error = Assert.Throws<DatasetFormatException>(() => new SqliteStore(path));

        Assert.Equal("future.sqlite: field 'user_version': schema 2 is not supported (this version reads schema 1)", error.Message);
    }

    [Fact]
    public void A_database_of_another_application_is_refused()
    {
        var path = _temp.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE things (x)";
            cmd.ExecuteNonQuery();
        }

        var error = Assert.Throws<DatasetFormatException>(() => new SqliteStore(path));

        Assert.Contains("not a FrontlineMaps database", error.Message);
    }

    [Fact]
    public void An_invalid_dataset_is_not_imported_at_all()
    {
        var store = new SqliteStore(_temp.File("data.sqlite"));
        var bad = Fixtures.Small() with { Changes = Fixtures.Small().Changes.Add(Fixtures.Change("c7", "aleppo", "SAA", sources: [new Citation("S7")])) };

        var error = Assert.Throws<DatasetFormatException>(() => store.Import(bad));

        Assert.Equal("data.sqlite:changes:7: field 'sources[0].source': unknown source 'S7'", error.Message);
        Assert.True(store.IsEmpty);
        Assert.Equal(0, Count(store, "places"));
        Assert.Equal(0, Count(store, "factions"));
    }

    [Fact]
    public void Import_into_a_database_that_holds_a_dataset_is_refused()
    {
        var store = Imported();

        Assert.Throws<InvalidOperationException>(() => store.Import(Fixtures.Small()));
        Assert.Equal(4, Count(store, "places"));
    }

    [Fact]
    public void Loading_an_empty_database_says_so()
    {
        var store = new SqliteStore(_temp.File("empty.sqlite"));

        var error = Assert.Throws<DatasetFormatException>(store.Load);

        Assert.Contains("the store is empty", error.Message);
        Assert.True(store.IsEmpty);
    }

    [Fact]
    public void A_bad_row_written_behind_the_stores_back_is_reported_with_table_row_and_column()
    {
        var store = Imported();
        Assert.Equal(4, store.Load().Places.Length);

        Execute(store, "UPDATE places SET note = '' WHERE id = 'hill-123'");

        var error = Assert.Throws<DatasetFormatException>(store.Load);
        Assert.Equal("data.sqlite:places:4: field 'note': must not be empty (omit it instead)", error.Message);
    }

    [Fact]
    public void The_version_is_stable_and_changes_when_a_change_is_appended_or_a_place_is_edited()
    {
        var store = Imported();
        var first = store.Version;

        Assert.Equal(first, store.Version);
        Assert.Equal(first, new SqliteStore(_temp.File("data.sqlite")).Version);

        store.Append([Fixtures.Change("c7", "hill-123", "SAA")]);
        var second = store.Version;
        Assert.NotEqual(first, second);
        Assert.Equal(second, new SqliteStore(_temp.File("data.sqlite")).Version);

        Execute(store, "UPDATE places SET population = 5 WHERE id = 'hill-123'");
        Assert.NotEqual(second, store.Version);
    }
}
