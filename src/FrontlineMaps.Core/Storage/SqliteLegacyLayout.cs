using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The hand-written SQLite layout of the builds before <see cref="SqliteSchema"/> (<c>PRAGMA user_version</c> 1, no
/// <c>schema_version</c>): a column per field, citations in <c>change_sources</c>, later fields added by <c>ALTER TABLE</c>
/// on open. <see cref="Take"/> brings such a file to the last hand-written form, reads everything it holds and drops it
/// (tables and triggers); <see cref="Restore"/> writes it into the record layout, every record at its old seq, keys and
/// idempotency records as they were. Both run inside the migration's one transaction, so the file is converted whole or
/// not at all. Nothing here is used once a file is converted.
/// </summary>
internal static class SqliteLegacyLayout
{
    /// <summary>What a file of the hand-written layout holds; keys, idempotency records and the manifest wait in
    /// <c>legacy_*</c> tables meanwhile.</summary>
    public sealed record Content(RecordRows.Records Records, SeqIndex Seqs);

    private static readonly string[] Kept = ["meta", "api_keys", "idempotency"];

    public static Content Take(SqliteConnection c, SqliteTransaction tx, string label)
    {
        // The additions the last hand-written build made on open, for a file no build since has opened.
        void AddColumn(string table, string column, string definition)
        {
            if (Convert.ToInt64(SqliteSchema.Scalar(c, tx, $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")) == 0)
                SqliteSchema.Execute(c, tx, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        }
        AddColumn("changes", "reviews", "TEXT");
        AddColumn("changes", "verdict", "TEXT");
        AddColumn("places", "valid_from", "TEXT");
        SqliteSchema.Execute(c, tx, """
            CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL,
                created_at TEXT NOT NULL, revoked_at TEXT) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS idempotency (scope TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
                body TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            """);
        AddColumn("idempotency", "headers", "TEXT");

        var (records, seqs) = ReadRecords(c, tx, label);

        // Constraints between the dropped tables are checked at commit, when they are all gone.
        SqliteSchema.Execute(c, tx, "PRAGMA defer_foreign_keys = ON");
        var triggers = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'trigger'";
            using var r = cmd.ExecuteReader();
            while (r.Read()) triggers.Add(r.GetString(0));
        }
        foreach (var trigger in triggers)
            SqliteSchema.Execute(c, tx, $"DROP TRIGGER \"{trigger.Replace("\"", "\"\"")}\"");
        foreach (var table in Kept)
            SqliteSchema.Execute(c, tx, $"ALTER TABLE {table} RENAME TO legacy_{table}");
        SqliteSchema.Execute(c, tx, "DROP INDEX IF EXISTS changes_place");
        // Dropping a table deletes its rows one by one under the foreign keys: without an index on the self-references
        // (retracts, reviews → changes.id) every deleted row scans the whole table, and a 40,000-change file took 140 s to
        // convert (quadratic). Indexed, the drop is linear; the indexes go with the table.
        SqliteSchema.Execute(c, tx, "CREATE INDEX legacy_changes_retracts ON changes (retracts); CREATE INDEX legacy_changes_reviews ON changes (reviews)");
        foreach (var table in new[] { "change_sources", "changes", "places", "sources", "factions", "revision" })
            SqliteSchema.Execute(c, tx, $"DROP TABLE {table}");
        return new Content(records, seqs);
    }

    public static void Restore(SqliteConnection c, SqliteTransaction tx, Content content)
    {
        SqliteSchema.Execute(c, tx, """
            INSERT INTO meta (key, value) SELECT key, value FROM legacy_meta;
            INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) SELECT id, name, role, hash, created_at, revoked_at FROM legacy_api_keys;
            INSERT INTO idempotency (scope, request_hash, status, body, created_at, headers) SELECT scope, request_hash, status, body, created_at, headers FROM legacy_idempotency;
            DROP TABLE legacy_meta;
            DROP TABLE legacy_api_keys;
            DROP TABLE legacy_idempotency;
            """);
        SqliteRecordWriter.Insert(c, tx, content.Records.AsAdditions(), content.Seqs);
    }

    private static (RecordRows.Records Rows, SeqIndex Seqs) ReadRecords(SqliteConnection c, SqliteTransaction tx, string _label)
    {
        var seqs = new SeqIndex();

        var factions = ImmutableArray.CreateBuilder<Faction>();
        using (var r = Query(c, tx, "SELECT seq, id, name, short_name, color, aliases, parent, valid_from, valid_to, allies, succeeded_by FROM factions ORDER BY seq"))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:factions");
                seqs.Factions.Add(row.Seq);
                factions.Add(new Faction(row.Text(1)!, row.Text(2)!, row.Text(3)!, row.Text(4)!, row.Array(5, "aliases"), row.Text(6),
                    row.Date(7, "valid_from"), row.Date(8, "valid_to"), row.Allies(9), row.Text(10)));
            }

        var sources = ImmutableArray.CreateBuilder<Source>();
        using (var r = Query(c, tx, "SELECT seq, id, publisher, title, url, published, published_is_inferred FROM sources ORDER BY seq"))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:sources");
                seqs.Sources.Add(row.Seq);
                sources.Add(new Source(row.Text(1)!, row.Text(2)!, row.Text(3)!, row.Text(4), row.Date(5, "published"), r.GetInt64(6) != 0));
            }

        var places = ImmutableArray.CreateBuilder<Place>();
        using (var r = Query(c, tx, "SELECT seq, id, name, names, kind, lon, lat, governorate, district, subdistrict, pcode, population, approximate, note, valid_from FROM places ORDER BY seq"))
            while (r.Read())
            {
                var row = new Row(r, $"{_label}:places");
                seqs.Places.Add(row.Seq);
                places.Add(new Place(row.Text(1)!, row.Text(2)!, row.Array(3, "names"), row.Enum(4, "kind", FormatValues.PlaceKinds),
                    r.GetDouble(5), r.GetDouble(6), new AdminUnits(row.Text(7), row.Text(8), row.Text(9), row.Text(10)),
                    r.IsDBNull(11) ? null : r.GetInt32(11), r.GetInt64(12) != 0, row.Text(13), row.Date(14, "valid_from")));
            }

        var citations = new List<(long Seq, Citation Citation)>();
        using (var r = Query(c, tx, "SELECT change_seq, source, claimant FROM change_sources ORDER BY change_seq, ord"))
            while (r.Read())
                citations.Add((r.GetInt64(0), new Citation(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2))));

        var changes = ImmutableArray.CreateBuilder<ControlChange>();
        var next = 0;
        using (var r = Query(c, tx, "SELECT seq, id, place, faction, valid_from, valid_to_approx, kind, status, claim_of, recorded_at, recorded_by, retracts, note, reviews, verdict FROM changes ORDER BY seq"))
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

        return (new RecordRows.Records(factions.ToImmutable(), sources.ToImmutable(), places.ToImmutable(), changes.ToImmutable()), seqs);
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
    private static SqliteDataReader Query(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteReader();
    }

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

}
