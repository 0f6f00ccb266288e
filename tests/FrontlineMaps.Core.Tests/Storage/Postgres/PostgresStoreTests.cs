using System.Collections.Concurrent;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using Npgsql;

namespace FrontlineMaps.Core.Tests.Storage.Postgres;

/// <summary>What only the PostgreSQL store has to show: migrations, several writers and readers at once.</summary>
public sealed class PostgresStoreTests : IDisposable
{
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= new TestDatabase();

    public void Dispose() => _database?.Dispose();

    private PostgresStore Imported()
    {
        var store = Database.Store();
        store.Import(Fixtures.Small());
        return store;
    }

    private static ControlChange Numbered(string writer, int batch, int i) =>
        Fixtures.Change($"{writer}-{batch}-{i}", i % 2 == 0 ? "hill-123" : "aleppo", i % 3 == 0 ? "SDF" : "SAA");

    [SkippableFact]
    public void A_new_database_gets_every_migration_recorded_once_and_reopening_applies_none()
    {
        Database.Store();
        Database.Store();

        Assert.Equal(PostgresSchema.Latest, Database.Scalar<long>("SELECT count(*) FROM frontline.schema_version"));
        Assert.Equal(PostgresSchema.Latest, Database.Scalar<int>("SELECT max(version) FROM frontline.schema_version"));
        using var connection = new NpgsqlConnection(Database.ConnectionString);
        connection.Open();
        Assert.Empty(PostgresSchema.Migrate(connection, Database.Name, PostgresSchema.Latest));
    }

