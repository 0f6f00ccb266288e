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
public sealed class PostgresStore : IDatasetStore, IEditorStore, IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly NpgsqlDataSource _dataSource;
    private readonly object _gate = new();
    private readonly string _label;
    private Snapshot? _cache;

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
            if (response is not null && FindResponse(connection, tx, response.Scope) is { } earlier)
                return earlier;
            if (expected is not null && PlaceVersionIn(connection, tx, expected.PlaceId) is var actual && actual != expected)
                throw new StalePlaceVersionException(expected, actual);
            Snapshot? written = null;
            if (!additions.IsEmpty)
            {
                var current = ReadAll(connection, tx, revision);
                // Only the new records are checked: the stored ones were validated when read (same rules, same result).
                var combined = additions.ApplyTo(current.Dataset);
                var ids = DatasetValidator.ValidateAdditions(current.Ids, combined, additions, current.Locate);
                var seqs = current.Seqs.Extend(additions);
                Insert(connection, additions.Factions, additions.Sources, additions.Places, additions.Changes, current.Seqs);
                written = new Snapshot(combined, ReadRevision(connection, tx).Current, seqs, _label) { Ids = ids };
                // The version is computed once per snapshot (the refresh after the commit reads this one), so asking for it here
                // costs nothing extra.
                if (headers is not null && headers(combined, written.Version.Value) is var h && response is not null) response = response with { Headers = h };
            }
            if (response is not null)
            {
                using var cmd = new NpgsqlCommand("INSERT INTO frontline.idempotency (scope, request_hash, status, body, headers) VALUES ($1, $2, $3, $4, $5)", connection, tx);
                cmd.Parameters.Add(new NpgsqlParameter { Value = response.Scope });
                cmd.Parameters.Add(new NpgsqlParameter { Value = response.RequestHash });
                cmd.Parameters.Add(new NpgsqlParameter { Value = response.Status });
                cmd.Parameters.Add(new NpgsqlParameter { Value = response.Body });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)response.HeadersJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                cmd.ExecuteNonQuery();
            }
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

    private static PlaceVersion PlaceVersionIn(NpgsqlConnection c, NpgsqlTransaction tx, string placeId)
    {
        using var cmd = new NpgsqlCommand(
            "SELECT count(*), (SELECT id FROM frontline.changes WHERE place = $1 ORDER BY seq DESC LIMIT 1) FROM frontline.changes WHERE place = $1", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = placeId });
        using var r = cmd.ExecuteReader();
        r.Read();
        return new PlaceVersion(placeId, (int)r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1));
    }

    /// <inheritdoc />
    public StoredResponse? FindResponse(string scope)
    {
        using var connection = _dataSource.OpenConnection();
        return FindResponse(connection, null, scope);
    }

    private static StoredResponse? FindResponse(NpgsqlConnection c, NpgsqlTransaction? tx, string scope)
    {
        using var cmd = new NpgsqlCommand("SELECT request_hash, status, body, headers FROM frontline.idempotency WHERE scope = $1", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = scope });
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StoredResponse(scope, r.GetString(0), r.GetInt32(1), r.GetString(2), StoredResponse.ParseHeaders(r.IsDBNull(3) ? null : r.GetString(3))) : null;
    }

    /// <inheritdoc />
    public (ApiKey Key, string Token) CreateKey(string name, ApiRole role)
    {
        ApiKeyTokens.CheckName(name);
        var (id, token) = ApiKeyTokens.Generate();
        // Microseconds, as timestamptz keeps them: the key returned equals the key listed.
        var now = DateTimeOffset.UtcNow;
        var key = new ApiKey(id, name, role, now.AddTicks(-(now.Ticks % 10)));
        using var connection = _dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(
            "INSERT INTO frontline.api_keys (id, name, role, hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ApiKeyTokens.Name(role) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ApiKeyTokens.Hash(token) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.CreatedAt });
        if (cmd.ExecuteNonQuery() == 0)
            throw new ArgumentException($"a key named '{name}' already exists", nameof(name));
        return (key, token);
    }

    /// <inheritdoc />
    public ApiKey? RevokeKey(string idOrName)
    {
        using var connection = _dataSource.OpenConnection();
        using var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        using (var cmd = new NpgsqlCommand("UPDATE frontline.api_keys SET revoked_at = now() WHERE (id = $1 OR name = $1) AND revoked_at IS NULL", connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = idOrName });
            cmd.ExecuteNonQuery();
        }
        var key = Keys(connection, tx, "WHERE id = $1 OR name = $1", idOrName).FirstOrDefault().Key;
        tx.Commit();
        return key;
    }

    /// <inheritdoc />
    public ApiKey? FindKey(string token)
    {
        if (ApiKeyTokens.IdOf(token) is not { } id) return null;
        using var connection = _dataSource.OpenConnection();
        var (key, hash) = Keys(connection, null, "WHERE id = $1", id).FirstOrDefault();
        return key is not null && ApiKeyTokens.Matches(token, hash) ? key : null;
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
        await using var cmd = new NpgsqlCommand("SELECT id, name, role, hash, created_at, revoked_at FROM frontline.api_keys WHERE id = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        ApiKeyTokens.TryParseRole(r.GetString(2), out var role);
        DateTimeOffset? revoked = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5);
        var key = new ApiKey(r.GetString(0), r.GetString(1), role, r.GetFieldValue<DateTimeOffset>(4), revoked);
        return ApiKeyTokens.Matches(token, r.GetString(3)) ? key : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiKey> ListKeys()
    {
        using var connection = _dataSource.OpenConnection();
        return [.. Keys(connection, null, "ORDER BY created_at, id", null).Select(k => k.Key)];
    }

    private static List<(ApiKey Key, string Hash)> Keys(NpgsqlConnection c, NpgsqlTransaction? tx, string where, string? parameter)
    {
        // where is one of the constant clauses above, never data.
        using var cmd = new NpgsqlCommand("SELECT id, name, role, hash, created_at, revoked_at FROM frontline.api_keys " + where, c, tx);
        if (parameter is not null) cmd.Parameters.Add(new NpgsqlParameter { Value = parameter });
        using var r = cmd.ExecuteReader();
        var keys = new List<(ApiKey, string)>();
        while (r.Read())
        {
            ApiKeyTokens.TryParseRole(r.GetString(2), out var role);
            DateTimeOffset? revoked = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5);
            keys.Add((new ApiKey(r.GetString(0), r.GetString(1), role, r.GetFieldValue<DateTimeOffset>(4), revoked), r.GetString(3)));
        }
        return keys;
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
                cmd.Parameters.Add(new NpgsqlParameter { Value = ToJson(dataset.Info.Attribution) });
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
            _cache = new Snapshot(dataset, written, empty.Extend(new DatasetAdditions(dataset.Factions.OrEmpty(), dataset.Sources.OrEmpty(),
                dataset.Places.OrEmpty(), dataset.Changes.OrEmpty())), _label) { Ids = ids };
        }
    }

    /// <summary>Closes the store's connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>Opens a pooled connection to the store's database (for tests and tools).</summary>
    internal NpgsqlConnection OpenConnection() => _dataSource.OpenConnection();

    internal static string Table(string label, RecordSet set) => set switch
    {
        RecordSet.Factions => $"{label}:factions",
        RecordSet.Sources => $"{label}:sources",
        RecordSet.Places => $"{label}:places",
        RecordSet.Changes => $"{label}:changes",
        _ => $"{label}:meta",
    };

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

    /// <summary>The committed dataset, read in one snapshot; served from the cache while the revision is unchanged.</summary>
    private Snapshot Current()
    {
        try
        {
            return ReadCurrent();
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            // After the database was unreachable (restarted, or the network broke), the pool still holds connections that are
            // dead: drop them all and read once more on a new one (a read is safe to repeat).
            _dataSource.Clear();
            return ReadCurrent();
        }
    }

    private Snapshot ReadCurrent()
    {
        lock (_gate)
        {
            using var connection = _dataSource.OpenConnection();
            using var tx = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, tx))
                readOnly.ExecuteNonQuery();
            var snapshot = ReadAll(connection, tx, ReadRevision(connection, tx));
            tx.Commit();
            return snapshot;
        }
    }

    /// <summary>
    /// The dataset at <paramref name="revision"/> (the caller's transaction guarantees no write commits in between),
    /// each record parsed by the strict parser of the file format and the whole validated. Served from the cache when
    /// nothing was written since; when only rows were appended since the cached revision (the usual case: another
    /// server appended changes), only the rows past the cached ones are read.
    /// </summary>
    private Snapshot ReadAll(NpgsqlConnection c, NpgsqlTransaction tx, Revisions revision)
    {
        if (_cache is { } cached)
        {
            if (cached.Revision == revision.Current)
                return cached;
            if (revision.Rewritten <= cached.Revision && revision.Current > cached.Revision)
                return _cache = ReadAppended(c, tx, cached, revision.Current);
        }

        string? name = null, boundary = null;
        var attribution = ImmutableArray<string>.Empty;
        using (var cmd = new NpgsqlCommand("SELECT key, value FROM frontline.meta", c, tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var value = r.GetString(1);
                switch (r.GetString(0))
                {
                    case "name": name = value; break;
                    case "attribution": attribution = FromJson(value, Table(_label, RecordSet.Manifest), "attribution"); break;
                    case "boundary": boundary = value; break;
                }
            }
        if (name is null)
            throw new DatasetFormatException(_label, 0, null, "the store is empty: import a dataset first");

        var seqs = new SeqIndex();
        var factions = Records(c, tx, "factions", RecordSet.Factions, 0, seqs.Factions, DatasetParser.ReadFaction);
        var sources = Records(c, tx, "sources", RecordSet.Sources, 0, seqs.Sources, DatasetParser.ReadSource);
        var places = Records(c, tx, "places", RecordSet.Places, 0, seqs.Places, DatasetParser.ReadPlace);
        var changes = Records(c, tx, "changes", RecordSet.Changes, 0, seqs.Changes, DatasetParser.ReadChange);

        var dataset = new Dataset(new DatasetInfo(name, attribution), factions, places, sources, changes, boundary);
        var snapshot = new Snapshot(dataset, revision.Current, seqs, _label);
        snapshot.Ids = DatasetValidator.ValidateWithIds(dataset, snapshot.Locate, stored: true);
        return _cache = snapshot;
    }

    private Snapshot ReadAppended(NpgsqlConnection c, NpgsqlTransaction tx, Snapshot cached, long revision)
    {
        var added = new SeqIndex();
        var additions = new DatasetAdditions(
            Records(c, tx, "factions", RecordSet.Factions, cached.Seqs.Next(RecordSet.Factions) - 1, added.Factions, DatasetParser.ReadFaction),
            Records(c, tx, "sources", RecordSet.Sources, cached.Seqs.Next(RecordSet.Sources) - 1, added.Sources, DatasetParser.ReadSource),
            Records(c, tx, "places", RecordSet.Places, cached.Seqs.Next(RecordSet.Places) - 1, added.Places, DatasetParser.ReadPlace),
            Records(c, tx, "changes", RecordSet.Changes, cached.Seqs.Next(RecordSet.Changes) - 1, added.Changes, DatasetParser.ReadChange));
        var seqs = cached.Seqs.Concat(added);
        var snapshot = new Snapshot(additions.ApplyTo(cached.Dataset), revision, seqs, _label);
        snapshot.Ids = DatasetValidator.ValidateAdditions(cached.Ids, snapshot.Dataset, additions, snapshot.Locate, stored: true);
        return snapshot;
    }

    private ImmutableArray<T> Records<T>(NpgsqlConnection c, NpgsqlTransaction tx, string table, RecordSet set, long afterSeq, List<long> seqs, Func<JsonRecord, T> read)
    {
        var file = Table(_label, set);
        var builder = ImmutableArray.CreateBuilder<T>();
        // The table name is one of four constants, never data.
        using var cmd = new NpgsqlCommand($"SELECT seq, record FROM frontline.{table} WHERE seq > $1 ORDER BY seq", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterSeq });
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(r.GetFieldValue<byte[]>(1)); // the UTF-8 text as sent: no string in between
            }
            catch (JsonException e)
            {
                throw new DatasetFormatException(file, (int)seq, null, $"invalid JSON: {e.Message}", e);
            }
            using (doc)
                builder.Add(read(new JsonRecord(file, (int)seq, doc.RootElement)));
            seqs.Add(seq);
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// Writes the records with binary COPY (inside the connection's open transaction), numbering each table's rows on
    /// from <paramref name="after"/>.
    /// </summary>
    private static void Insert(NpgsqlConnection c, IReadOnlyList<Faction> factions, IReadOnlyList<Source> sources,
        IReadOnlyList<Place> places, IReadOnlyList<ControlChange> changes, SeqIndex after)
    {
        Copy(c, "factions", factions, after.Next(RecordSet.Factions), DatasetWriter.WriteFaction);
        Copy(c, "sources", sources, after.Next(RecordSet.Sources), DatasetWriter.WriteSource);
        Copy(c, "places", places, after.Next(RecordSet.Places), DatasetWriter.WritePlace);
        Copy(c, "changes", changes, after.Next(RecordSet.Changes), DatasetWriter.WriteChange);
    }

    private static void Copy<T>(NpgsqlConnection c, string table, IReadOnlyList<T> records, long firstSeq, Action<Utf8JsonWriter, T> write)
    {
        if (records.Count == 0)
            return;
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        // The table name is one of four constants, never data.
        using var importer = c.BeginBinaryImport($"COPY frontline.{table} (seq, record) FROM STDIN (FORMAT BINARY)");
        // A bulk import checks every row (generated columns, foreign keys, triggers) when the copy completes: give a
        // large one time (1M changes take about a minute on 2 cores) beyond the connection's command timeout.
        if (records.Count > 10_000)
            importer.Timeout = TimeSpan.FromMinutes(30);
        for (var i = 0; i < records.Count; i++)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            write(json, records[i]);
            json.Flush();
            importer.StartRow();
            importer.Write(firstSeq + i, NpgsqlDbType.Bigint);
            importer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan), NpgsqlDbType.Json);
        }
        importer.Complete();
    }

    private static string ToJson(ImmutableArray<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartArray();
            foreach (var value in values.OrEmpty())
                w.WriteStringValue(value);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ImmutableArray<string> FromJson(string json, string file, string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                return [.. doc.RootElement.EnumerateArray().Select(e => e.GetString()!)];
        }
        catch (JsonException)
        {
        }
        throw new DatasetFormatException(file, 0, field, "expected a JSON array of strings");
    }

    private sealed class Snapshot(Dataset dataset, long revision, SeqIndex seqs, string label)
    {
        public Dataset Dataset { get; } = dataset;
        public long Revision { get; } = revision;
        public SeqIndex Seqs { get; } = seqs;

        /// <summary>The ids of the validated dataset, so an append validates only its own records.</summary>
        public DatasetValidator.ValidatedIds Ids { get; set; } = null!;
        public Lazy<string> Version { get; } = new(() => DatasetVersion.Compute(dataset));

        /// <summary>Existing rows by their seq; appended ones by the seq they would get.</summary>
        public (string File, int Line) Locate(RecordSet set, int index, string? field) => (Table(label, set), Seqs.Line(set, index));
    }
}
