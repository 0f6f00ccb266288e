using FrontlineMaps.Core.Storage;
using Npgsql;

namespace FrontlineMaps.Core.Tests.Storage.Postgres;

/// <summary>A fresh database in the test run's cluster, dropped afterwards.</summary>
internal sealed class TestDatabase : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public TestDatabase()
    {
        Cluster = PostgresCluster.Instance;
        Name = Cluster.CreateDatabase();
        ConnectionString = Cluster.ConnectionString(Name);
    }

    public PostgresCluster Cluster { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A new store instance (its own connection pool, as another server process would have).</summary>
    public PostgresStore Store()
    {
        var store = new PostgresStore(ConnectionString);
        lock (_owned)
            _owned.Add(store);
        return store;
    }

    public T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        return (T)cmd.ExecuteScalar()!;
    }

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_owned)
            foreach (var item in _owned)
                item.Dispose();
        Cluster.DropDatabase(Name);
    }
}

/// <summary>The store contract, run against <see cref="PostgresStore"/> on a real PostgreSQL.</summary>
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= new TestDatabase();

    protected override IDatasetStore Open() => Database.Store();

    protected override string Label => Database.Name;

    protected override long Count(string table) => Database.Scalar<long>($"SELECT count(*) FROM frontline.{table}");

    protected override void Execute(string sql) => Database.Execute(sql);

    protected override string RewriteLogSql(string operation) => operation switch
    {
        "update" => """UPDATE frontline.changes SET record = '{"id":"c1"}' WHERE id = 'c1'""",
        "delete" => "DELETE FROM frontline.changes WHERE id = 'c6'",
        _ => "DELETE FROM frontline.changes",
    };

    protected override string InsertChangeForUnknownPlaceSql =>
        """INSERT INTO frontline.changes (seq, record) VALUES (9, '{"id":"c9","place":"nowhere","faction":"SAA","valid_from":"2018-01-01","kind":"capture","status":"held","sources":[{"source":"S1"}],"recorded_at":"2020-01-01T00:00:00Z","recorded_by":"x"}')""";

    protected override string EmptyNoteOnHillSql =>
        """UPDATE frontline.places SET record = '{"id":"hill-123","name":"Hill 123","kind":"hill","lon":36.9,"lat":36.1,"note":""}' WHERE id = 'hill-123'""";

    protected override string EditHillPopulationSql =>
        """UPDATE frontline.places SET record = '{"id":"hill-123","name":"Hill 123","kind":"hill","lon":36.9,"lat":36.1,"population":5}' WHERE id = 'hill-123'""";

    public override void Dispose()
    {
        _database?.Dispose();
        base.Dispose();
    }
}
