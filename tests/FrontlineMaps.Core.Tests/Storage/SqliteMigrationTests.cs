using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>A database written by an older build (without the review, place date, key and idempotency parts) is brought up to date on open.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("frontline-migrate-");

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void An_older_database_gains_the_new_columns_and_tables_and_keeps_its_content()
    {
        var path = Path.Combine(_dir.FullName, "old.sqlite");
        var store = (SqliteStore)StoreFactory.Open(new StoreOptions { Path = path });
        var version = store.Version;
        // Take the database back to the layout an older build left (SQLite's DROP COLUMN; 'reviews' cannot go: it is a foreign key).
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "ALTER TABLE places DROP COLUMN valid_from; ALTER TABLE changes DROP COLUMN verdict; DROP TABLE api_keys; DROP TABLE idempotency;";
            cmd.ExecuteNonQuery();
        }
        var reopened = new SqliteStore(path);
        Assert.Equal(version, reopened.Version);
        var (key, token) = reopened.CreateKey("after-migration", ApiRole.Admin);
        Assert.Equal(key.Id, reopened.FindKey(token)!.Id);
        reopened.Append(new DatasetAdditions([], [],
            [new Place("young", "Young", [], PlaceKind.Other, 37, 36, AdminUnits.None, ValidFrom: new DateOnly(2019, 1, 1))], []));
        Assert.Equal(new DateOnly(2019, 1, 1), new SqliteStore(path).Load().Places.Single(p => p.Id == "young").ValidFrom);
    }
}
