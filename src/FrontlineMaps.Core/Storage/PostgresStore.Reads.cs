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
    private LoadedRevision Current()
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

    private LoadedRevision ReadCurrent()
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
    private LoadedRevision ReadAll(NpgsqlConnection c, NpgsqlTransaction tx, Revisions revision)
    {
        if (_cache is { } cached)
        {
            if (cached.Revision == revision.Current)
                return cached;
            if (revision.Rewritten <= cached.Revision && revision.Current > cached.Revision)
                return _cache = ReadAppended(c, tx, cached, revision.Current);
        }

        var (dataset, seqs) = Rows.ReadAll(c, tx, _label);
        var ids = DatasetValidator.ValidateWithIds(dataset, Locator(seqs), stored: true);
        return _cache = new LoadedRevision(dataset, revision.Current, seqs, ids, StoreVersion.Of(dataset), _label);
    }

    private LoadedRevision ReadAppended(NpgsqlConnection c, NpgsqlTransaction tx, LoadedRevision cached, long revision)
    {
        var (rows, added) = Rows.ReadAfter(c, tx, _label, cached.Seqs);
        var additions = rows.AsAdditions();
        var seqs = cached.Seqs.Concat(added);
        var dataset = additions.ApplyTo(cached.Dataset);
        var ids = DatasetValidator.ValidateAdditions(cached.Ids, dataset, additions, Locator(seqs), stored: true);
        return new LoadedRevision(dataset, revision, seqs, ids, cached.Version.Appended(dataset, additions), _label);
    }

    private RecordLocator Locator(SeqIndex seqs) => (set, index, _) => (RecordRows.File(_label, set), seqs.Line(set, index));

    /// <summary>A validated dataset as read at one revision, with the seq of every row.</summary>
    private sealed class LoadedRevision(Dataset dataset, long revision, SeqIndex seqs, DatasetValidator.ValidatedIds ids,
        StoreVersion version, string label)
    {
        public Dataset Dataset { get; } = dataset;
        public long Revision { get; } = revision;
        public SeqIndex Seqs { get; } = seqs;

        /// <summary>The ids of the validated dataset, so an append validates only its own records.</summary>
        public DatasetValidator.ValidatedIds Ids { get; } = Remembered(dataset, ids);

        /// <summary>The content version, carried from the revision this one appended to (hashing only the appended rows).</summary>
        public StoreVersion Version { get; } = version;

        /// <summary>Existing rows by their seq; appended ones by the seq they would get.</summary>
        public (string File, int Line) Locate(RecordSet set, int index, string? field) => (RecordRows.File(label, set), Seqs.Line(set, index));

        private static DatasetValidator.ValidatedIds Remembered(Dataset dataset, DatasetValidator.ValidatedIds ids)
        {
            // So that the write API's check of additions to this dataset costs the additions (DatasetValidator.ValidateAdditions).
            DatasetValidator.Remember(dataset, ids);
            return ids;
        }
    }
}
