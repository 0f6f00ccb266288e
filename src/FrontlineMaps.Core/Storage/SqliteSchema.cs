using System.Text;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The SQLite layout of <see cref="SqliteStore"/> and its migrations: the design of <see cref="PostgresSchema"/> in SQLite's
/// words. Each record is its canonical JSON line in a <c>record</c> column; the columns constraints and queries need are
/// generated from it (<c>GENERATED ALWAYS AS (json_extract(record, '$.id')) VIRTUAL</c>), so they never disagree with the
/// record and a new record field needs no schema change. Every applied migration is a row of <c>schema_version</c>;
/// <see cref="Migrate"/> applies the missing ones in one <c>BEGIN IMMEDIATE</c> transaction (the file's writer lock), so two
/// processes opening the file at once never apply one twice, and a failed or interrupted migration leaves the file as it was.
/// <c>PRAGMA user_version</c> stays the dataset format's schema (<see cref="DatasetFiles.SchemaVersion"/>). A database of
/// the hand-written layout that came before (user_version 1, no <c>schema_version</c>) is converted by
/// <see cref="SqliteLegacyLayout"/> in the same transaction.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] RecordTables = ["factions", "sources", "places", "changes"];

    /// <summary>The migrations, in order; migration N is at index N - 1. Never edit one that has shipped: add one.</summary>
    public static readonly IReadOnlyList<(string Description, string Sql)> Migrations =
    [
        ("record tables: canonical JSON per record, generated key columns, append-only control log", """
            CREATE TABLE meta (
                key   TEXT PRIMARY KEY CHECK (key IN ('name', 'attribution', 'boundary')),
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE factions (
                seq    INTEGER PRIMARY KEY CHECK (seq > 0),
                record TEXT NOT NULL,
                id     TEXT GENERATED ALWAYS AS (json_extract(record, '$.id')) VIRTUAL NOT NULL UNIQUE CHECK (id <> '')
            );
            CREATE TABLE sources (
                seq    INTEGER PRIMARY KEY CHECK (seq > 0),
                record TEXT NOT NULL,
                id     TEXT GENERATED ALWAYS AS (json_extract(record, '$.id')) VIRTUAL NOT NULL UNIQUE CHECK (id <> '')
            );
            CREATE TABLE places (
                seq    INTEGER PRIMARY KEY CHECK (seq > 0),
                record TEXT NOT NULL,
                id     TEXT GENERATED ALWAYS AS (json_extract(record, '$.id')) VIRTUAL NOT NULL UNIQUE CHECK (id <> ''),
                lon    REAL GENERATED ALWAYS AS (json_extract(record, '$.lon')) VIRTUAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
                lat    REAL GENERATED ALWAYS AS (json_extract(record, '$.lat')) VIRTUAL NOT NULL CHECK (lat BETWEEN -90 AND 90)
            );
            CREATE TABLE changes (
                seq        INTEGER PRIMARY KEY CHECK (seq > 0),
                record     TEXT NOT NULL,
                id         TEXT GENERATED ALWAYS AS (json_extract(record, '$.id')) VIRTUAL NOT NULL UNIQUE CHECK (id <> ''),
                place      TEXT GENERATED ALWAYS AS (json_extract(record, '$.place')) VIRTUAL NOT NULL REFERENCES places (id),
                faction    TEXT GENERATED ALWAYS AS (json_extract(record, '$.faction')) VIRTUAL REFERENCES factions (id),
                valid_from TEXT GENERATED ALWAYS AS (json_extract(record, '$.valid_from')) VIRTUAL NOT NULL,
                kind       TEXT GENERATED ALWAYS AS (json_extract(record, '$.kind')) VIRTUAL NOT NULL CHECK (kind IN ('capture', 'confirmation', 'retraction')),
                status     TEXT GENERATED ALWAYS AS (json_extract(record, '$.status')) VIRTUAL NOT NULL CHECK (status IN ('held', 'contested', 'claimed')),
                retracts   TEXT GENERATED ALWAYS AS (json_extract(record, '$.retracts')) VIRTUAL REFERENCES changes (id),
                CHECK ((kind = 'retraction') = (faction IS NULL)),
                CHECK (kind <> 'retraction' OR retracts IS NOT NULL),
                CHECK (retracts IS NULL OR retracts <> id)
            );
            CREATE INDEX changes_place ON changes (place);

            CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
                BEGIN SELECT RAISE(ABORT, 'changes are append-only: UPDATE is not allowed'); END;
            CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
                BEGIN SELECT RAISE(ABORT, 'changes are append-only: DELETE is not allowed'); END;
            CREATE TRIGGER changes_retract_earlier BEFORE INSERT ON changes
                WHEN NEW.retracts IS NOT NULL AND NOT EXISTS (SELECT 1 FROM changes WHERE id = NEW.retracts)
                BEGIN SELECT RAISE(ABORT, 'retracts must name an earlier change'); END;
            """),
        ("revision counter bumped by every write, and the count of writes that were not a pure append", RevisionSql()),
        ("editor tables: API keys (SHA-256 of the token only) and idempotency records; neither counts towards the revision", """
            CREATE TABLE api_keys (
                id         TEXT PRIMARY KEY,
                name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
                role       TEXT NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
                hash       TEXT NOT NULL CHECK (length(hash) = 64),
                created_at TEXT NOT NULL,
                revoked_at TEXT
            ) WITHOUT ROWID;
            CREATE TABLE idempotency (
                scope        TEXT PRIMARY KEY,
                request_hash TEXT NOT NULL,
                status       INTEGER NOT NULL,
                body         TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                headers      TEXT
            ) WITHOUT ROWID;
            """),
    ];

    /// <summary>The newest layout this code knows.</summary>
    public static int Latest => Migrations.Count;

    /// <summary>
    /// <c>revision.n</c> grows with every write to the dataset (row triggers on every record table and <c>meta</c>);
    /// <c>revision.rewrites</c> with every write after which the rows past a reader's last ones are not the whole difference:
    /// any write to <c>meta</c>; an UPDATE or DELETE of a record table (those of the log are refused anyway, unless its
    /// triggers were dropped); a row inserted behind the last one of its table; a row whose id is already there (an
    /// <c>INSERT OR REPLACE</c> deletes the old row without firing DELETE triggers; a plain duplicate insert fails and its
    /// statement, trigger included, is undone). The text is generated, but from constants only: it never changes.
    /// </summary>
    private static string RevisionSql()
    {
        var sql = new StringBuilder("""
            CREATE TABLE revision (
                id       INTEGER PRIMARY KEY CHECK (id = 1),
                n        INTEGER NOT NULL CHECK (n >= 0),
                rewrites INTEGER NOT NULL CHECK (rewrites >= 0)
            );
            INSERT INTO revision (id, n, rewrites) VALUES (1, 0, 0);

            """);
        const string Bump = "BEGIN UPDATE revision SET n = n + 1; END;";
        const string Rewrite = "BEGIN UPDATE revision SET rewrites = rewrites + 1; END;";
        foreach (var op in new[] { "INSERT", "UPDATE", "DELETE" })
        {
            sql.AppendLine($"CREATE TRIGGER meta_{op.ToLowerInvariant()}_revision AFTER {op} ON meta {Bump}");
            sql.AppendLine($"CREATE TRIGGER meta_{op.ToLowerInvariant()}_rewrite AFTER {op} ON meta {Rewrite}");
        }
        foreach (var table in RecordTables)
        {
            sql.AppendLine($"CREATE TRIGGER {table}_insert_revision AFTER INSERT ON {table} {Bump}");
            if (table != "changes")
            {
                sql.AppendLine($"CREATE TRIGGER {table}_update_revision AFTER UPDATE ON {table} {Bump}");
                sql.AppendLine($"CREATE TRIGGER {table}_delete_revision AFTER DELETE ON {table} {Bump}");
            }
            sql.AppendLine($"CREATE TRIGGER {table}_update_rewrite AFTER UPDATE ON {table} {Rewrite}");
            sql.AppendLine($"CREATE TRIGGER {table}_delete_rewrite AFTER DELETE ON {table} {Rewrite}");
            sql.AppendLine($"CREATE TRIGGER {table}_behind_rewrite AFTER INSERT ON {table} WHEN EXISTS (SELECT 1 FROM {table} WHERE seq > NEW.seq) {Rewrite}");
            sql.AppendLine($"CREATE TRIGGER {table}_replace_rewrite BEFORE INSERT ON {table} WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) {Rewrite}");
        }
        return sql.ToString();
    }

    /// <summary>
    /// Brings the database to migration <paramref name="target"/> (tests stop early to make an older layout): creates the layout in an
    /// empty file, converts the hand-written layout, applies the missing migrations.
    /// </summary>
    /// <returns>The migrations applied now (none when the layout was up to date).</returns>
    /// <exception cref="DatasetFormatException">Another schema version, a newer layout, or not a FrontlineMaps database.</exception>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection, string label, int target)
    {
        if (target < 1 || target > Latest)
            throw new ArgumentOutOfRangeException(nameof(target));
        // Most opens find the layout current: answer that without taking the writer lock.
        if (State(connection, null, label) is var (_, current) && current == target)
            return [];
        using var tx = connection.BeginTransaction(deferred: false);
        var (layout, version) = State(connection, tx, label);
        if (version > Latest)
            throw new DatasetFormatException(label, 0, "schema_version",
                $"layout {version} is newer than this version of FrontlineMaps (it migrates up to {Latest}): upgrade it");
        SqliteLegacyLayout.Content? legacy = null;
        if (layout == Layout.HandWritten)
            legacy = SqliteLegacyLayout.Take(connection, tx, label);
        if (layout != Layout.Numbered)
        {
            Execute(connection, tx, $"PRAGMA user_version = {DatasetFiles.SchemaVersion}");
            Execute(connection, tx, """
                CREATE TABLE schema_version (
                    version     INTEGER PRIMARY KEY CHECK (version > 0),
                    description TEXT NOT NULL,
                    applied_at  TEXT NOT NULL
                )
                """);
        }
        var applied = new List<int>();
        for (var v = version + 1; v <= target; v++)
        {
            var (description, sql) = Migrations[v - 1];
            Execute(connection, tx, sql);
            using var row = connection.CreateCommand();
            row.Transaction = tx;
            row.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)";
            row.Parameters.AddWithValue("$v", v);
            row.Parameters.AddWithValue("$d", description);
            row.Parameters.AddWithValue("$t", FormatValues.FormatInstant(DateTimeOffset.UtcNow));
            row.ExecuteNonQuery();
            applied.Add(v);
        }
        if (legacy is not null)
            SqliteLegacyLayout.Restore(connection, tx, legacy);
        tx.Commit();
        return applied;
    }

    private enum Layout { Empty, HandWritten, Numbered }

    /// <summary>Which layout the file holds, and its migration (0 for an empty file or the hand-written layout).</summary>
    private static (Layout Layout, int Version) State(SqliteConnection c, SqliteTransaction? tx, string label)
    {
        var userVersion = Convert.ToInt32(Scalar(c, tx, "PRAGMA user_version"));
        var tables = Convert.ToInt64(Scalar(c, tx, "SELECT count(*) FROM sqlite_schema"));
        if (userVersion == 0)
        {
            if (tables != 0)
                throw new DatasetFormatException(label, 0, "user_version", "not a FrontlineMaps database (user_version is 0 but the database has tables)");
            return (Layout.Empty, 0);
        }
        if (userVersion != DatasetFiles.SchemaVersion)
            throw new DatasetFormatException(label, 0, "user_version", $"schema {userVersion} is not supported (this version reads schema {DatasetFiles.SchemaVersion})");
        if (Convert.ToInt64(Scalar(c, tx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'")) == 0)
            return (Layout.HandWritten, 0);
        return (Layout.Numbered, Convert.ToInt32(Scalar(c, tx, "SELECT coalesce(max(version), 0) FROM schema_version")));
    }

    internal static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
