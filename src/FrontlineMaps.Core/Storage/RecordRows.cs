using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// Reads the record tables of a database store, the same in SQLite and PostgreSQL: <c>meta</c> (name, attribution,
/// boundary) and one table per record set, each row a <c>seq</c> and the record's canonical JSON line (the bytes
/// <see cref="DatasetWriter"/> writes), parsed by the strict parser of the file format. Reading the rows past a seq is
/// what lets a store refresh by reading only what was appended since it last read.
/// </summary>
internal sealed class RecordRows(IStoreDialect dialect)
{
    /// <summary>The name errors give a record set: <c>label:places</c>.</summary>
    public static string File(string label, RecordSet set) => set switch
    {
        RecordSet.Factions => $"{label}:factions",
        RecordSet.Sources => $"{label}:sources",
        RecordSet.Places => $"{label}:places",
        RecordSet.Changes => $"{label}:changes",
        _ => $"{label}:meta",
    };

    /// <summary>The whole dataset, with the seq of every row.</summary>
    /// <exception cref="DatasetFormatException">The store is empty, or a record is not valid as the file format reads it.</exception>
    public (Dataset Dataset, SeqIndex Seqs) ReadAll(DbConnection c, DbTransaction tx, string label)
    {
        string? name = null, boundary = null;
        var attribution = ImmutableArray<string>.Empty;
        using (var cmd = dialect.Command(c, tx, $"SELECT key, value FROM {dialect.Table("meta")}"))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var value = r.GetString(1);
                switch (r.GetString(0))
                {
                    case "name": name = value; break;
                    case "attribution": attribution = Strings(value, File(label, RecordSet.Manifest), "attribution"); break;
                    case "boundary": boundary = value; break;
                }
            }
        if (name is null)
            throw new DatasetFormatException(label, 0, null, "the store is empty: import a dataset first");
        var (records, seqs) = ReadAfter(c, tx, label, null);
        return (new Dataset(new DatasetInfo(name, attribution), records.Factions, records.Places, records.Sources, records.Changes, boundary), seqs);
    }

    /// <summary>The rows of each record table past the last of <paramref name="after"/>'s (every row when it is null), in seq order.</summary>
    public (Records Records, SeqIndex Seqs) ReadAfter(DbConnection c, DbTransaction tx, string label, SeqIndex? after)
    {
        var seqs = new SeqIndex();
        long After(RecordSet set) => after?.Last(set) ?? 0;
        var records = new Records(
            Read(c, tx, label, "factions", RecordSet.Factions, After(RecordSet.Factions), seqs.Factions, DatasetParser.ReadFaction),
            Read(c, tx, label, "sources", RecordSet.Sources, After(RecordSet.Sources), seqs.Sources, DatasetParser.ReadSource),
            Read(c, tx, label, "places", RecordSet.Places, After(RecordSet.Places), seqs.Places, DatasetParser.ReadPlace),
            Read(c, tx, label, "changes", RecordSet.Changes, After(RecordSet.Changes), seqs.Changes, DatasetParser.ReadChange));
        return (records, seqs);
    }

    private ImmutableArray<T> Read<T>(DbConnection c, DbTransaction tx, string label, string table, RecordSet set, long afterSeq, List<long> seqs,
        Func<JsonRecord, T> read)
    {
        var file = File(label, set);
        var builder = ImmutableArray.CreateBuilder<T>();
        // The table name is one of four constants, never data.
        using var cmd = dialect.Command(c, tx, $"SELECT seq, record FROM {dialect.Table(table)} WHERE seq > $1 ORDER BY seq", afterSeq);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            using (var doc = Parse(dialect.RecordBytes(r, 1), file, seq))
                builder.Add(read(new JsonRecord(file, (int)seq, doc.RootElement)));
            seqs.Add(seq);
        }
        return builder.ToImmutable();
    }

    private static JsonDocument Parse(byte[] utf8, string file, long seq)
    {
        // Text put in behind the store's back may not be UTF-8: read it as the text columns of older layouts were read, each
        // bad byte a U+FFFD, so the store still opens (the writers of XML, HTML and CSV cope with what it holds).
        if (!Utf8.IsValid(utf8))
            utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(file, (int)seq, null, $"invalid JSON: {e.Message}", e);
        }
    }

    /// <summary>A JSON array of strings (the manifest's attribution).</summary>
    public static ImmutableArray<string> Strings(string json, string file, string field)
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

    /// <summary>The records of each set, in seq order.</summary>
    public readonly record struct Records(ImmutableArray<Faction> Factions, ImmutableArray<Source> Sources,
        ImmutableArray<Place> Places, ImmutableArray<ControlChange> Changes)
    {
        public DatasetAdditions AsAdditions() => new(Factions, Sources, Places, Changes);
    }
}
