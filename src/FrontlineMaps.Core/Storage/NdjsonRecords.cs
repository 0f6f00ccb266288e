using System.Text.Json;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The records of one NDJSON file with a <c>{"schema":1,"type":TYPE}</c> header, read strictly (the directory format's rules),
/// for files outside a dataset directory: the curated inputs of <c>frontline build-data</c>. Errors name the file as given.
/// </summary>
internal static class NdjsonRecords
{
    private static readonly HashSet<string> HeaderMembers = ["schema", "type"];

    /// <summary>Every non-empty line after the header as a record, with its 1-based line number.</summary>
    /// <exception cref="DatasetFormatException">The header is missing or wrong, or a line is not a JSON object.</exception>
    public static IEnumerable<(int Line, JsonRecord Record)> Read(string file, Func<TextReader> open, string type)
    {
        using var reader = open();
        var header = reader.ReadLine();
        if (header is null || header.Trim('\uFEFF', ' ', '\t', '\r').Length == 0)
            throw new DatasetFormatException(file, 1, null, $"missing header line {{\"schema\":{DatasetFiles.SchemaVersion},\"type\":\"{type}\"}}");
        using (var doc = Parse(file, 1, header.TrimStart('\uFEFF')))
        {
            var h = new JsonRecord(file, 1, doc.RootElement);
            h.CheckMembers(HeaderMembers);
            if (h.RequiredInt32("schema") != DatasetFiles.SchemaVersion) throw h.Error("schema", $"expected {DatasetFiles.SchemaVersion}");
            var t = h.RequiredString("type");
            if (t != type) throw h.Error("type", $"expected '{type}', found '{t}'");
        }
        var n = 1;
        while (reader.ReadLine() is { } text)
        {
            n++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = Parse(file, n, text);
            yield return (n, new JsonRecord(file, n, doc.RootElement.Clone()));
        }
    }

    /// <summary>Reads a file of one record type with <paramref name="read"/> (e.g. <see cref="DatasetParser.ReadPlace"/>).</summary>
    public static List<T> ReadAll<T>(string path, string label, string type, Func<JsonRecord, T> read)
    {
        if (!File.Exists(path)) throw new DatasetFormatException(label, 0, null, "file is missing");
        return [.. Read(label, () => new StreamReader(path, System.Text.Encoding.UTF8), type).Select(x => read(x.Record))];
    }

    private static JsonDocument Parse(string file, int line, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new DatasetFormatException(file, line, null, $"invalid JSON: {(cut > 0 ? message[..cut] : message)}", e);
        }
    }
}
