using System.Collections.Concurrent;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage.Postgres;

/// <summary>
/// The editor side of the PostgreSQL store, with two store instances standing for two servers on one database: keys kept as
/// hashes, idempotency records written with the records they answer for, place versions checked under the revision lock,
/// and seeding by several servers at once.
/// </summary>
public sealed class PostgresEditorStoreTests : IDisposable
{
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= new TestDatabase();

    public void Dispose() => _database?.Dispose();

    private (PostgresStore A, PostgresStore B) TwoServers()
    {
        var a = Database.Store();
        a.Import(Fixtures.Small());
        var b = Database.Store();
        Assert.Equal(a.Version, b.Version);
        return (a, b);
    }

    [SkippableFact]
    public void A_key_made_on_one_server_works_on_the_other_and_only_its_hash_is_stored()
    {
        var (a, b) = TwoServers();
        var (key, token) = a.CreateKey("reviewer one", ApiRole.Reviewer);

        Assert.Equal(key, b.FindKey(token));
        Assert.Null(b.FindKey(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
        Assert.Equal(0L, Database.Scalar<long>($"SELECT count(*) FROM frontline.api_keys WHERE hash = '{token}' OR name = '{token}'"));
        Assert.Equal(ApiKeyTokens.Hash(token), Database.Scalar<string>($"SELECT hash FROM frontline.api_keys WHERE id = '{key.Id}'"));
        Assert.Throws<ArgumentException>(() => b.CreateKey("reviewer one", ApiRole.Admin));
        Assert.Equal([key], b.ListKeys());

        var revoked = b.RevokeKey("reviewer one")!;
        Assert.False(revoked.IsActive);
        Assert.False(a.FindKey(token)!.IsActive);
        Assert.Equal(revoked.RevokedAt, a.RevokeKey(key.Id)!.RevokedAt); // revoking twice keeps the first time
        Assert.Null(a.RevokeKey("nobody"));
    }

    [SkippableFact]
    public void A_retried_write_sent_to_the_other_server_returns_the_first_response_and_writes_nothing()
    {
        var (a, b) = TwoServers();
        var response = new StoredResponse("k1:retry-1", "hash", 201, """{"changes":[]}""");
        Assert.Null(a.Append(DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA")]), response));
        var version = a.Version;

        var again = b.Append(DatasetAdditions.OfChanges([Fixtures.Change("c8", "hill-123", "SAA")]), response with { Body = "other" });

        Assert.Equal(response, again);
        Assert.Equal(version, b.Version);
        Assert.DoesNotContain(b.Load().Changes, c => c.Id == "c8");
        Assert.Equal(response, b.FindResponse("k1:retry-1"));
    }

    [SkippableFact]
    public void An_idempotency_record_is_not_kept_when_its_records_are_refused()
    {
        var (a, _) = TwoServers();
        var response = new StoredResponse("k1:bad", "hash", 201, "{}");
        Assert.Throws<DatasetFormatException>(() => a.Append(DatasetAdditions.OfChanges([Fixtures.Change("c7", "nowhere", "SAA")]), response));
        Assert.Null(a.FindResponse("k1:bad"));
    }

    [SkippableFact]
    public void A_place_version_gone_stale_through_the_other_server_is_refused_by_the_database()
    {
        var (a, b) = TwoServers();
        var seen = PlaceVersions.Of(b.Load().Changes, "hill-123"); // both servers plan against this version
        Assert.Equal(seen, PlaceVersions.Of(a.Load().Changes, "hill-123"));

        a.Append(DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA")]), null, seen);
        // B has not reloaded: its own view still shows the old version, but the check runs in the database.
        var e = Assert.Throws<StalePlaceVersionException>(() => b.Append(DatasetAdditions.OfChanges([Fixtures.Change("c8", "hill-123", "SDF")]), null, seen));

        Assert.Equal(new PlaceVersion("hill-123", seen.ChangeCount + 1, "c7"), e.Actual);
        Assert.DoesNotContain(b.Load().Changes, c => c.Id == "c8");
        b.Append(DatasetAdditions.OfChanges([Fixtures.Change("c8", "hill-123", "SDF")]), null, e.Actual); // the reloaded version passes
        Assert.Equal("c8", PlaceVersions.Of(a.Load().Changes, "hill-123").LastChangeId);
    }

    [SkippableFact]
    public void Of_many_writes_racing_on_one_place_version_across_two_servers_exactly_one_succeeds()
    {
        var (a, b) = TwoServers();
        var seen = PlaceVersions.Of(a.Load().Changes, "aleppo");
        var errors = Concurrently.Run(8, i =>
            (i % 2 == 0 ? a : b).Append(DatasetAdditions.OfChanges([Fixtures.Change($"race-{i}", "aleppo", "SAA")]), null, seen));

        Assert.Equal(7, errors.Count); // exactly one written
        Assert.All(errors, e => Assert.IsType<StalePlaceVersionException>(e));
        Assert.Equal(seen.ChangeCount + 1, PlaceVersions.Of(b.Load().Changes, "aleppo").ChangeCount);
    }

    [SkippableFact]
    public void Servers_starting_at_once_on_an_empty_database_seed_it_once_from_the_configured_seed()
    {
        var options = new StoreOptions { Provider = StoreOptions.Postgres, ConnectionString = Database.ConnectionString };
        var versions = new ConcurrentBag<string>();
        Assert.Empty(Concurrently.Run(4, _ =>
        {
            using var store = (PostgresStore)StoreFactory.Open(options);
            versions.Add(store.Version);
        }));
        Assert.Single(versions.Distinct());
        Assert.Equal(EmbeddedDataset.Version, versions.First());
        Assert.Equal((long)EmbeddedDataset.Load().Changes.Length, Database.Scalar<long>("SELECT count(*) FROM frontline.changes"));
    }

    [SkippableFact]
    public void A_bad_connection_string_names_the_setting_and_not_its_value()
    {
        var e = Assert.Throws<StoreConfigurationException>(() =>
            StoreFactory.Open(new StoreOptions { Provider = StoreOptions.Postgres, ConnectionString = "Host=127.0.0.1;Password=s3cret;Bogus=1" }));
        Assert.Equal("Store:ConnectionString", e.Setting);
        Assert.DoesNotContain("s3cret", e.Message);
    }
}
