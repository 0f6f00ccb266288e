using System.Buffers;
using System.Collections.Immutable;
using System.Data;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using Npgsql;
using NpgsqlTypes;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A dataset kept in PostgreSQL, shared by several server processes. Everything lives in the schema
/// <c>frontline</c>, created and migrated by the store itself (see <see cref="PostgresSchema"/>). Each record is
/// stored as its canonical JSON line (the same bytes <see cref="DatasetFiles"/> writes) in a <c>record json</c>
/// column; the columns queries and constraints need (<c>id</c>, <c>place</c>, <c>faction</c>, <c>lon</c>, ...)
/// are generated from it by the database, so they can never disagree with the record, and a new record field
/// needs no schema change. The control log (<c>changes</c>) is append-only, enforced by triggers that refuse any
/// UPDATE, DELETE or TRUNCATE.
/// <para>
/// Writers are serialized across processes by a row lock on <c>frontline.revision</c>, a counter every write
/// bumps (statement triggers on every table); a trigger on that counter sends <c>NOTIFY frontline_changes</c>
/// with the new revision, delivered at commit (see <see cref="PostgresChangeListener"/>). An append validates
/// against the dataset as committed under that lock, then writes all its records in the same transaction: all of
/// them or none. A load reads in one REPEATABLE READ snapshot, so it never sees half a write; after pure appends by
/// other processes it reads and validates only the new rows.
/// </para>
/// </summary>
public sealed partial class PostgresStore : IDatasetStore, IEditorStore, IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = DatasetWriter.Options;

    private readonly NpgsqlDataSource _dataSource;
    private readonly object _gate = new();
    private readonly string _label;
    private LoadedRevision? _cache;

    private static ApiKeyTable Keys { get; } = new(PostgresDialect.Instance);

    private static WritePreconditions Preconditions { get; } = new(PostgresDialect.Instance);

    private static RecordRows Rows { get; } = new(PostgresDialect.Instance);

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (an Npgsql connection string) and brings the schema up to
    /// date: creates it in an empty database, applies missing migrations in an existing one. Safe when several
    /// processes start at once (migrations run under an advisory lock).
    /// </summary>
    /// <exception cref="DatasetFormatException">The database holds a newer schema, or a <c>frontline</c> schema this code did not make.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public PostgresStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _label = builder.Database ?? builder.Username ?? "postgres";
        _dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            using var connection = _dataSource.OpenConnection();
            PostgresSchema.Migrate(connection, _label, PostgresSchema.Latest);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The name used in error messages: the database name.</summary>
    public string Label => _label;

    /// <inheritdoc />
    public int SchemaVersion => DatasetFiles.SchemaVersion;

    /// <inheritdoc />
    public string Version => Current().Version.Value;

    /// <summary>
    /// The database's write counter (<c>frontline.revision</c>), read now: it grows with every committed write,
    /// and is the payload of the <c>frontline_changes</c> notification. Cheap; meant for polling.
    /// </summary>
    public long Revision
    {
        get
        {
            using var connection = _dataSource.OpenConnection();
            return ReadRevision(connection, null).Current;
        }
    }

    /// <inheritdoc />
    public bool IsEmpty
    {
        get
        {
            using var connection = _dataSource.OpenConnection();
            return IsEmptyIn(connection, null);
        }
    }

    /// <inheritdoc />
    public Dataset Load() => Current().Dataset;

    /// <inheritdoc />
    public void Append(IReadOnlyList<ControlChange> changes) => Append(DatasetAdditions.OfChanges(changes));

    /// <inheritdoc />
    public void Append(DatasetAdditions additions)
    {
        ArgumentNullException.ThrowIfNull(additions);
        if (additions.IsEmpty)
            return;
        Append(additions, null);
    }

    /// <inheritdoc />
    public StoredResponse? Append(DatasetAdditions additions, StoredResponse? response, PlaceVersion? expected = null, ResponseHeaders? headers = null)
    {
        ArgumentNullException.ThrowIfNull(additions);
        lock (_gate)
        {
            using var connection = _dataSource.OpenConnection();
            using var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            // The row lock every writer takes: no other write can commit until this transaction ends, so each of the
            // statements below (READ COMMITTED) sees exactly the dataset this append is validated against, and the
            // idempotency record and the place version checked here cannot change before it commits, whichever server
            // the other writer runs in.
            var revision = LockRevision(connection, tx);
            if (response is not null && Preconditions.FindResponse(connection, tx, response.Scope) is { } earlier)
                return earlier;
            Preconditions.CheckPlaceVersion(connection, tx, expected);
            LoadedRevision? written = null;
            if (!additions.IsEmpty)
            {
                var current = ReadAll(connection, tx, revision);
                // Only the new records are checked: the stored ones were validated when read (same rules, same result).
                var combined = additions.ApplyTo(current.Dataset);
                var ids = DatasetValidator.ValidateAdditions(current.Ids, combined, additions, current.Locate);
                var seqs = current.Seqs.Extend(additions);
                Insert(connection, additions.Factions, additions.Sources, additions.Places, additions.Changes, current.Seqs);
                written = new LoadedRevision(combined, ReadRevision(connection, tx).Current, seqs, ids, current.Version.Appended(combined, additions), _label);
                // The version is computed once per snapshot (the refresh after the commit reads this one), so asking for it here
                // costs nothing extra.
                if (headers is not null && headers(combined, written.Version.Value) is var h && response is not null) response = response with { Headers = h };
            }
            if (response is not null)
                Preconditions.SaveResponse(connection, tx, response);
            try
            {
                tx.Commit();
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                // The connection broke with COMMIT sent: the database may have committed. Find out before saying anything.
                if (!Committed(additions, response, e))
                    throw;
            }
            if (written is not null)
                _cache = written;
            return null;
        }
    }

    /// <summary>How long the look after an ambiguous commit may wait for the database (and for the broken transaction to end).</summary>
    internal static TimeSpan CommitCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After the connection broke during COMMIT: whether the write is in the database, looked up on a fresh connection. A row lock
    /// on the revision (which the broken transaction held) is taken first, so the answer comes after that transaction has ended,
    /// committed or rolled back. The write is all or nothing, so one of its records (or its idempotency record) tells.
    /// </summary>
    /// <exception cref="CommitOutcomeUnknownException">The database cannot be asked now.</exception>
    private bool Committed(DatasetAdditions additions, StoredResponse? response, NpgsqlException commitError)
    {
        var (table, id) = additions.Changes.Count > 0 ? ("changes", additions.Changes[0].Id)
            : additions.Places.Count > 0 ? ("places", additions.Places[0].Id)
            : additions.Sources.Count > 0 ? ("sources", additions.Sources[0].Id)
            : additions.Factions.Count > 0 ? ("factions", additions.Factions[0].Id)
            : ("idempotency", response?.Scope);
        if (id is null) return true; // nothing was to be written
        try
        {
            using var connection = _dataSource.OpenConnection();
            using var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            var timeout = (int)Math.Ceiling(CommitCheckTimeout.TotalSeconds);
            using (var wait = new NpgsqlCommand("SELECT n FROM frontline.revision WHERE id = 1 FOR SHARE", connection, tx) { CommandTimeout = timeout })
                wait.ExecuteNonQuery();
            var key = table == "idempotency" ? "scope" : "id";
            // The table and column are constants above, never data.
            using var look = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM frontline.{table} WHERE {key} = $1)", connection, tx) { CommandTimeout = timeout };
            look.Parameters.Add(new NpgsqlParameter { Value = id });
            var found = (bool)look.ExecuteScalar()!;
            tx.Commit();
            return found;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new CommitOutcomeUnknownException(
                $"the connection to PostgreSQL broke while the write was committing ({commitError.Message}), and whether it was stored cannot be checked now ({e.Message})",
                commitError);
        }
    }

    /// <inheritdoc />
    public StoredResponse? FindResponse(string scope)
    {
        using var connection = _dataSource.OpenConnection();
        return Preconditions.FindResponse(connection, null, scope);
    }

    /// <inheritdoc />
    public (ApiKey Key, string Token) CreateKey(string name, ApiRole role)
    {
        using var connection = _dataSource.OpenConnection();
        return Keys.Create(connection, name, role);
    }

    /// <inheritdoc />
    public ApiKey? RevokeKey(string idOrName)
    {
        using var connection = _dataSource.OpenConnection();
        using var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        var key = Keys.Revoke(connection, tx, idOrName);
        tx.Commit();
        return key;
    }

    /// <inheritdoc />
    public ApiKey? FindKey(string token)
    {
        using var connection = _dataSource.OpenConnection();
        return Keys.Find(connection, token);
    }

    /// <inheritdoc />
    public async ValueTask<ApiKey?> FindKeyAsync(string token, CancellationToken cancellationToken = default)
    {
        if (ApiKeyTokens.IdOf(token) is not { } id) return null;
        try
        {
            return await FindKeyAsync(id, token, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            // Dead pooled connections after an outage: drop them and ask once more on a new one (as Current does).
            _dataSource.Clear();
            return await FindKeyAsync(id, token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ApiKey?> FindKeyAsync(string id, string token, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Keys.FindAsync(connection, id, token, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiKey> ListKeys()
    {
        using var connection = _dataSource.OpenConnection();
        return Keys.List(connection);
    }

    /// <inheritdoc />
    public void Import(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            using var connection = _dataSource.OpenConnection();
            using var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            LockRevision(connection, tx);
            if (!IsEmptyIn(connection, tx))
                throw new InvalidOperationException($"PostgreSQL database '{_label}' already holds a dataset; import needs an empty store.");
            var ids = DatasetValidator.ValidateWithIds(dataset, (set, index, _) => (Table(_label, set), index + 1));
            using (var cmd = new NpgsqlCommand("INSERT INTO frontline.meta (key, value) VALUES ('name', $1), ('attribution', $2)", connection, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = dataset.Info.Name });
                cmd.Parameters.Add(new NpgsqlParameter { Value = DatasetWriter.StringsJson(dataset.Info.Attribution) });
                cmd.ExecuteNonQuery();
            }
            if (dataset.BoundaryGeoJson is { } boundary)
            {
                using var cmd = new NpgsqlCommand("INSERT INTO frontline.meta (key, value) VALUES ('boundary', $1)", connection, tx);
                cmd.Parameters.Add(new NpgsqlParameter { Value = boundary });
                cmd.ExecuteNonQuery();
            }
            var empty = SeqIndex.Empty;
            Insert(connection, dataset.Factions.OrEmpty(), dataset.Sources.OrEmpty(), dataset.Places.OrEmpty(), dataset.Changes.OrEmpty(), empty);
            var written = ReadRevision(connection, tx).Current;
            tx.Commit();
            _cache = new LoadedRevision(dataset, written, empty.Extend(new DatasetAdditions(dataset.Factions.OrEmpty(), dataset.Sources.OrEmpty(),
                dataset.Places.OrEmpty(), dataset.Changes.OrEmpty())), ids, StoreVersion.Of(dataset), _label);
        }
    }

    /// <summary>Closes the store's connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>Opens a pooled connection to the store's database (for tests and tools).</summary>
    internal NpgsqlConnection OpenConnection() => _dataSource.OpenConnection();

    internal static string Table(string label, RecordSet set) => RecordRows.File(label, set);

    private static Revisions LockRevision(NpgsqlConnection c, NpgsqlTransaction tx) =>
        ReadRevision(c, tx, "SELECT n, rewritten FROM frontline.revision WHERE id = 1 FOR UPDATE");

    private static Revisions ReadRevision(NpgsqlConnection c, NpgsqlTransaction? tx, string sql = "SELECT n, rewritten FROM frontline.revision WHERE id = 1")
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new Revisions(r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>The write counter, and the revision of the last write that was not a pure append.</summary>
    private readonly record struct Revisions(long Current, long Rewritten);

    private static bool IsEmptyIn(NpgsqlConnection c, NpgsqlTransaction? tx)
    {
        using var cmd = new NpgsqlCommand("""
            SELECT NOT EXISTS (SELECT 1 FROM frontline.meta) AND NOT EXISTS (SELECT 1 FROM frontline.factions)
               AND NOT EXISTS (SELECT 1 FROM frontline.sources) AND NOT EXISTS (SELECT 1 FROM frontline.places)
               AND NOT EXISTS (SELECT 1 FROM frontline.changes)
            """, c, tx);
        return (bool)cmd.ExecuteScalar()!;
    }

}