    [SkippableFact]
    public void Servers_starting_at_once_on_an_empty_database_migrate_it_exactly_once()
    {
        Assert.Empty(Concurrently.Run(6, _ => Database.Store()));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.Latest),
            Database.Scalar<int[]>("SELECT array_agg(version ORDER BY version) FROM frontline.schema_version"));
    }

    [SkippableFact]
    public void A_schema_created_by_an_older_migration_is_upgraded_and_its_data_kept()
    {
        using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            connection.Open();
            Assert.Equal([1], PostgresSchema.Migrate(connection, Database.Name, 1));
        }
        // Data as a server at migration 1 wrote it (no revision counter, no indexes yet).
        Database.Execute("""
            INSERT INTO frontline.meta (key, value) VALUES ('name', 'Old'), ('attribution', '[]');
            INSERT INTO frontline.factions (seq, record) VALUES (1, '{"id":"SAA","name":"Syrian Arab Army","short_name":"SAA","color":"#cc0000"}');
            INSERT INTO frontline.sources (seq, record) VALUES (1, '{"id":"S1","publisher":"SOHR","title":"t"}');
            INSERT INTO frontline.places (seq, record) VALUES (1, '{"id":"aleppo","name":"Aleppo","kind":"city","lon":37.16,"lat":36.2}');
            INSERT INTO frontline.changes (seq, record) VALUES (1, '{"id":"c1","place":"aleppo","faction":"SAA","valid_from":"2016-02-03","kind":"capture","status":"held","sources":[{"source":"S1"}],"recorded_at":"2020-01-01T10:00:00Z","recorded_by":"editor"}');
            """);
        Assert.Equal(0L, Database.Scalar<long>("SELECT count(*) FROM pg_class WHERE relname = 'revision'"));

        var store = Database.Store();

        Assert.Equal(Enumerable.Range(1, PostgresSchema.Latest), Database.Scalar<int[]>("SELECT array_agg(version ORDER BY version) FROM frontline.schema_version"));
        Assert.Equal(1L, Database.Scalar<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'changes_place'"));
        var before = store.Revision;
        Assert.Equal(["c1"], store.Load().Changes.Select(c => c.Id));
        store.Append([Fixtures.Change("c2", "aleppo", "SAA")]);
        Assert.True(store.Revision > before);
        Assert.Equal(["c1", "c2"], Database.Store().Load().Changes.Select(c => c.Id));
    }

    [SkippableFact]
    public void A_database_migrated_by_a_newer_version_is_refused_with_a_clear_message()
    {
        Database.Store();
        Database.Execute("INSERT INTO frontline.schema_version (version, description) VALUES (99, 'from the future')");

        var error = Assert.Throws<DatasetFormatException>(() => new PostgresStore(Database.ConnectionString));

        Assert.Equal($"{Database.Name}: field 'schema_version': schema 99 is newer than this version of FrontlineMaps (it migrates up to {PostgresSchema.Latest}): upgrade the server", error.Message);
    }

    [SkippableFact]
    public void A_frontline_schema_made_by_another_application_is_refused()
    {
        Database.Execute("CREATE SCHEMA frontline; CREATE TABLE frontline.things (x int)");

        var error = Assert.Throws<DatasetFormatException>(() => new PostgresStore(Database.ConnectionString));

        Assert.Contains("not a FrontlineMaps database", error.Message);
    }

    [SkippableFact]
    public void Writers_appending_at_once_through_separate_connections_keep_a_consistent_log()
    {
        Imported();
        const int writers = 4, batches = 8, size = 5;
        var stores = Enumerable.Range(0, writers).Select(_ => Database.Store()).ToArray();
        Assert.Empty(Concurrently.Run(writers, w =>
        {
            for (var b = 0; b < batches; b++)
                stores[w].Append(Enumerable.Range(0, size).Select(i => Numbered($"w{w}", b, i)).ToList());
        }));
        var changes = Database.Store().Load().Changes;
        Assert.Equal(6 + writers * batches * size, changes.Length);
        // Every batch is contiguous (no interleaving) and in its own order; each writer's batches in order.
        var appended = changes.Skip(6).Select(c => c.Id).Chunk(size).ToList();
        foreach (var chunk in appended)
        {
            var batch = chunk[0][..chunk[0].LastIndexOf('-')];
            Assert.Equal(Enumerable.Range(0, size).Select(i => $"{batch}-{i}"), chunk);
        }
        for (var w = 0; w < writers; w++)
            Assert.Equal(Enumerable.Range(0, batches).Select(b => $"w{w}-{b}"), appended.Select(c => c[0][..c[0].LastIndexOf('-')]).Where(b => b.StartsWith($"w{w}-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(1, changes.Length).Select(i => (long)i), Database.Scalar<long[]>("SELECT array_agg(seq ORDER BY seq) FROM frontline.changes"));
        // Every writer's own view (served from its cache) agrees with a fresh reader.
        var version = Database.Store().Version;
        Assert.All(stores, s => Assert.Equal(version, s.Version));
    }

    [SkippableFact]
    public void Two_writers_racing_to_record_the_same_id_give_one_record_and_one_clear_refusal()
    {
        Imported();
        var stores = new[] { Database.Store(), Database.Store() };
        _ = stores[0].Version; // both hold the dataset before the race
        _ = stores[1].Version;
        var errors = Concurrently.Run(2, i => stores[i].Append([Fixtures.Change("c7", "hill-123", "SAA")]));

        var refused = Assert.IsType<DatasetFormatException>(Assert.Single(errors)); // one append succeeded
        Assert.StartsWith("duplicate id 'c7'", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(1L, Database.Scalar<long>("SELECT count(*) FROM frontline.changes WHERE id = 'c7'"));
    }

    [SkippableFact]
    public void Readers_never_see_half_a_batch_while_another_connection_appends()
    {
        Imported();
        var writer = Database.Store();
        var reader = Database.Store();
        const int batches = 15, size = 3;
        var seen = new ConcurrentBag<int>();
        using var done = new CancellationTokenSource();
        using var reads = new SemaphoreSlim(0);
        var reading = Task.Run(() =>
        {
            do
            {
                seen.Add(reader.Load().Changes.Length);
                reads.Release();
            }
            while (!done.IsCancellationRequested);
        });
        Assert.True(reads.Wait(TimeSpan.FromSeconds(30)), "the reader never loaded");

        for (var b = 0; b < batches; b++)
            writer.Append(Enumerable.Range(0, size).Select(i => Numbered("w", b, i)).ToList());
        done.Cancel();
        reading.Wait();

        Assert.NotEmpty(seen);
        Assert.All(seen, n => Assert.Equal(0, (n - 6) % size));
        Assert.Equal(6 + batches * size, reader.Load().Changes.Length);
    }

    [SkippableFact]
    public void A_refused_batch_leaves_no_row_no_revision_and_no_notification()
    {
        var store = Imported();
        var revision = store.Revision;
        var notified = new ConcurrentBag<string>();
        using var listening = new NpgsqlConnection(Database.ConnectionString);
        listening.Open();
        listening.Notification += (_, e) => notified.Add(e.Payload);
        using (var listen = new NpgsqlCommand("LISTEN frontline_changes", listening))
            listen.ExecuteNonQuery();

        Assert.Throws<DatasetFormatException>(() => store.Append(new DatasetAdditions(
            [new Faction("RU", "Russian Armed Forces", "Russia", "#0000cc", [])],
            [],
            [new Place("new-village", "New Village", [], PlaceKind.Village, 37.3, 36.3, AdminUnits.None)],
            [Fixtures.Change("c7", "new-village", "RU"), Fixtures.Change("c8", "new-village", "XYZ")])));
        // A write that reaches the database and fails there (a constraint) rolls back the same way.
        Assert.ThrowsAny<PostgresException>(() => Database.Execute("""
            BEGIN;
            INSERT INTO frontline.places (seq, record) VALUES (5, '{"id":"p5","name":"P","kind":"village","lon":37,"lat":36}');
            INSERT INTO frontline.places (seq, record) VALUES (6, '{"id":"p6","name":"P","kind":"village","lon":370,"lat":36}');
            COMMIT;
            """));

        listening.Wait(300);
        Assert.Empty(notified);
        Assert.Equal(revision, store.Revision);
        Assert.Equal(0L, Database.Scalar<long>("SELECT count(*) FROM frontline.places WHERE seq > 4") + Database.Scalar<long>("SELECT count(*) FROM frontline.factions WHERE seq > 6"));
        Assert.Equal(6L, Database.Scalar<long>("SELECT count(*) FROM frontline.changes"));
    }

    [SkippableFact]
    public void Records_are_stored_as_their_canonical_json_lines()
    {
        Imported();
        using var temp = new TempDir();
        DatasetFiles.Write(temp.Path, Fixtures.Small());

        var lines = Database.Scalar<string>("SELECT string_agg(record::text, E'\\n' ORDER BY seq) FROM frontline.changes");

        Assert.Equal(File.ReadAllLines(Path.Combine(temp.Path, DatasetFiles.Changes)).Skip(1), lines.Split('\n'));
        Assert.Equal("tal-rifaat", Database.Scalar<string>("SELECT place FROM frontline.changes WHERE id = 'c6'"));
        Assert.Equal("c2", Database.Scalar<string>("SELECT retracts FROM frontline.changes WHERE id = 'c6'"));
    }

    [SkippableFact]
    public void The_database_refuses_a_retraction_of_a_later_change_and_a_truncate_of_the_log()
    {
        Imported();

        var later = Assert.Throws<PostgresException>(() => Database.Execute("""
            INSERT INTO frontline.changes (seq, record) VALUES
              (7, '{"id":"c7","place":"aleppo","valid_from":"2018-01-01","kind":"retraction","status":"held","sources":[],"recorded_at":"2020-01-01T00:00:00Z","recorded_by":"x","retracts":"c8"}'),
              (8, '{"id":"c8","place":"aleppo","faction":"SAA","valid_from":"2018-01-01","kind":"capture","status":"held","sources":[{"source":"S1"}],"recorded_at":"2020-01-01T00:00:00Z","recorded_by":"x"}')
            """));
        var truncate = Assert.Throws<PostgresException>(() => Database.Execute("TRUNCATE frontline.changes CASCADE"));

        Assert.Contains("retracts must name an earlier change", later.MessageText);
        Assert.Contains("changes are append-only: TRUNCATE is not allowed", truncate.MessageText);
        Assert.Equal(6L, Database.Scalar<long>("SELECT count(*) FROM frontline.changes"));
    }
}

/// <summary>A server refreshing after another server's write reads only what was appended, unless something was rewritten.</summary>
public sealed class PostgresRefreshTests : IDisposable
{
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= new TestDatabase();

    public void Dispose() => _database?.Dispose();

    private (long Current, long Rewritten) Revision()
    {
        var both = Database.Scalar<long[]>("SELECT ARRAY[n, rewritten] FROM frontline.revision");
        return (both[0], both[1]);
    }

    [SkippableFact]
    public void Appends_by_another_server_are_picked_up_as_appends_and_give_the_same_dataset_as_a_fresh_load()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        var reader = Database.Store();
        _ = reader.Load();
        var imported = Revision();

        writer.Append(new DatasetAdditions([], [new Source("S3", "ISW", "t", null, null)],
            [new Place("p5", "P5", [], PlaceKind.Village, 37, 36, AdminUnits.None)],
            [Fixtures.Change("c7", "p5", "SAA", sources: [new Citation("S3")]), Fixtures.Change("c8", "hill-123", "NDF")]));
        writer.Append([Fixtures.Change("c9", "p5", null, kind: ChangeKind.Retraction, sources: [], retracts: "c7")]);

        var after = Revision();
        Assert.True(after.Current > imported.Current);
        Assert.Equal(imported.Rewritten, after.Rewritten); // pure appends
        Fixtures.AssertSameContent(Database.Store().Load(), reader.Load());
        Assert.Equal(writer.Version, reader.Version);
    }

    [SkippableFact]
    public void A_row_inserted_behind_the_last_one_or_an_edit_makes_readers_reload_everything()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        Database.Execute("""INSERT INTO frontline.places (seq, record) VALUES (10, '{"id":"p10","name":"P10","kind":"village","lon":37,"lat":36}')""");
        var reader = Database.Store();
        Assert.Equal(5, reader.Load().Places.Length);
        var before = Revision();

        Database.Execute("""INSERT INTO frontline.places (seq, record) VALUES (7, '{"id":"p7","name":"P7","kind":"village","lon":37,"lat":36}')""");

        var after = Revision();
        Assert.Equal(after.Current, after.Rewritten);
        Assert.True(after.Current > before.Current);
        Assert.Equal(["aleppo", "tal-rifaat", "kafr-naya", "hill-123", "p7", "p10"], reader.Load().Places.Select(p => p.Id));

        Database.Execute("""UPDATE frontline.meta SET value = 'Renamed' WHERE key = 'name'""");
        Assert.Equal("Renamed", reader.Load().Info.Name);
    }
}
