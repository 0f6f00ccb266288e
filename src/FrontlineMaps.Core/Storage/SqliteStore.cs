using FrontlineMaps.Core.Domain;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A dataset kept in a SQLite database, for editors who append changes: the layout of <see cref="PostgresStore"/> in one
/// file (see <see cref="SqliteSchema"/>). Each record is stored as its canonical JSON line in a <c>record</c> column; the
/// columns constraints and queries need (<c>id</c>, <c>place</c>, <c>faction</c>, <c>lon</c>, ...) are generated from it,
/// so they never disagree with the record, and a new record field needs no schema change. Every connection runs with
/// <c>journal_mode=WAL</c>, <c>synchronous=FULL</c> and foreign keys on. The control log (<c>changes</c>) is append-only,
/// enforced by triggers that abort any UPDATE or DELETE. Records keep their order through an explicit <c>seq</c> column.
/// <see cref="Append(DatasetAdditions)"/> and <see cref="Import"/> each run in one transaction.
/// <para>
/// Every write bumps <c>revision.n</c> (triggers on every record table); a write that is not rows added after the last
/// row of a record table (an edit, a delete, a row inserted behind the last one or replacing one, any change to
/// <c>meta</c>) also bumps <c>revision.rewrites</c>. A store instance keeps the dataset it last read, validated, with the
/// seq of every row and the index of its ids: while <c>rewrites</c> is unchanged, it reads only the rows past its last
/// ones and validates only them against that index (the rules are per record plus id lookups, so the verdict and the
/// messages are those of validating the whole). An append does this inside its write transaction (<c>BEGIN
/// IMMEDIATE</c>, the file's one writer lock), so it validates against everything committed before it, by any process;
/// it then reads its own rows back, as the next load will read them, and keeps that as its snapshot once committed.
/// </para>
/// </summary>
public sealed partial class SqliteStore : IDatasetStore, IEditorStore
{
    private static ApiKeyTable Keys { get; } = new(SqliteDialect.Instance);

    private static WritePreconditions Preconditions { get; } = new(SqliteDialect.Instance);

    private static RecordRows Rows { get; } = new(SqliteDialect.Instance);

    private readonly object _gate = new();
    private readonly string _label;
    private LoadedRevision? _cache;

    /// <summary>
    /// Opens the database at <paramref name="path"/>, creating it (with an empty layout) when the file is missing or empty,
    /// and brings its layout up to date (<see cref="SqliteSchema.Migrate"/>).
    /// </summary>
    /// <exception cref="DatasetFormatException">The database has another schema version or a newer layout, or is not a FrontlineMaps database.</exception>
    public SqliteStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = Path.GetFullPath(path);
        _label = Path.GetFileName(FilePath);
        using var connection = OpenConnection();
        SqliteSchema.Migrate(connection, _label, SqliteSchema.Latest);
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public int SchemaVersion => DatasetFiles.SchemaVersion;

    /// <inheritdoc />
    public string Version => Current().Version.Value;

    /// <inheritdoc />
    public bool IsEmpty
    {
        get
        {
            using var connection = OpenConnection();
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
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the one writer lock of the file
            if (response is not null && Preconditions.FindResponse(connection, tx, response.Scope) is { } earlier)
                return earlier;
            Preconditions.CheckPlaceVersion(connection, tx, expected);
            LoadedRevision? written = null;
            if (!additions.IsEmpty)
            {
                // Everything committed before this transaction took the write lock, by this instance or any other process:
                // only the rows past those this instance holds are read (and validated) here.
                var current = _cache = Read(connection, tx, _cache);
                // Only the new records are checked: the stored ones were validated when read (same rules, same result).
                var ids = DatasetValidator.ValidateAdditions(current.Ids, additions.ApplyTo(current.Dataset), additions, current.Locate);
                SqliteRecordWriter.Insert(connection, tx, additions);
                // The rows just written, read back as the next load will read them, so the snapshot kept is exactly what a
                // fresh load computes (an instant with an offset comes back in UTC); validated again before commit unless
                // they are, record for record, the canonical lines of the batch just validated.
                written = Read(connection, tx, current, (additions, ids));
                // The version is computed once per snapshot (the refresh after the commit reads this one), so asking for it here
                // costs nothing extra.
                if (headers is not null && headers(written.Dataset, written.Version.Value) is var h && response is not null) response = response with { Headers = h };
            }
            if (response is not null)
                Preconditions.SaveResponse(connection, tx, response);
            tx.Commit();
            if (written is not null)
                _cache = written;
            return null;
        }
    }

