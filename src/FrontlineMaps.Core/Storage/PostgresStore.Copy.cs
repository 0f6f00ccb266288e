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
}
