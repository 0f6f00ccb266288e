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

public sealed partial class PostgresStore
{
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
