using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A dataset kept in a SQLite database (schema 1 in <c>PRAGMA user_version</c>), for editors who append changes.
/// Every connection runs with <c>journal_mode=WAL</c>, <c>synchronous=FULL</c> and foreign keys on. Tables carry
/// the format's constraints; the control log (<c>changes</c>, <c>change_sources</c>) is append-only, enforced by
/// triggers that abort any UPDATE or DELETE. Records keep their order through an explicit <c>seq</c> column.
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
public sealed class SqliteStore : IDatasetStore, IEditorStore
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string SchemaSql = """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY CHECK (key IN ('name', 'attribution', 'boundary')),
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
        INSERT INTO revision (id, n) VALUES (1, 0);
        CREATE TABLE factions (
            seq          INTEGER PRIMARY KEY,
            id           TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
            name         TEXT NOT NULL CHECK (length(name) > 0),
            short_name   TEXT NOT NULL CHECK (length(short_name) > 0),
            color        TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
            aliases      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
            parent       TEXT REFERENCES factions (id) DEFERRABLE INITIALLY DEFERRED,
            valid_from   TEXT,
            valid_to     TEXT,
            allies       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allies)),
            succeeded_by TEXT REFERENCES factions (id) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE sources (
            seq                   INTEGER PRIMARY KEY,
            id                    TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
            publisher             TEXT NOT NULL CHECK (length(publisher) > 0),
            title                 TEXT NOT NULL CHECK (length(title) > 0),
            url                   TEXT,
            published             TEXT,
            published_is_inferred INTEGER NOT NULL DEFAULT 0 CHECK (published_is_inferred IN (0, 1))
        );
        CREATE TABLE places (
            seq         INTEGER PRIMARY KEY,
            id          TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
            name        TEXT NOT NULL CHECK (length(name) > 0),
            names       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(names)),
            kind        TEXT NOT NULL CHECK (kind IN ('city', 'town', 'village', 'hamlet', 'hill', 'base', 'other')),
            lon         REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
            lat         REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
            governorate TEXT,
            district    TEXT,
            subdistrict TEXT,
            pcode       TEXT,
            population  INTEGER CHECK (population >= 0),
            approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
            note        TEXT
        );
        CREATE TABLE changes (
            seq             INTEGER PRIMARY KEY,
            id              TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
            place           TEXT NOT NULL REFERENCES places (id),
            faction         TEXT REFERENCES factions (id),
            valid_from      TEXT NOT NULL,
            valid_to_approx TEXT,
            kind            TEXT NOT NULL CHECK (kind IN ('capture', 'confirmation', 'retraction')),
            status          TEXT NOT NULL CHECK (status IN ('held', 'contested', 'claimed')),
            claim_of        TEXT NOT NULL DEFAULT 'held' CHECK (claim_of IN ('held', 'contested') AND (claim_of = 'held' OR status = 'claimed')),
            recorded_at     TEXT NOT NULL,
            recorded_by     TEXT NOT NULL CHECK (length(recorded_by) > 0),
            retracts        TEXT REFERENCES changes (id),
            note            TEXT,
            CHECK ((kind = 'retraction') = (faction IS NULL)),
            CHECK (kind <> 'retraction' OR retracts IS NOT NULL),
            CHECK (retracts IS NULL OR retracts <> id)
        );
        CREATE INDEX changes_place ON changes (place);
        CREATE TABLE change_sources (
            change_seq INTEGER NOT NULL REFERENCES changes (seq),
            ord        INTEGER NOT NULL CHECK (ord >= 0),
            source     TEXT NOT NULL REFERENCES sources (id),
            claimant   TEXT,
            PRIMARY KEY (change_seq, ord)
        ) WITHOUT ROWID;

        CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
            BEGIN SELECT RAISE(ABORT, 'changes are append-only: UPDATE is not allowed'); END;
        CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
            BEGIN SELECT RAISE(ABORT, 'changes are append-only: DELETE is not allowed'); END;
        CREATE TRIGGER changes_retract_earlier BEFORE INSERT ON changes
            WHEN NEW.retracts IS NOT NULL AND NOT EXISTS (SELECT 1 FROM changes WHERE id = NEW.retracts)
            BEGIN SELECT RAISE(ABORT, 'retracts must name an earlier change'); END;
        CREATE TRIGGER change_sources_no_update BEFORE UPDATE ON change_sources
            BEGIN SELECT RAISE(ABORT, 'citations are append-only: UPDATE is not allowed'); END;
        CREATE TRIGGER change_sources_no_delete BEFORE DELETE ON change_sources
            BEGIN SELECT RAISE(ABORT, 'citations are append-only: DELETE is not allowed'); END;
        CREATE TRIGGER change_sources_latest_only BEFORE INSERT ON change_sources
            WHEN NEW.change_seq IS NOT (SELECT max(seq) FROM changes)
            BEGIN SELECT RAISE(ABORT, 'citations can only be added with their change'); END;

        CREATE TRIGGER changes_revision AFTER INSERT ON changes BEGIN UPDATE revision SET n = n + 1; END;
        CREATE TRIGGER change_sources_revision AFTER INSERT ON change_sources BEGIN UPDATE revision SET n = n + 1; END;
        """;

    /// <summary>
    /// Additions to schema 1 made by later builds, applied (idempotently, in one transaction) to every database on open: the
    /// review columns of the control log, the places' <c>valid_from</c>, API keys (SHA-256 of the token only) and idempotency
    /// records (with <c>revision.rewrites</c> and the triggers of <see cref="RewriteTrackingSql"/>). Neither keys nor
    /// responses count towards the content revision: they are not dataset content.
    /// </summary>
    private const string EditorSchemaSql = """
        CREATE TABLE IF NOT EXISTS api_keys (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
            role       TEXT NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
            hash       TEXT NOT NULL CHECK (length(hash) = 64),
            created_at TEXT NOT NULL,
            revoked_at TEXT
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS idempotency (
            scope        TEXT PRIMARY KEY,
            request_hash TEXT NOT NULL,
            status       INTEGER NOT NULL,
            body         TEXT NOT NULL,
            created_at   TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    private static readonly string[] RevisionTables = ["meta", "factions", "sources", "places"];

    private static readonly string[] RecordTables = ["factions", "sources", "places", "changes"];

    /// <summary>
    /// Triggers marking in <c>revision.rewrites</c> every write after which the rows past a reader's last ones are not the
    /// whole difference: any write to <c>meta</c>; an UPDATE or DELETE of a record table or of the citations (those of the
    /// log are refused anyway, unless its triggers were dropped); a row inserted behind the last one of its table; a row whose id is already there (an
    /// <c>INSERT OR REPLACE</c> deletes the old row without firing DELETE triggers; a plain duplicate insert fails and its
    /// statement, trigger included, is undone). Added to every database on open (by this build's migration).
    /// </summary>
    private static string RewriteTrackingSql()
    {
        const string Bump = "BEGIN UPDATE revision SET rewrites = rewrites + 1; END;";
        var sql = new StringBuilder();
        foreach (var op in new[] { "INSERT", "UPDATE", "DELETE" })
            sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS meta_{op.ToLowerInvariant()}_rewrite AFTER {op} ON meta {Bump}");
        foreach (var table in RecordTables)
        {
            sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS {table}_update_rewrite AFTER UPDATE ON {table} {Bump}");
            sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS {table}_delete_rewrite AFTER DELETE ON {table} {Bump}");
            sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS {table}_behind_rewrite AFTER INSERT ON {table} WHEN EXISTS (SELECT 1 FROM {table} WHERE seq > NEW.seq) {Bump}");
            sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS {table}_replace_rewrite BEFORE INSERT ON {table} WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) {Bump}");
        }
        sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS change_sources_update_rewrite AFTER UPDATE ON change_sources {Bump}");
        sql.AppendLine($"CREATE TRIGGER IF NOT EXISTS change_sources_delete_rewrite AFTER DELETE ON change_sources {Bump}");
        return sql.ToString();
    }

    private const int RewriteTriggers = 3 + 4 * 4 + 2;

    private readonly object _gate = new();
    private readonly string _label;
    private Snapshot? _cache;

    private static ApiKeyTable Keys { get; } = new(SqliteDialect.Instance);

    private static WritePreconditions Preconditions { get; } = new(SqliteDialect.Instance);

    /// <summary>
    /// Opens the database at <paramref name="path"/>, creating it (with an empty schema-1 layout) when the file is
    /// missing or empty.
    /// </summary>
    /// <exception cref="DatasetFormatException">The database has another schema version, or is not a FrontlineMaps database.</exception>
    public SqliteStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = Path.GetFullPath(path);
        _label = Path.GetFileName(FilePath);
        using var connection = OpenConnection();
        var version = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"));
        if (version == 0)
        {
            if (Convert.ToInt64(Scalar(connection, null, "SELECT count(*) FROM sqlite_schema")) != 0)
                throw new DatasetFormatException(_label, 0, "user_version", "not a FrontlineMaps database (user_version is 0 but the database has tables)");
            using var tx = connection.BeginTransaction(deferred: false);
            Execute(connection, tx, SchemaSql);
            foreach (var table in RevisionTables)
                foreach (var op in new[] { "INSERT", "UPDATE", "DELETE" })
                    Execute(connection, tx, $"CREATE TRIGGER {table}_{op.ToLowerInvariant()}_revision AFTER {op} ON {table} BEGIN UPDATE revision SET n = n + 1; END;");
            Execute(connection, tx, $"PRAGMA user_version = {DatasetFiles.SchemaVersion}");
            tx.Commit();
        }
        else if (version != DatasetFiles.SchemaVersion)
        {
            throw new DatasetFormatException(_label, 0, "user_version", $"schema {version} is not supported (this version reads schema {DatasetFiles.SchemaVersion})");
        }
        Migrate(connection);
    }

    private static void Migrate(SqliteConnection connection)
    {
        bool Current(SqliteTransaction? tx) =>
            Convert.ToInt64(Scalar(connection, tx, "SELECT count(*) FROM pragma_table_info('changes') WHERE name = 'verdict'")) == 1
            && Convert.ToInt64(Scalar(connection, tx, "SELECT count(*) FROM pragma_table_info('places') WHERE name = 'valid_from'")) == 1
            && Convert.ToInt64(Scalar(connection, tx, "SELECT count(*) FROM sqlite_schema WHERE name IN ('api_keys', 'idempotency')")) == 2
            && Convert.ToInt64(Scalar(connection, tx, "SELECT count(*) FROM pragma_table_info('idempotency') WHERE name = 'headers'")) == 1
            && Convert.ToInt64(Scalar(connection, tx, "SELECT count(*) FROM pragma_table_info('revision') WHERE name = 'rewrites'")) == 1
            && Convert.ToInt64(Scalar(connection, tx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%\\_rewrite' ESCAPE '\\'")) == RewriteTriggers;
        if (Current(null)) return;
        using var tx = connection.BeginTransaction(deferred: false);
        void AddColumn(string table, string column, string definition)
        {
            if (Convert.ToInt64(Scalar(connection, tx, $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")) == 0)
                Execute(connection, tx, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        }
        AddColumn("changes", "reviews", "TEXT REFERENCES changes (id)");
        AddColumn("changes", "verdict", "TEXT CHECK (verdict IS NULL OR verdict IN ('confirmed', 'disputed'))");
        AddColumn("places", "valid_from", "TEXT");
        AddColumn("revision", "rewrites", "INTEGER NOT NULL DEFAULT 0");
        Execute(connection, tx, EditorSchemaSql);
        AddColumn("idempotency", "headers", "TEXT");
        Execute(connection, tx, RewriteTrackingSql());
        tx.Commit();
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
            Snapshot? written = null;
            if (!additions.IsEmpty)
            {
                // Everything committed before this transaction took the write lock, by this instance or any other process:
                // only the rows past those this instance holds are read (and validated) here.
                var current = _cache = Read(connection, tx, _cache);
                // Only the new records are checked: the stored ones were validated when read (same rules, same result).
                var ids = DatasetValidator.ValidateAdditions(current.Ids, additions.ApplyTo(current.Dataset), additions, current.Locate);
                Insert(connection, tx, additions.Factions, additions.Sources, additions.Places, additions.Changes);
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
            DatasetValidator.Validate(dataset, (set, index, _) => (Table(set), index + 1));
            Execute(connection, tx, "INSERT INTO meta (key, value) VALUES ('name', $v)", ("$v", dataset.Info.Name));
            Execute(connection, tx, "INSERT INTO meta (key, value) VALUES ('attribution', $v)", ("$v", ToJson(dataset.Info.Attribution)));
            if (dataset.BoundaryGeoJson is { } boundary)
                Execute(connection, tx, "INSERT INTO meta (key, value) VALUES ('boundary', $v)", ("$v", boundary));
            Insert(connection, tx, dataset.Factions.OrEmpty(), dataset.Sources.OrEmpty(), dataset.Places.OrEmpty(), dataset.Changes.OrEmpty());
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

    private string Table(RecordSet set) => set switch
    {
        RecordSet.Factions => $"{_label}:factions",
        RecordSet.Sources => $"{_label}:sources",
        RecordSet.Places => $"{_label}:places",
        RecordSet.Changes => $"{_label}:changes",
        _ => $"{_label}:meta",
    };

    private static bool IsEmptyIn(SqliteConnection connection, SqliteTransaction? tx) => Convert.ToInt64(Scalar(connection, tx,
        "SELECT (SELECT count(*) FROM meta) + (SELECT count(*) FROM factions) + (SELECT count(*) FROM sources) + (SELECT count(*) FROM places) + (SELECT count(*) FROM changes)")) == 0;

    private Snapshot Current()
    {
        lock (_gate)
        {
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction(deferred: true);
            return _cache = Read(connection, tx, _cache);
        }
    }

    /// <summary>How many times this instance read (and validated) the whole database, for tests.</summary>
    internal int WholeReads { get; private set; }

    /// <summary>
    /// The committed dataset as <paramref name="tx"/> sees it: <paramref name="cached"/> when nothing was written since; only
    /// the rows past <paramref name="cached"/>'s, validated against its ids, when only rows were appended since; else
    /// everything, validated. The caller decides whether to keep the result (a write transaction may still roll back).
    /// </summary>
    /// <param name="c">The connection.</param>
    /// <param name="tx">Its open transaction.</param>
    /// <param name="cached">The snapshot held, if any.</param>
    /// <param name="validated">Records this transaction appended after <paramref name="cached"/>, already validated against it, and
    /// the ids that validation gave: when the rows read are these records, they are not validated a second time.</param>
    private Snapshot Read(SqliteConnection c, SqliteTransaction tx, Snapshot? cached,
        (DatasetAdditions Records, DatasetValidator.ValidatedIds Ids)? validated = null)
    {
        var (revision, rewrites) = ReadRevision(c, tx);
        if (cached is not null && cached.Rewrites == rewrites)
        {
            if (cached.Revision == revision)
                return cached;
            if (revision > cached.Revision && StillHolds(c, tx, cached))
                return ReadAppended(c, tx, cached, revision, rewrites, validated);
        }
        return ReadWhole(c, tx, revision, rewrites);
    }

    private static (long Revision, long Rewrites) ReadRevision(SqliteConnection c, SqliteTransaction tx)
    {
        using var r = Query(c, tx, "SELECT n, rewrites FROM revision");
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Whether the last row <paramref name="cached"/> holds of each record table is still there with the same id, and the
    /// last change still has the same citations (citations can be added to the latest change only, so that is where they
    /// could have grown): false for another file put in place of this one, or citations added behind the store's back.
    /// </summary>
    private static bool StillHolds(SqliteConnection c, SqliteTransaction tx, Snapshot cached)
    {
        var data = cached.Dataset;
        bool Same(string table, RecordSet set, string? lastId)
        {
            if (cached.Seqs.Last(set) is not { } last)
                return true;
            // The table name is one of four constants, never data.
            using var r = Query(c, tx, $"SELECT id FROM {table} WHERE seq = $seq", ("$seq", last));
            return r.Read() && r.GetString(0) == lastId;
        }
        if (!Same("factions", RecordSet.Factions, data.Factions.OrEmpty().LastOrDefault()?.Id)
            || !Same("sources", RecordSet.Sources, data.Sources.OrEmpty().LastOrDefault()?.Id)
            || !Same("places", RecordSet.Places, data.Places.OrEmpty().LastOrDefault()?.Id)
            || !Same("changes", RecordSet.Changes, data.Changes.OrEmpty().LastOrDefault()?.Id))
            return false;
        if (cached.Seqs.Last(RecordSet.Changes) is not { } lastChange)
            return true;
        var citations = new List<Citation>();
        using (var r = Query(c, tx, "SELECT source, claimant FROM change_sources WHERE change_seq = $seq ORDER BY ord", ("$seq", lastChange)))
            while (r.Read())
                citations.Add(new Citation(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        return citations.SequenceEqual(data.Changes[^1].Sources.OrEmpty());
    }

    private Snapshot ReadAppended(SqliteConnection c, SqliteTransaction tx, Snapshot cached, long revision, long rewrites,
        (DatasetAdditions Records, DatasetValidator.ValidatedIds Ids)? validated)
    {
        var (rows, added) = ReadRecords(c, tx, cached.Seqs);
        var additions = new DatasetAdditions(rows.Factions, rows.Sources, rows.Places, rows.Changes);
        var seqs = cached.Seqs.Concat(added);
        var dataset = additions.ApplyTo(cached.Dataset);
        // The validator's verdict depends only on what the canonical line of each record holds.
        var ids = validated is { } known && SameLines(additions, known.Records)
            ? known.Ids
            : DatasetValidator.ValidateAdditions(cached.Ids, dataset, additions, Locator(seqs), stored: true);
        return new Snapshot(dataset, revision, rewrites, seqs, ids, this);
    }

    /// <summary>Whether both hold the same records in the same order, compared by their canonical NDJSON lines.</summary>
    private static bool SameLines(DatasetAdditions read, DatasetAdditions expected)
    {
        var left = new ArrayBufferWriter<byte>(512);
        var right = new ArrayBufferWriter<byte>(512);
        using var l = new Utf8JsonWriter(left, JsonOptions);
        using var r = new Utf8JsonWriter(right, JsonOptions);
        bool Same<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Action<Utf8JsonWriter, T> write)
        {
            if (a.Count != b.Count)
                return false;
            for (var i = 0; i < a.Count; i++)
            {
                left.ResetWrittenCount();
                right.ResetWrittenCount();
                l.Reset(left);
                r.Reset(right);
                write(l, a[i]);
                write(r, b[i]);
                l.Flush();
                r.Flush();
                if (!left.WrittenSpan.SequenceEqual(right.WrittenSpan))
                    return false;
            }
            return true;
        }
        return Same(read.Factions, expected.Factions, DatasetWriter.WriteFaction)
            && Same(read.Sources, expected.Sources, DatasetWriter.WriteSource)
            && Same(read.Places, expected.Places, DatasetWriter.WritePlace)
            && Same(read.Changes, expected.Changes, DatasetWriter.WriteChange);
    }

    private Snapshot ReadWhole(SqliteConnection c, SqliteTransaction tx, long revision, long rewrites)
    {
        WholeReads++;
        string? name = null, boundary = null;
        var attribution = ImmutableArray<string>.Empty;
        using (var r = Query(c, tx, "SELECT key, value FROM meta"))
            while (r.Read())
            {
                var value = r.GetString(1);
                switch (r.GetString(0))
                {
                    case "name": name = value; break;
                    case "attribution": attribution = FromJson(value, $"{_label}:meta", 0, "attribution"); break;
                    case "boundary": boundary = value; break;
                }
            }
        if (name is null)
            throw new DatasetFormatException(_label, 0, null, "the store is empty: import a dataset first");

        var (rows, seqs) = ReadRecords(c, tx, null);
        var dataset = new Dataset(new DatasetInfo(name, attribution), rows.Factions, rows.Places, rows.Sources, rows.Changes, boundary);
        var ids = DatasetValidator.ValidateWithIds(dataset, Locator(seqs), stored: true);
        return new Snapshot(dataset, revision, rewrites, seqs, ids, this);
    }

    private RecordLocator Locator(SeqIndex seqs) => (set, index, _) => (Table(set), seqs.Line(set, index));

    private readonly record struct Records(ImmutableArray<Faction> Factions, ImmutableArray<Source> Sources,
        ImmutableArray<Place> Places, ImmutableArray<ControlChange> Changes);

    /// <summary>The rows of each record table past the last of <paramref name="after"/>'s (every row when it is null), in seq order.</summary>
    private (Records Rows, SeqIndex Seqs) ReadRecords(SqliteConnection c, SqliteTransaction tx, SeqIndex? after)
    {
        long After(RecordSet set) => after?.Last(set) ?? long.MinValue;
        var seqs = new SeqIndex();

        var factions = ImmutableArray.CreateBuilder<Faction>();
        using (var r = Query(c, tx, "SELECT seq, id, name, short_name, color, aliases, parent, valid_from, valid_to, allies, succeeded_by FROM factions WHERE seq > $after ORDER BY seq",
                   ("$after", After(RecordSet.Factions))))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:factions");
                seqs.Factions.Add(row.Seq);
                factions.Add(new Faction(row.Text(1)!, row.Text(2)!, row.Text(3)!, row.Text(4)!, row.Array(5, "aliases"), row.Text(6),
                    row.Date(7, "valid_from"), row.Date(8, "valid_to"), row.Allies(9), row.Text(10)));
            }

        var sources = ImmutableArray.CreateBuilder<Source>();
        using (var r = Query(c, tx, "SELECT seq, id, publisher, title, url, published, published_is_inferred FROM sources WHERE seq > $after ORDER BY seq",
                   ("$after", After(RecordSet.Sources))))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:sources");
                seqs.Sources.Add(row.Seq);
                sources.Add(new Source(row.Text(1)!, row.Text(2)!, row.Text(3)!, row.Text(4), row.Date(5, "published"), r.GetInt64(6) != 0));
            }

        var places = ImmutableArray.CreateBuilder<Place>();
        using (var r = Query(c, tx, "SELECT seq, id, name, names, kind, lon, lat, governorate, district, subdistrict, pcode, population, approximate, note, valid_from FROM places WHERE seq > $after ORDER BY seq",
                   ("$after", After(RecordSet.Places))))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:places");
                seqs.Places.Add(row.Seq);
                places.Add(new Place(row.Text(1)!, row.Text(2)!, row.Array(3, "names"), row.Enum(4, "kind", FormatValues.PlaceKinds),
                    r.GetDouble(5), r.GetDouble(6), new AdminUnits(row.Text(7), row.Text(8), row.Text(9), row.Text(10)),
                    r.IsDBNull(11) ? null : r.GetInt32(11), r.GetInt64(12) != 0, row.Text(13), row.Date(14, "valid_from")));
            }

        var afterChange = After(RecordSet.Changes);
        var citations = new List<(long Seq, Citation Citation)>();
        using (var r = Query(c, tx, "SELECT change_seq, source, claimant FROM change_sources WHERE change_seq > $after ORDER BY change_seq, ord", ("$after", afterChange)))
            while (r.Read())
                citations.Add((r.GetInt64(0), new Citation(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2))));

        var changes = ImmutableArray.CreateBuilder<ControlChange>();
        var next = 0;
        using (var r = Query(c, tx, "SELECT seq, id, place, faction, valid_from, valid_to_approx, kind, status, claim_of, recorded_at, recorded_by, retracts, note, reviews, verdict FROM changes WHERE seq > $after ORDER BY seq",
                   ("$after", afterChange)))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:changes");
                seqs.Changes.Add(row.Seq);
                while (next < citations.Count && citations[next].Seq < row.Seq)
                    next++;
                var cited = ImmutableArray.CreateBuilder<Citation>();
                for (; next < citations.Count && citations[next].Seq == row.Seq; next++)
                    cited.Add(citations[next].Citation);
                var validFrom = row.Text(4)!;
                if (!FormatValues.TryParseValidFrom(validFrom, out var day, out var timeOfDay))
                    throw row.Error("valid_from", $"expected YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, found '{validFrom}'");
                var recordedAt = row.Text(9)!;
                if (!FormatValues.TryParseInstant(recordedAt, out var instant))
                    throw row.Error("recorded_at", $"expected an RFC 3339 instant, found '{recordedAt}'");
                changes.Add(new ControlChange(row.Text(1)!, row.Text(2)!, row.Text(3),
                    new GroundTime(day, timeOfDay, row.Date(5, "valid_to_approx")),
                    row.Enum(6, "kind", FormatValues.ChangeKinds), row.Enum(7, "status", FormatValues.Statuses),
                    cited.ToImmutable(), instant, row.Text(10)!, row.Text(11), row.Enum(8, "claim_of", FormatValues.ClaimOfValues), row.Text(12),
                    row.Text(13), r.IsDBNull(14) ? null : row.Enum(14, "verdict", FormatValues.Verdicts)));
            }

        return (new Records(factions.ToImmutable(), sources.ToImmutable(), places.ToImmutable(), changes.ToImmutable()), seqs);
    }

    private static void Insert(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<Faction> factions, IReadOnlyList<Source> sources,
        IReadOnlyList<Place> places, IReadOnlyList<ControlChange> changes)
    {
        using (var cmd = Command(c, tx, "INSERT INTO factions (id, name, short_name, color, aliases, parent, valid_from, valid_to, allies, succeeded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", 10))
            foreach (var f in factions)
                Run(cmd, f.Id, f.Name, f.ShortName, f.Color, ToJson(f.Aliases), f.Parent, Date(f.ValidFrom), Date(f.ValidTo), AlliesJson(f.Allies), f.SucceededBy);

        using (var cmd = Command(c, tx, "INSERT INTO sources (id, publisher, title, url, published, published_is_inferred) VALUES ($1, $2, $3, $4, $5, $6)", 6))
            foreach (var s in sources)
                Run(cmd, s.Id, s.Publisher, s.Title, s.Url, Date(s.Published), s.PublishedIsInferred ? 1 : 0);

        using (var cmd = Command(c, tx, "INSERT INTO places (id, name, names, kind, lon, lat, governorate, district, subdistrict, pcode, population, approximate, note, valid_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)", 14))
            foreach (var p in places)
            {
                var admin = p.Admin ?? AdminUnits.None;
                Run(cmd, p.Id, p.Name, ToJson(p.AlternateNames), FormatValues.Name(p.Kind), p.Lon, p.Lat, admin.Governorate, admin.District,
                    admin.Subdistrict, admin.PCode, p.Population, p.LocationIsApproximate ? 1 : 0, p.Note, Date(p.ValidFrom));
            }

        using var change = Command(c, tx, "INSERT INTO changes (id, place, faction, valid_from, valid_to_approx, kind, status, claim_of, recorded_at, recorded_by, retracts, note, reviews, verdict) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING seq", 14);
        using var citation = Command(c, tx, "INSERT INTO change_sources (change_seq, ord, source, claimant) VALUES ($1, $2, $3, $4)", 4);
        foreach (var ch in changes)
        {
            var seq = (long)Run(change, true, ch.Id, ch.PlaceId, ch.FactionId, FormatValues.FormatValidFrom(ch.ValidTime), Date(ch.ValidTime.ApproxTo),
                FormatValues.Name(ch.Kind), FormatValues.Name(ch.Status), FormatValues.Name(ch.ClaimOf), FormatValues.FormatInstant(ch.RecordedAt),
                ch.RecordedBy, ch.Retracts, ch.Note, ch.Reviews, ch.Verdict is { } v ? FormatValues.Name(v) : null)!;
            var cited = ch.Sources.OrEmpty();
            for (var i = 0; i < cited.Length; i++)
                Run(citation, seq, i, cited[i].SourceId, cited[i].Claimant);
        }
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, int parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
            cmd.Parameters.Add(new SqliteParameter("$" + i, null));
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values) => Run(cmd, false, values);

    private static object? Run(SqliteCommand cmd, bool scalar, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        if (scalar)
            return cmd.ExecuteScalar();
        cmd.ExecuteNonQuery();
        return null;
    }

    private static string? Date(DateOnly? day) => day is { } d ? FormatValues.FormatDate(d) : null;

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteScalar();
    }

    private static SqliteDataReader Query(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteReader(System.Data.CommandBehavior.Default);
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

    private static string AlliesJson(ImmutableArray<Alliance> allies)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
            DatasetWriter.WriteAllies(w, allies);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ImmutableArray<string> FromJson(string json, string file, long seq, string field)
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
        throw new DatasetFormatException(file, (int)seq, field, "expected a JSON array of strings");
    }

    /// <summary>Typed access to one row, reporting bad values with table, seq and column.</summary>
    private readonly struct Row(SqliteDataReader reader, string file)
    {
        public long Seq { get; } = reader.GetInt64(0);

        public DatasetFormatException Error(string field, string reason) => new(file, (int)Seq, field, reason);

        public string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

        public ImmutableArray<string> Array(int i, string field) => FromJson(reader.GetString(i), file, Seq, field);

        /// <summary>The <c>allies</c> column: the same JSON array as in factions.ndjson (ids and dated objects).</summary>
        public ImmutableArray<Alliance> Allies(int i)
        {
            try
            {
                using var doc = JsonDocument.Parse("{\"allies\":" + reader.GetString(i) + "}");
                return DatasetParser.ReadAllies(new JsonRecord(file, (int)Seq, doc.RootElement));
            }
            catch (JsonException)
            {
                throw Error("allies", "expected a JSON array of faction ids or {\"faction\": ID, \"from\": DATE, \"to\": DATE}");
            }
        }

        public DateOnly? Date(int i, string field)
        {
            if (Text(i) is not { } text)
                return null;
            return FormatValues.TryParseDate(text, out var day) ? day : throw Error(field, $"expected a date YYYY-MM-DD, found '{text}'");
        }

        public T Enum<T>(int i, string field, IReadOnlyDictionary<string, T> values)
        {
            var text = reader.GetString(i);
            return values.TryGetValue(text, out var value) ? value : throw Error(field, $"unknown value '{text}'");
        }
    }

    /// <summary>A validated dataset as read at one revision, with the seq of every row and the index of its ids.</summary>
    private sealed class Snapshot(Dataset dataset, long revision, long rewrites, SeqIndex seqs, DatasetValidator.ValidatedIds ids, SqliteStore store)
    {
        public Dataset Dataset { get; } = dataset;
        public long Revision { get; } = revision;
        public long Rewrites { get; } = rewrites;
        public SeqIndex Seqs { get; } = seqs;

        /// <summary>The ids of the validated dataset, so an append validates only its own records.</summary>
        public DatasetValidator.ValidatedIds Ids { get; } = ids;
        public Lazy<string> Version { get; } = new(() => DatasetVersion.Compute(dataset));

        /// <summary>Existing rows by their seq; appended ones by the seq they would get.</summary>
        public (string File, int Line) Locate(RecordSet set, int index, string? field) => (store.Table(set), Seqs.Line(set, index));
    }
}