    /// <inheritdoc />
    public StoredResponse? FindResponse(string scope)
    {
        using var connection = OpenConnection();
        return Preconditions.FindResponse(connection, null, scope);
    }

    /// <inheritdoc />
    public (ApiKey Key, string Token) CreateKey(string name, ApiRole role)
    {
        using var connection = OpenConnection();
        return Keys.Create(connection, name, role);
    }

    /// <inheritdoc />
    public ApiKey? RevokeKey(string idOrName)
    {
        using var connection = OpenConnection();
        using var tx = connection.BeginTransaction(deferred: false);
        var key = Keys.Revoke(connection, tx, idOrName);
        tx.Commit();
        return key;
    }

    /// <inheritdoc />
    public ApiKey? FindKey(string token)
    {
        using var connection = OpenConnection();
        return Keys.Find(connection, token);
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiKey> ListKeys()
    {
        using var connection = OpenConnection();
        return Keys.List(connection);
    }


    /// <summary>
    /// Writes a consistent copy of the live database to <paramref name="destination"/> (SQLite's online backup: writers may go on
    /// while it runs; the copy is one committed state). The destination must not exist.
    /// </summary>
    /// <exception cref="IOException">The destination exists.</exception>
    public void Backup(string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var full = Path.GetFullPath(destination);
        if (File.Exists(full)) throw new IOException($"{destination} already exists; a backup goes to a new file");
        var temp = full + ".partial";
        File.Delete(temp);
        using (var source = OpenConnection())
        using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            target.Open();
            source.BackupDatabase(target);
            Execute(target, null, "PRAGMA journal_mode = DELETE");
        }
        File.Move(temp, full);
    }

    /// <inheritdoc />
    public void Import(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction(deferred: false);
            if (!IsEmptyIn(connection, tx))
                throw new InvalidOperationException($"{FilePath} already holds a dataset; import needs an empty store.");
            DatasetValidator.Validate(dataset, (set, index, _) => (RecordRows.File(_label, set), index + 1));
            Execute(connection, tx, "INSERT INTO meta (key, value) VALUES ('name', $v)", ("$v", dataset.Info.Name));
            Execute(connection, tx, "INSERT INTO meta (key, value) VALUES ('attribution', $v)", ("$v", DatasetWriter.StringsJson(dataset.Info.Attribution)));
            if (dataset.BoundaryGeoJson is { } boundary)
                Execute(connection, tx, "INSERT INTO meta (key, value) VALUES ('boundary', $v)", ("$v", boundary));
            SqliteRecordWriter.Insert(connection, tx, new DatasetAdditions(dataset.Factions.OrEmpty(), dataset.Sources.OrEmpty(), dataset.Places.OrEmpty(), dataset.Changes.OrEmpty()));
            tx.Commit();
            _cache = null;
        }
    }

    /// <summary>Opens a connection with the store's pragmas in force (WAL, synchronous FULL, foreign keys on).</summary>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static bool IsEmptyIn(SqliteConnection connection, SqliteTransaction? tx) => Convert.ToInt64(SqliteSchema.Scalar(connection, tx,
        "SELECT (SELECT count(*) FROM meta) + (SELECT count(*) FROM factions) + (SELECT count(*) FROM sources) + (SELECT count(*) FROM places) + (SELECT count(*) FROM changes)")) == 0;

    private LoadedRevision Current()
    {
        lock (_gate)
        {
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction(deferred: true);
            return _cache = Read(connection, tx, _cache);
        }
    }

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }
}
