using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// Keeps a server on a PostgreSQL store in step with the other servers sharing the database: a
/// <see cref="PostgresChangeListener"/> (<c>LISTEN frontline_changes</c>, with a revision poll every <c>Store:PollSeconds</c>,
/// default 5, as a fallback, and reconnection) calls <see cref="MapSource.Refresh"/> when another process commits a write, so
/// its map, caches and tiles move to the new data version within the notification's round trip. Does nothing for other stores.
/// </summary>
public sealed class PostgresRefresher(MapSource source, IConfiguration configuration, ILogger<PostgresRefresher> logger) : IHostedService, IAsyncDisposable
{
    private PostgresChangeListener? _listener;

    /// <summary>The listener, once started (for tests and health reporting).</summary>
    public PostgresChangeListener? Listener => _listener;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (source.Store is not PostgresStore || source.PostgresConnectionString is not { } connectionString) return;
        var poll = configuration.GetValue<double?>("Store:PollSeconds") ?? 5;
        var options = new PostgresChangeListenerOptions { PollInterval = TimeSpan.FromSeconds(poll > 0 ? poll : 5) };
        _listener = new PostgresChangeListener(connectionString, OnChange, options, OnError, source.LoadedRevision);
        // Wait (briefly) until the listener is listening, so that a write another server commits once this one serves is signalled;
        // when the database is slow to answer, the listener goes on connecting in the background and its first poll catches up.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await _listener.StartAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The PostgreSQL change listener is not listening yet; it keeps trying in the background");
        }
    }

    private void OnChange(StoreChange change)
    {
        var before = source.Current.DataVersion;
        var after = source.Refresh();
        if (after.DataVersion != before)
            logger.LogInformation("Store revision {Revision} ({Signal}): now serving data version {Version}", change.Revision, change.Signal, after.DataVersion);
    }

    // Npgsql's messages name the server and the failure, never the connection string's password; keys never reach here.
    private void OnError(Exception e) => logger.LogWarning("PostgreSQL change listener: {Type}: {Message}", e.GetType().Name, e.Message);

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _listener, null) is { } listener)
            await listener.DisposeAsync();
    }
}
