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
    [InlineData("UPDATE changes SET record = json_set(record, '$.sources[0].claimant', 'x') WHERE id = 'c1'", "changes are append-only: UPDATE is not allowed")]
    [InlineData("UPDATE changes SET record = json_remove(record, '$.sources[1]') WHERE id = 'c2'", "changes are append-only: UPDATE is not allowed")]
    [InlineData("UPDATE changes SET record = json_insert(record, '$.sources[#]', json('{\"source\":\"S2\"}')) WHERE id = 'c1'", "changes are append-only: UPDATE is not allowed")]
    public void The_database_refuses_to_rewrite_or_add_citations_of_the_control_log(string sql, string message)
    {
        var store = Imported();
        var version = store.Version;

        var error = Assert.Throws<SqliteException>(() => Execute(store, sql));

        Assert.Contains(message, error.Message);
        Assert.Equal(6, Count(store, "changes"));
        Assert.Equal(version, store.Version);
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
}
