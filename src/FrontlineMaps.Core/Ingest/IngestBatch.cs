using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Import;

namespace FrontlineMaps.Core.Ingest;

/// <summary>One report of a batch: a name for it, its text and its metadata.</summary>
/// <param name="Name">The file name, or "FILE:LINE" for a line of an NDJSON file.</param>
/// <param name="Text">The report.</param>
/// <param name="Info">Publication date, publisher, title, URL.</param>
/// <param name="OutputName">The name of its JSON file when each report gets one ("a.json" for "a.txt", "in-3.json" for line 3 of "in.ndjson").</param>
public sealed record BatchReport(string Name, string Text, ReportInfo Info, string OutputName);

/// <summary>
/// Reads a batch of reports: a directory of <c>.txt</c> files (the ones its <c>reports.json</c> lists, in the format of
/// ../shared/reports/reports.json, dated by it; without one, every <c>.txt</c>, dated by a default publication date), or an NDJSON file whose lines are
/// <c>{"text", "published", "publisher", "title", "url"}</c>. The whole batch is read and checked before any report is
/// ingested, so bad input fails with file, line and field and nothing is written.
/// </summary>
public static class IngestBatch
{
    /// <summary>The reports at <paramref name="path"/> (a directory or an NDJSON file), in name or line order.</summary>
    /// <param name="path">Directory or <c>.ndjson</c>/<c>.jsonl</c> file.</param>
    /// <param name="defaultPublished">For a directory: the date of files that reports.json does not list.</param>
    /// <exception cref="ImportException">A line is not valid JSON, lacks text or a valid date; a file is not dated.</exception>
    public static List<BatchReport> Read(string path, DateOnly? defaultPublished)
    {
        if (Directory.Exists(path)) return ReadDirectory(path, defaultPublished);
        return ReadNdjson(path);
    }

    private static List<BatchReport> ReadDirectory(string dir, DateOnly? defaultPublished)
    {
        // with a reports.json the batch is exactly the reports it lists (other .txt files are not reports of the set); without one, every .txt
        var indexPath = Path.Combine(dir, "reports.json");
        var result = new List<BatchReport>();
        if (File.Exists(indexPath))
        {
            foreach (var (name, info) in IngestEvaluator.ReadReportIndex(indexPath).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var file = Path.Combine(dir, name);
                if (!File.Exists(file)) throw new ImportException(Path.GetFileName(indexPath), 0, "file", $"'{name}' is listed but not in {dir}");
                result.Add(new BatchReport(name, File.ReadAllText(file), info, Path.ChangeExtension(name, ".json")));
            }
            return result;
        }
        foreach (var file in Directory.EnumerateFiles(dir, "*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var info = defaultPublished is { } d ? new ReportInfo(d) : throw new ImportException(name, 0, "published", "no reports.json in the directory and no --published date given");
            result.Add(new BatchReport(name, File.ReadAllText(file), info, Path.ChangeExtension(name, ".json")));
        }
        return result;
    }

    private static List<BatchReport> ReadNdjson(string path)
    {
        var name = Path.GetFileName(path);
        var result = new List<BatchReport>();
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(raw); }
            catch (JsonException e) { throw new ImportException(name, line, null, "invalid JSON: " + e.Message, e); }
            using (doc)
            {
                var r = doc.RootElement;
                if (r.ValueKind != JsonValueKind.Object) throw new ImportException(name, line, null, "expected an object {text, published, publisher, title, url}");
                string? Str(string field) => r.TryGetProperty(field, out var v) ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw new ImportException(name, line, field, "expected a string"),
                } : null;
                var text = Str("text") is { Length: > 0 } t ? t : throw new ImportException(name, line, "text", "a report needs its text");
                var published = Str("published") ?? throw new ImportException(name, line, "published", "a report needs its publication date (YYYY-MM-DD)");
                if (!DateOnly.TryParseExact(published.Length >= 10 ? published[..10] : published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    throw new ImportException(name, line, "published", $"'{published}' is not a date; expected YYYY-MM-DD");
                result.Add(new BatchReport($"{name}:{line}", text, new ReportInfo(day, Str("publisher"), Str("title"), Str("url")), $"{Path.GetFileNameWithoutExtension(name)}-{line}.json"));
            }
        }
        return result;
    }
}
