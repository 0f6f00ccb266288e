using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// Writes records into the SQLite record tables: one row per record, its canonical JSON line (the bytes
/// <see cref="DatasetWriter"/> writes to the NDJSON files) in <c>record</c>; the key columns follow from it.
/// </summary>
internal static class SqliteRecordWriter
{
    private static readonly JsonWriterOptions JsonOptions = DatasetWriter.Options;

    /// <summary>
    /// Inserts <paramref name="records"/> inside <paramref name="tx"/>, each at the seq <paramref name="seqs"/> gives it when
    /// given (a converted file keeps its row numbers), else after the last row of its table.
    /// </summary>
    public static void Insert(SqliteConnection c, SqliteTransaction tx, DatasetAdditions records, SeqIndex? seqs = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        Insert(c, tx, "factions", records.Factions, seqs?.Factions, DatasetWriter.WriteFaction, buffer, json);
        Insert(c, tx, "sources", records.Sources, seqs?.Sources, DatasetWriter.WriteSource, buffer, json);
        Insert(c, tx, "places", records.Places, seqs?.Places, DatasetWriter.WritePlace, buffer, json);
        Insert(c, tx, "changes", records.Changes, seqs?.Changes, DatasetWriter.WriteChange, buffer, json);
    }

    private static void Insert<T>(SqliteConnection c, SqliteTransaction tx, string table, IReadOnlyList<T> records, List<long>? seqs,
        Action<Utf8JsonWriter, T> write, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json)
    {
        if (records.Count == 0)
            return;
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        // The table name is one of four constants, never data. A null seq is the next row number.
        cmd.CommandText = $"INSERT INTO {table} (seq, record) VALUES ($1, $2)";
        var seq = cmd.Parameters.Add(new SqliteParameter("$1", null));
        var record = cmd.Parameters.Add(new SqliteParameter("$2", null));
        cmd.Prepare();
        for (var i = 0; i < records.Count; i++)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            write(json, records[i]);
            json.Flush();
            seq.Value = seqs is null ? DBNull.Value : seqs[i];
            // As text: SQLite's JSON functions read a BLOB as its binary JSON format.
            record.Value = Encoding.UTF8.GetString(buffer.WrittenSpan);
            cmd.ExecuteNonQuery();
        }
    }
}
