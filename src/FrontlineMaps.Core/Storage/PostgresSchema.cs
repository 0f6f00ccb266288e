using Npgsql;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The PostgreSQL schema of <see cref="PostgresStore"/> and its migrations. Every applied migration is a row of
/// <c>frontline.schema_version</c>. <see cref="Migrate"/> runs in one transaction under an advisory lock, so two
/// servers starting at once never apply a migration twice (the second waits, then finds nothing left to do), and a
/// failed migration leaves the database as it was.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The channel every committed write notifies, with the new revision as payload.</summary>
    public const string Channel = "frontline_changes";

    /// <summary>The advisory lock key migrations hold ('FLMAPS' in ASCII).</summary>
    public const long MigrationLock = 0x464C4D415053;

    /// <summary>The migrations, in order; migration N is at index N - 1. Never edit one that has shipped: add one.</summary>
    public static readonly IReadOnlyList<(string Description, string Sql)> Migrations =
    [
        ("record tables: canonical JSON per record, generated key columns, append-only control log", """
            CREATE TABLE frontline.meta (
                key   text PRIMARY KEY CHECK (key IN ('name', 'attribution', 'boundary')),
                value text NOT NULL
            );
            CREATE TABLE frontline.factions (
                seq    bigint PRIMARY KEY CHECK (seq > 0),
                record json NOT NULL,
                id     text GENERATED ALWAYS AS (record ->> 'id') STORED NOT NULL UNIQUE CHECK (id <> '')
            );
            CREATE TABLE frontline.sources (
                seq    bigint PRIMARY KEY CHECK (seq > 0),
                record json NOT NULL,
                id     text GENERATED ALWAYS AS (record ->> 'id') STORED NOT NULL UNIQUE CHECK (id <> '')
            );
            CREATE TABLE frontline.places (
                seq    bigint PRIMARY KEY CHECK (seq > 0),
                record json NOT NULL,
                id     text GENERATED ALWAYS AS (record ->> 'id') STORED NOT NULL UNIQUE CHECK (id <> ''),
                lon    double precision GENERATED ALWAYS AS ((record ->> 'lon')::double precision) STORED NOT NULL CHECK (lon BETWEEN -180 AND 180),
                lat    double precision GENERATED ALWAYS AS ((record ->> 'lat')::double precision) STORED NOT NULL CHECK (lat BETWEEN -90 AND 90)
            );
            CREATE TABLE frontline.changes (
                seq        bigint PRIMARY KEY CHECK (seq > 0),
                record     json NOT NULL,
                id         text GENERATED ALWAYS AS (record ->> 'id') STORED NOT NULL UNIQUE CHECK (id <> ''),
                place      text GENERATED ALWAYS AS (record ->> 'place') STORED NOT NULL REFERENCES frontline.places (id),
                faction    text GENERATED ALWAYS AS (record ->> 'faction') STORED REFERENCES frontline.factions (id),
                valid_from text GENERATED ALWAYS AS (record ->> 'valid_from') STORED NOT NULL,
                kind       text GENERATED ALWAYS AS (record ->> 'kind') STORED NOT NULL CHECK (kind IN ('capture', 'confirmation', 'retraction')),
                status     text GENERATED ALWAYS AS (record ->> 'status') STORED NOT NULL CHECK (status IN ('held', 'contested', 'claimed')),
                retracts   text GENERATED ALWAYS AS (record ->> 'retracts') STORED REFERENCES frontline.changes (id),
                CHECK ((kind = 'retraction') = (faction IS NULL)),
                CHECK (kind <> 'retraction' OR retracts IS NOT NULL),
                CHECK (retracts IS NULL OR retracts <> id)
            );

            CREATE FUNCTION frontline.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% are append-only: % is not allowed', TG_ARGV[0], TG_OP USING ERRCODE = 'restrict_violation';
            END $$;
            CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON frontline.changes
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.refuse_rewrite('changes');

            CREATE FUNCTION frontline.retract_earlier() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM frontline.changes WHERE id = NEW.retracts AND seq < NEW.seq) THEN
                    RAISE EXCEPTION 'retracts must name an earlier change (% retracts %)', NEW.id, NEW.retracts USING ERRCODE = 'foreign_key_violation';
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER changes_retract_earlier AFTER INSERT ON frontline.changes
                FOR EACH ROW WHEN (NEW.retracts IS NOT NULL) EXECUTE FUNCTION frontline.retract_earlier();
            """),
        ("revision counter bumped by every write (and the revision of the last write that was not a pure append), NOTIFY frontline_changes on commit", """
            CREATE TABLE frontline.revision (
                id        integer PRIMARY KEY CHECK (id = 1),
                n         bigint NOT NULL CHECK (n >= 0),
                rewritten bigint NOT NULL CHECK (rewritten >= 0 AND rewritten <= n)
            );
            INSERT INTO frontline.revision (id, n, rewritten) VALUES (1, 0, 0);

            -- Any write that is not rows added after the last seq of a record table: readers must reload everything.
            CREATE FUNCTION frontline.bump_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE frontline.revision SET n = n + 1, rewritten = n + 1 WHERE id = 1;
                RETURN NULL;
            END $$;
            -- Rows added to a record table: a pure append when every row that was there has a smaller seq, so a reader
            -- holding the data at an earlier revision only needs the rows past its last seq.
            CREATE FUNCTION frontline.bump_append() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                first_added bigint;
                behind boolean;
            BEGIN
                SELECT min(seq) INTO first_added FROM added;
                IF first_added IS NULL THEN
                    RETURN NULL;
                END IF;
                EXECUTE format('SELECT EXISTS (SELECT 1 FROM frontline.%I t WHERE t.seq > $1 AND NOT EXISTS (SELECT 1 FROM added a WHERE a.seq = t.seq))', TG_TABLE_NAME)
                    INTO behind USING first_added;
                IF behind THEN
                    UPDATE frontline.revision SET n = n + 1, rewritten = n + 1 WHERE id = 1;
                ELSE
                    UPDATE frontline.revision SET n = n + 1 WHERE id = 1;
                END IF;
                RETURN NULL;
            END $$;

            CREATE TRIGGER meta_rewrite AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON frontline.meta
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_rewrite();
            CREATE TRIGGER factions_append AFTER INSERT ON frontline.factions REFERENCING NEW TABLE AS added
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_append();
            CREATE TRIGGER factions_rewrite AFTER UPDATE OR DELETE OR TRUNCATE ON frontline.factions
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_rewrite();
            CREATE TRIGGER sources_append AFTER INSERT ON frontline.sources REFERENCING NEW TABLE AS added
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_append();
            CREATE TRIGGER sources_rewrite AFTER UPDATE OR DELETE OR TRUNCATE ON frontline.sources
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_rewrite();
            CREATE TRIGGER places_append AFTER INSERT ON frontline.places REFERENCING NEW TABLE AS added
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_append();
            CREATE TRIGGER places_rewrite AFTER UPDATE OR DELETE OR TRUNCATE ON frontline.places
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_rewrite();
            CREATE TRIGGER changes_append AFTER INSERT ON frontline.changes REFERENCING NEW TABLE AS added
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.bump_append();

            CREATE FUNCTION frontline.notify_revision() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('frontline_changes', NEW.n::text);
                RETURN NULL;
            END $$;
            CREATE TRIGGER revision_notify AFTER UPDATE ON frontline.revision
                FOR EACH ROW EXECUTE FUNCTION frontline.notify_revision();
            CREATE TRIGGER revision_append_only BEFORE DELETE OR TRUNCATE ON frontline.revision
                FOR EACH STATEMENT EXECUTE FUNCTION frontline.refuse_rewrite('revisions');
            """),
        ("indexes: changes by place and by faction, places by position", """
            CREATE INDEX changes_place ON frontline.changes (place);
            CREATE INDEX changes_faction ON frontline.changes (faction);
            CREATE INDEX places_position ON frontline.places (lon, lat);
            """),
        ("editor tables: API keys (SHA-256 of the token only) and idempotency records; neither counts towards the content revision", """
            CREATE TABLE frontline.api_keys (
                id         text PRIMARY KEY CHECK (id <> ''),
                name       text NOT NULL UNIQUE CHECK (name <> ''),
                role       text NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
                hash       text NOT NULL CHECK (length(hash) = 64),
                created_at timestamptz NOT NULL,
                revoked_at timestamptz
            );
            CREATE TABLE frontline.idempotency (
                scope        text PRIMARY KEY,
                request_hash text NOT NULL,
                status       integer NOT NULL,
                body         text NOT NULL,
                created_at   timestamptz NOT NULL DEFAULT now()
            );
            """),
        ("idempotency records keep the headers of the first response (Location, ETag, X-Data-Version)", """
            ALTER TABLE frontline.idempotency ADD COLUMN headers text;
            """),
    ];

    /// <summary>The newest schema this code knows.</summary>
    public static int Latest => Migrations.Count;

    /// <summary>
    /// Brings the database up to migration <paramref name="target"/> (tests stop early to make an old schema).
    /// </summary>
    /// <returns>The migrations applied now (none when the schema was up to date).</returns>
    /// <exception cref="DatasetFormatException">The database holds a newer schema, or a <c>frontline</c> schema without <c>schema_version</c>.</exception>
    public static IReadOnlyList<int> Migrate(NpgsqlConnection connection, string label, int target)
    {
        if (target < 1 || target > Latest)
            throw new ArgumentOutOfRangeException(nameof(target));
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, "SELECT pg_advisory_xact_lock($1)", MigrationLock);

        var schemaExists = Scalar<bool>(connection, tx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'frontline')");
        var versionTable = Scalar<bool>(connection, tx, "SELECT to_regclass('frontline.schema_version') IS NOT NULL");
        if (schemaExists && !versionTable)
        {
            var tables = Scalar<long>(connection, tx, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'frontline'");
            if (tables != 0)
                throw new DatasetFormatException(label, 0, "schema_version",
                    "not a FrontlineMaps database (schema 'frontline' holds tables but no schema_version)");
        }
        Execute(connection, tx, "CREATE SCHEMA IF NOT EXISTS frontline");
        Execute(connection, tx, """
            CREATE TABLE IF NOT EXISTS frontline.schema_version (
                version     integer PRIMARY KEY CHECK (version > 0),
                description text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """);
        var current = Scalar<int>(connection, tx, "SELECT coalesce(max(version), 0) FROM frontline.schema_version");
        if (current > Latest)
            throw new DatasetFormatException(label, 0, "schema_version",
                $"schema {current} is newer than this version of FrontlineMaps (it migrates up to {Latest}): upgrade the server");

        var applied = new List<int>();
        for (var version = current + 1; version <= target; version++)
        {
            var (description, sql) = Migrations[version - 1];
            Execute(connection, tx, sql);
            Execute(connection, tx, "INSERT INTO frontline.schema_version (version, description) VALUES ($1, $2)", version, description);
            applied.Add(version);
        }
        tx.Commit();
        return applied;
    }

    private static void Execute(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params object[] values)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var value in values)
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        cmd.ExecuteNonQuery();
    }

    private static T Scalar<T>(NpgsqlConnection c, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
