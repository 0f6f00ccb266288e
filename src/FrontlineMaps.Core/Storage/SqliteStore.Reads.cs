using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>Reads: the whole file, or only the rows past those a store instance holds (incremental refresh and append).</summary>
public sealed partial class SqliteStore
{
    private static readonly JsonWriterOptions JsonOptions = DatasetWriter.Options;

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
    private LoadedRevision Read(SqliteConnection c, SqliteTransaction tx, LoadedRevision? cached,
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
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT n, rewrites FROM revision";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Whether the last row <paramref name="cached"/> holds of each record table is still there with the same id: false for
    /// another file put in place of this one.
    /// </summary>
    private static bool StillHolds(SqliteConnection c, SqliteTransaction tx, LoadedRevision cached)
    {
        var data = cached.Dataset;
        bool Same(string table, RecordSet set, string? lastId)
        {
            if (cached.Seqs.Last(set) is not { } last)
                return true;
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            // The table name is one of four constants, never data.
            cmd.CommandText = $"SELECT id FROM {table} WHERE seq = $seq";
            cmd.Parameters.AddWithValue("$seq", last);
            using var r = cmd.ExecuteReader();
            return r.Read() && r.GetString(0) == lastId;
        }
        return Same("factions", RecordSet.Factions, data.Factions.OrEmpty().LastOrDefault()?.Id)
            && Same("sources", RecordSet.Sources, data.Sources.OrEmpty().LastOrDefault()?.Id)
            && Same("places", RecordSet.Places, data.Places.OrEmpty().LastOrDefault()?.Id)
            && Same("changes", RecordSet.Changes, data.Changes.OrEmpty().LastOrDefault()?.Id);
    }

    private LoadedRevision ReadAppended(SqliteConnection c, SqliteTransaction tx, LoadedRevision cached, long revision, long rewrites,
        (DatasetAdditions Records, DatasetValidator.ValidatedIds Ids)? validated)
    {
        var (rows, added) = Rows.ReadAfter(c, tx, _label, cached.Seqs);
        var additions = rows.AsAdditions();
        var seqs = cached.Seqs.Concat(added);
        var dataset = additions.ApplyTo(cached.Dataset);
        // The validator's verdict depends only on what the canonical line of each record holds.
        var ids = validated is { } known && SameLines(additions, known.Records)
            ? known.Ids
            : DatasetValidator.ValidateAdditions(cached.Ids, dataset, additions, Locator(seqs), stored: true);
        return new LoadedRevision(dataset, revision, rewrites, seqs, ids, cached.Version.Appended(dataset, additions), this);
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

    private LoadedRevision ReadWhole(SqliteConnection c, SqliteTransaction tx, long revision, long rewrites)
    {
        WholeReads++;
        var (dataset, seqs) = Rows.ReadAll(c, tx, _label);
        var ids = DatasetValidator.ValidateWithIds(dataset, Locator(seqs), stored: true);
        return new LoadedRevision(dataset, revision, rewrites, seqs, ids, StoreVersion.Of(dataset), this);
    }

    private RecordLocator Locator(SeqIndex seqs) => (set, index, _) => (RecordRows.File(_label, set), seqs.Line(set, index));

    /// <summary>A validated dataset as read at one revision, with the seq of every row and the index of its ids.</summary>
    private sealed class LoadedRevision(Dataset dataset, long revision, long rewrites, SeqIndex seqs, DatasetValidator.ValidatedIds ids,
        StoreVersion version, SqliteStore store)
    {
        public Dataset Dataset { get; } = dataset;
        public long Revision { get; } = revision;
        public long Rewrites { get; } = rewrites;
        public SeqIndex Seqs { get; } = seqs;

        /// <summary>The ids of the validated dataset, so an append validates only its own records.</summary>
        public DatasetValidator.ValidatedIds Ids { get; } = Remembered(dataset, ids);

        /// <summary>The content version, carried from the revision this one appended to (hashing only the appended rows).</summary>
        public StoreVersion Version { get; } = version;

        /// <summary>Existing rows by their seq; appended ones by the seq they would get.</summary>
        public (string File, int Line) Locate(RecordSet set, int index, string? field) => (RecordRows.File(store._label, set), Seqs.Line(set, index));

        private static DatasetValidator.ValidatedIds Remembered(Dataset dataset, DatasetValidator.ValidatedIds ids)
        {
            // So that the write API's check of additions to this dataset costs the additions (DatasetValidator.ValidateAdditions).
            DatasetValidator.Remember(dataset, ids);
            return ids;
        }
    }
}
