using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// The "source" of request → source → cache → encoder: the store and the <see cref="MapState"/> currently served. A request takes
/// <see cref="Current"/> once (see <see cref="ServerApp"/>: <see cref="MapState"/> is a scoped service) and only queries it. After a
/// write through <see cref="Append"/>, and when something else changed the store (another process, the CLI, or a PostgreSQL
/// change listener calling <see cref="Refresh"/>), a new state is built from the store and swapped in atomically; the old one
/// (with its derived cache) is dropped once its last request ends.
/// Configuration: <c>Store:*</c> (see <see cref="StoreOptions"/>), or <c>FrontlineMaps:Data</c> (a dataset directory or .sqlite
/// file, which then is the store), and <c>FrontlineMaps:CapRadiusKm</c>.
/// </summary>
public sealed class MapSource
{
    private readonly object _refreshGate = new();
    // Writes wait for each other asynchronously: a burst of concurrent writes parks no thread-pool threads (a lock did, and a fresh
    // server, with few threads, froze for a second while the pool grew; see docs/deployment.md).
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly double? _capRadiusKm;
    private readonly ILogger<MapSource> _logger;
    private MapState _current;

    /// <summary>Opens the configured store (creating and seeding it on first start) and loads it.</summary>
    public MapSource(IConfiguration configuration, ILogger<MapSource> logger)
    {
        _logger = logger;
        _capRadiusKm = configuration.GetValue<double?>("FrontlineMaps:CapRadiusKm");
        var path = configuration["FrontlineMaps:Data"];
        if (!string.IsNullOrEmpty(path))
        {
            Store = DatasetLoader.Open(path);
            Description = path;
        }
        else
        {
            var options = StoreOptions.From(key => configuration[key]);
            Store = StoreFactory.Open(options);
            Description = options.Provider == StoreOptions.Sqlite ? $"sqlite {Path.GetFullPath(options.Path)}" : options.Provider;
            if (Store is PostgresStore postgres)
            {
                PostgresConnectionString = options.ConnectionString;
                // Read before the first load: a write committed between the two is then signalled to the listener, not missed.
                LoadedRevision = postgres.Revision;
            }
        }
        _current = Build(null);
    }

    /// <summary>The store every write goes to.</summary>
    public IDatasetStore Store { get; }

    /// <summary>The connection string of a PostgreSQL store (for its change listener; never logged), else null.</summary>
    internal string? PostgresConnectionString { get; }

    /// <summary>For a PostgreSQL store, its revision read just before the first load (the listener's starting point), else null.</summary>
    internal long? LoadedRevision { get; }

    /// <summary>The store's editor side (keys, idempotent writes), when it has one.</summary>
    public IEditorStore? Editor => Store as IEditorStore;

    /// <summary>What the store is, for logs (provider and path; never a connection string).</summary>
    public string Description { get; }

    /// <summary>The state served now.</summary>
    public MapState Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new state is swapped in (e.g. to drop tiles of older versions).</summary>
    public event Action<MapState>? Changed;

    /// <summary>
    /// Reloads from the store when its content version differs from the one served, and swaps the new state in. Safe to call
    /// from any thread at any time (a change listener calls it); returns the state served afterwards.
    /// </summary>
    public MapState Refresh()
    {
        lock (_refreshGate)
        {
            var current = Current;
            if (Store.Version == current.DataVersion) return current;
            var next = Build(current);
            Volatile.Write(ref _current, next);
            Changed?.Invoke(next);
            return next;
        }
    }

    /// <summary>
    /// Appends to the store (validated and atomic there; with the idempotency record when given) and serves the new content
    /// before returning, so that a write acknowledged to a client is on the map for its next request.
    /// </summary>
    /// <returns>The earlier response when one was stored under the same idempotency scope (then nothing was written), else null.</returns>
    /// <exception cref="DatasetFormatException">A record is invalid; nothing was written.</exception>
    /// <exception cref="StalePlaceVersionException">The place changed since <paramref name="expected"/>; nothing was written.</exception>
    public StoredResponse? Append(DatasetAdditions additions, StoredResponse? response = null, PlaceVersion? expected = null, ResponseHeaders? headers = null)
    {
        StoredResponse? earlier;
        if (Editor is { } editor) earlier = editor.Append(additions, response, expected, headers);
        else
        {
            Store.Append(additions);
            earlier = null;
        }
        try
        {
            Refresh();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // The write is committed: it is acknowledged, and served as soon as the store answers again (the change listener, or
            // the next write, reloads).
            _logger.LogWarning("A write was stored, but reloading from the store failed: {Type}: {Message}", e.GetType().Name, e.Message);
        }
        return earlier;
    }

    /// <summary>
    /// One write, serialized with every other write of this process: <paramref name="plan"/> sees the current state (refreshed from
    /// the store first), checks its preconditions and returns the records to append with the response to keep under its
    /// idempotency scope and the place version it relied on (checked again by the store inside the write's transaction, so across
    /// processes too); they are appended in one transaction and the new state is swapped in before this returns.
    /// </summary>
    /// <returns>The earlier response when one was already stored under the scope (then nothing was written), and the state served after.</returns>
    /// <exception cref="DatasetFormatException">A record is invalid; nothing was written.</exception>
    /// <exception cref="StalePlaceVersionException">The place changed in the store since the plan looked; nothing was written.</exception>
    /// <exception cref="CommitOutcomeUnknownException">The store's connection broke during the commit; whether it took effect is unknown.</exception>
    public async Task<(StoredResponse? Earlier, MapState State)> WriteAsync(
        Func<MapState, (DatasetAdditions Additions, StoredResponse? Response, PlaceVersion? Expected)> plan, ResponseHeaders? headers = null,
        CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var (additions, response, expected) = plan(Refresh());
            // A store without an editor side (a dataset directory) has no other writer than this process: the check the plan made
            // under this gate stands.
            var earlier = Append(additions, response, expected, headers);
            return (earlier, Current);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private MapState Build(MapState? previous)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Load and Version are two reads: take them again if another writer got in between (stores return the same
        // Dataset object while their content is unchanged).
        Dataset dataset;
        string version;
        var attempts = 0;
        do
        {
            dataset = Store.Load();
            version = Store.Version;
        }
        while (!ReferenceEquals(dataset, Store.Load()) && ++attempts < 10);
        var state = new MapState(dataset, version, _capRadiusKm, previous);
        _logger.LogInformation("Loaded {Name} from {Store}: {Places} places, {Changes} changes, version {Version} in {Ms} ms",
            dataset.Info.Name, Description, dataset.Places.Length, dataset.Changes.Length, state.DataVersion, clock.ElapsedMilliseconds);
        return state;
    }
}
