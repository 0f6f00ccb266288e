using Npgsql;

namespace FrontlineMaps.Core.Storage;

/// <summary>How a <see cref="PostgresChangeListener"/> learned of a new revision.</summary>
public enum StoreChangeSignal
{
    /// <summary>A <c>NOTIFY frontline_changes</c> arrived (normally within milliseconds of the commit).</summary>
    Notification,

    /// <summary>The periodic revision poll found a revision the notifications had not announced.</summary>
    Poll,

    /// <summary>The listener (re)connected and found the revision moved while it was not listening.</summary>
    Connected,
}

/// <summary>The database's revision moved: reload the dataset (<see cref="IDatasetStore.Load"/>) and refresh caches.</summary>
/// <param name="Revision">The revision now committed (<see cref="PostgresStore.Revision"/>).</param>
/// <param name="Signal">How the change was detected.</param>
public sealed record StoreChange(long Revision, StoreChangeSignal Signal);

/// <summary>Settings of a <see cref="PostgresChangeListener"/>.</summary>
public sealed record PostgresChangeListenerOptions
{
    /// <summary>How often the revision is polled as a fallback to notifications (also detects a dead connection). Default 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting after a connection loss; doubles up to <see cref="MaxReconnectDelay"/>. Default 250 ms.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest wait between reconnection attempts. Default 1 s: after an outage the server is back in step within a second
    /// of the database (with 10 s, a 4 s outage left it 3.75 s behind: the attempts at 0.25, 0.75, 1.75 and 3.75 s failed and the
    /// next came at 7.75 s). One connection attempt a second while the database is down costs nothing worth saving.
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After a notification, how long to wait for more before signalling once for all of them. Default 20 ms.</summary>
    public TimeSpan CoalesceWindow { get; init; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// Keeps a server in step with writes other servers make to the same PostgreSQL database. It holds one dedicated
/// connection that runs <c>LISTEN frontline_changes</c>; every committed write to the store notifies that channel
/// with the new revision (a trigger in <see cref="PostgresStore"/>'s schema, in the writing transaction), and the
/// listener calls back once per burst of notifications. As a fallback it polls <c>frontline.revision</c> every
/// <see cref="PostgresChangeListenerOptions.PollInterval"/> and after each reconnection, so a notification lost with
/// a dropped connection still leads to a refresh. Connection losses are retried with a doubling delay.
/// </summary>
/// <remarks>
/// The callback runs on the listener's own task, one call at a time; an exception it throws is reported to
/// <c>onError</c> and does not stop the listener. Signals may repeat a revision already seen (after a reconnection):
/// reloading an unchanged store is cheap (it answers from its cache).
/// </remarks>
public sealed class PostgresChangeListener : IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly Action<StoreChange> _onChange;
    private readonly Action<Exception>? _onError;
    private readonly PostgresChangeListenerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private long _pending = -1;
    private long _last;
    private bool _hasLast;
    private int _connections;
    private volatile bool _listening;
    private volatile bool _retry;

    /// <summary>Creates a listener; call <see cref="StartAsync"/> to connect.</summary>
    /// <param name="connectionString">The store's Npgsql connection string.</param>
    /// <param name="onChange">Called when the revision moves.</param>
    /// <param name="options">Poll and reconnection settings; defaults when null.</param>
    /// <param name="onError">Told about connection losses and callback failures (for logging); may be null.</param>
    /// <param name="knownRevision">
    /// The revision the caller's data is at (read <see cref="PostgresStore.Revision"/> before loading): the first
    /// connection signals when the database is already past it. When null the first revision seen is the baseline.
    /// </param>
    public PostgresChangeListener(string connectionString, Action<StoreChange> onChange, PostgresChangeListenerOptions? options = null,
        Action<Exception>? onError = null, long? knownRevision = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(onChange);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "frontline-listener",
        };
        _connectionString = builder.ConnectionString;
        _onChange = onChange;
        _onError = onError;
        _options = options ?? new PostgresChangeListenerOptions();
        if (knownRevision is { } known)
        {
            _last = known;
            _hasLast = true;
        }
    }

    /// <summary>The last revision signalled or taken as baseline; null before the first connection.</summary>
    public long? Revision => Volatile.Read(ref _hasLast) ? Interlocked.Read(ref _last) : null;

    /// <summary>True while the listening connection is open.</summary>
    public bool IsListening => _listening;

    /// <summary>How many times the listener has connected (1 after start, more after connection losses).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Starts listening and waits until the first connection is listening (so a write committed after this returns
    /// is signalled), or until <paramref name="cancellationToken"/> ends the wait; retries in the background either way.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
            throw new InvalidOperationException("The listener is already started.");
        _loop = Task.Run(() => RunAsync(_stop.Token));
        await _firstConnection.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops listening and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _options.ReconnectDelay;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                        InterlockedMax(ref _pending, n);
                };
                await connection.OpenAsync(stop).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSchema.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                _listening = true;
                Interlocked.Increment(ref _connections);
                delay = _options.ReconnectDelay;
                Signal(await ReadRevisionAsync(connection, stop).ConfigureAwait(false), StoreChangeSignal.Connected);
                _firstConnection.TrySetResult();

                while (!stop.IsCancellationRequested)
                {
                    // After a failed callback (the refresh could not reach the database yet), look again soon rather than at the next poll.
                    var wait = _retry ? _options.ReconnectDelay : _options.PollInterval;
                    if (await connection.WaitAsync((int)wait.TotalMilliseconds, stop).ConfigureAwait(false))
                    {
                        // A transaction may notify several times (one per table written): signal once for the burst.
                        while (await connection.WaitAsync(Math.Max(1, (int)_options.CoalesceWindow.TotalMilliseconds), stop).ConfigureAwait(false))
                        {
                        }
                        var n = Interlocked.Exchange(ref _pending, -1);
                        if (n >= 0)
                            Signal(n, StoreChangeSignal.Notification);
                    }
                    else
                    {
                        Signal(await ReadRevisionAsync(connection, stop).ConfigureAwait(false), StoreChangeSignal.Poll);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                _listening = false;
                Report(e);
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
        _listening = false;
        _firstConnection.TrySetCanceled(stop);
    }

    private static async Task<long> ReadRevisionAsync(NpgsqlConnection connection, CancellationToken stop)
    {
        await using var cmd = new NpgsqlCommand("SELECT n FROM frontline.revision WHERE id = 1", connection);
        return (long)(await cmd.ExecuteScalarAsync(stop).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Calls back when <paramref name="revision"/> is news: a notification newer than the last revision, or a polled
    /// revision different from it (a database restored from a backup may go back).
    /// </summary>
    private void Signal(long revision, StoreChangeSignal signal)
    {
        var hadLast = Volatile.Read(ref _hasLast);
        var last = Interlocked.Read(ref _last);
        var news = signal == StoreChangeSignal.Notification ? !hadLast || revision > last : hadLast && revision != last;
        Interlocked.Exchange(ref _last, signal == StoreChangeSignal.Notification ? Math.Max(last, revision) : revision);
        Volatile.Write(ref _hasLast, true);
        if (!news)
            return;
        try
        {
            _onChange(new StoreChange(revision, signal));
            _retry = false;
        }
        catch (Exception e)
        {
            // Not taken in: the revision stays news, and the next look (soon) signals it again.
            Interlocked.Exchange(ref _last, last);
            Volatile.Write(ref _hasLast, hadLast);
            _retry = true;
            Report(e);
        }
    }

    private void Report(Exception e)
    {
        try
        {
            _onError?.Invoke(e);
        }
        catch (Exception)
        {
            // A failing error handler must not stop the listener.
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }
}
