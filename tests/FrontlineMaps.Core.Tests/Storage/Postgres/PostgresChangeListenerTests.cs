using System.Collections.Concurrent;
using System.Diagnostics;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage.Postgres;

/// <summary>Servers sharing one PostgreSQL learn of each other's writes through LISTEN/NOTIFY, with polling behind it.</summary>
public sealed class PostgresChangeListenerTests : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly BlockingCollection<(StoreChange Change, long At)> _changes = [];
    private readonly ConcurrentBag<Exception> _errors = [];
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= new TestDatabase();

    public void Dispose()
    {
        _database?.Dispose();
        _changes.Dispose();
    }

    private async Task<PostgresChangeListener> Listening(PostgresChangeListenerOptions? options = null, long? knownRevision = null)
    {
        var listener = new PostgresChangeListener(Database.ConnectionString, c => _changes.Add((c, Stopwatch.GetTimestamp())),
            options ?? new PostgresChangeListenerOptions { ReconnectDelay = TimeSpan.FromMilliseconds(50) }, _errors.Add, knownRevision);
        await listener.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return listener;
    }

    private StoreChange Next(TimeSpan within)
    {
        Assert.True(_changes.TryTake(out var next, within), $"no change signalled within {within.TotalMilliseconds} ms");
        return next.Change;
    }

    [SkippableFact]
    public async Task A_listener_hears_of_an_append_made_through_another_connection_within_a_second()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        await using var listener = await Listening();
        Assert.True(listener.IsListening);
        Assert.Empty(_changes); // the baseline is no news

        var reader = Database.Store();
        var before = reader.Version;
        var started = Stopwatch.GetTimestamp();
        writer.Append([Fixtures.Change("c7", "hill-123", "SAA"), Fixtures.Change("c8", "aleppo", "SDF")]);

        Assert.True(_changes.TryTake(out var heard, Second), "no notification within a second");
        Assert.Equal(StoreChangeSignal.Notification, heard.Change.Signal);
        Assert.Equal(writer.Revision, heard.Change.Revision);
        Assert.True(Stopwatch.GetElapsedTime(started, heard.At) < Second);
        // What the signal asks for: the other server reloads and sees the append.
        Assert.NotEqual(before, reader.Version);
        Assert.Equal(["c7", "c8"], reader.Load().Changes.Skip(6).Select(c => c.Id));
        Assert.False(_changes.TryTake(out _, TimeSpan.FromMilliseconds(200)), "one transaction, one signal");
    }

    [SkippableFact]
    public async Task A_write_by_another_process_is_heard_too()
    {
        var store = Database.Store();
        store.Import(Fixtures.Small());
        await using var listener = await Listening();

        Database.Cluster.Psql(Database.Name,
            """UPDATE frontline.places SET record = '{"id":"hill-123","name":"Hill 123","kind":"hill","lon":36.9,"lat":36.1,"population":7}' WHERE id = 'hill-123'""");

        Assert.Equal(StoreChangeSignal.Notification, Next(Second).Signal);
        Assert.Equal(7, store.Load().Places.Single(p => p.Id == "hill-123").Population);
    }

    [SkippableFact]
    public async Task A_listener_whose_connection_is_killed_reconnects_and_hears_what_it_missed()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        await using var listener = await Listening(new PostgresChangeListenerOptions { ReconnectDelay = TimeSpan.FromMilliseconds(300) });

        Database.Execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'frontline-listener' AND datname = current_database()");
        Thread.Sleep(50);
        writer.Append([Fixtures.Change("c7", "hill-123", "SAA")]); // while nobody listens

        var missed = Next(TimeSpan.FromSeconds(5));
        Assert.Equal(StoreChangeSignal.Connected, missed.Signal);
        Assert.Equal(writer.Revision, missed.Revision);
        Assert.Equal(2, listener.Connections);
        Assert.Contains(_errors, e => e is Npgsql.NpgsqlException);

        writer.Append([Fixtures.Change("c8", "hill-123", "NDF")]);
        Assert.Equal(StoreChangeSignal.Notification, Next(Second).Signal);
    }

    [SkippableFact]
    public async Task When_notifications_are_lost_the_revision_poll_still_signals()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        await using var listener = await Listening(new PostgresChangeListenerOptions { PollInterval = TimeSpan.FromMilliseconds(300) });
        Database.Execute("ALTER TABLE frontline.revision DISABLE TRIGGER revision_notify");

        writer.Append([Fixtures.Change("c7", "hill-123", "SAA")]);

        // ten poll intervals: the poll is the fallback, and a loaded CI machine (test projects run side by side) can delay
        // one 300 ms tick past a second; that it is a Poll signal is what the test is about
        var polled = Next(TimeSpan.FromSeconds(3));
        Assert.Equal(StoreChangeSignal.Poll, polled.Signal);
        Assert.Equal(writer.Revision, polled.Revision);
    }

    [SkippableFact]
    public async Task A_listener_started_after_a_write_it_did_not_load_signals_at_once()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        var loadedAt = writer.Revision;
        writer.Append([Fixtures.Change("c7", "hill-123", "SAA")]);

        await using var listener = await Listening(knownRevision: loadedAt);

        var change = Next(Second);
        Assert.Equal(StoreChangeSignal.Connected, change.Signal);
        Assert.Equal(writer.Revision, change.Revision);
    }

    [SkippableFact]
    public async Task A_stopped_listener_closes_its_connection_and_signals_nothing_more()
    {
        var writer = Database.Store();
        writer.Import(Fixtures.Small());
        var listener = await Listening();

        await listener.DisposeAsync();
        writer.Append([Fixtures.Change("c7", "hill-123", "SAA")]);

        Assert.False(listener.IsListening);
        Assert.False(_changes.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0L, Database.Scalar<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'frontline-listener' AND datname = current_database()"));
    }
}
