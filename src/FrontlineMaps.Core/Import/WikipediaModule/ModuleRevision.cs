using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Import.WikipediaModule;

/// <summary>One revision of the module: its file, when it was saved, and its revision id when known.</summary>
/// <param name="Path">The file holding the revision's raw source.</param>
/// <param name="Timestamp">When the revision was saved (UTC).</param>
/// <param name="RevisionId">The MediaWiki revision id (<c>oldid</c>), if known.</param>
public sealed record ModuleRevision(string Path, DateTimeOffset Timestamp, long? RevisionId)
{
    /// <summary>The module's page title.</summary>
    public const string ModuleTitle = "Module:Syrian_Civil_War_detailed_map";

    /// <summary>The revision's date, the valid time of what it shows.</summary>
    public DateOnly Date => DateOnly.FromDateTime(Timestamp.UtcDateTime);

    /// <summary>The revision's permanent URL, when its id is known.</summary>
    public string? Url => RevisionId is { } id ? string.Create(CultureInfo.InvariantCulture, $"https://en.wikipedia.org/w/index.php?title={ModuleTitle}&oldid={id}") : null;

    /// <summary>
    /// Finds the revisions of a file or directory. A file name's stem (any extension) says which revision it is: a timestamp
    /// (<c>2016-03-01</c>, <c>2016-03-01T12:00:00Z</c>, <c>2016-03-01T120000Z</c>, MediaWiki's <c>20160301120000</c>), a revision id
    /// (<c>712345678</c>, <c>oldid-712345678</c>), or both joined by <c>_</c> in either order. A revision id alone needs its
    /// timestamp from <paramref name="revisionsIndex"/>: the JSON that the MediaWiki API answers for
    /// <c>action=query&amp;prop=revisions&amp;rvprop=ids|timestamp</c>, or <c>revisions.json</c> in the directory;
    /// <paramref name="asOf"/> gives it for a single file. Sorted by timestamp, then revision id.
    /// </summary>
    /// <exception cref="ImportException">A name carries neither, a revision id has no known timestamp, or two files are one revision.</exception>
    public static IReadOnlyList<ModuleRevision> Find(string path, string? revisionsIndex = null, DateTimeOffset? asOf = null)
    {
        bool isDir = Directory.Exists(path);
        var files = isDir
            ? Directory.EnumerateFiles(path).Where(f => !System.IO.Path.GetFileName(f).StartsWith('.') && System.IO.Path.GetFileName(f) != "revisions.json").Order(StringComparer.Ordinal).ToList()
            : [path];
        if (files.Count == 0) throw new ImportException(System.IO.Path.GetFileName(path), 0, null, "the directory holds no revision files");
        revisionsIndex ??= isDir && File.Exists(System.IO.Path.Combine(path, "revisions.json")) ? System.IO.Path.Combine(path, "revisions.json") : null;
        var index = revisionsIndex is null ? [] : ReadIndex(revisionsIndex);
        var result = new List<ModuleRevision>();
        foreach (var f in files)
        {
            var name = System.IO.Path.GetFileName(f);
            var (ts, id) = ParseName(System.IO.Path.GetFileNameWithoutExtension(f));
            if (ts is null && id is { } rid && index.TryGetValue(rid, out var t)) ts = t;
            if (ts is null && !isDir && asOf is { } a) ts = a;
            if (ts is null)
                throw new ImportException(name, 0, null, id is null
                    ? "the file name carries neither a timestamp (2016-03-01T12:00:00Z, 20160301120000) nor a revision id"
                    : $"revision {id} has no timestamp: name the file {id}_YYYYMMDDHHMMSS, or give the API's revisions JSON (--revisions)");
            result.Add(new ModuleRevision(f, ts.Value, id));
        }
        result.Sort((x, y) => x.Timestamp != y.Timestamp ? x.Timestamp.CompareTo(y.Timestamp) : Nullable.Compare(x.RevisionId, y.RevisionId));
        for (int i = 1; i < result.Count; i++)
            if (result[i].Timestamp == result[i - 1].Timestamp && result[i].RevisionId == result[i - 1].RevisionId)
                throw new ImportException(System.IO.Path.GetFileName(result[i].Path), 0, null, $"the same revision as {System.IO.Path.GetFileName(result[i - 1].Path)}");
        return result;
    }

    private static (DateTimeOffset? Timestamp, long? Id) ParseName(string stem)
    {
        DateTimeOffset? ts = null;
        long? id = null;
        foreach (var part in stem.Split('_'))
        {
            var p = part.StartsWith("oldid-", StringComparison.OrdinalIgnoreCase) ? part[6..] : part;
            if (TryTimestamp(p) is { } t) ts = t;
            else if (p.Length is > 0 and <= 12 && p.All(char.IsAsciiDigit)) id = long.Parse(p, CultureInfo.InvariantCulture);
        }
        return (ts, id);
    }

    private static DateTimeOffset? TryTimestamp(string s)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HHmmss'Z'", "yyyy-MM-dd'T'HH-mm-ss'Z'", "yyyyMMddHHmmss", "yyyy-MM-dd'T'HH:mm'Z'"];
        return DateTimeOffset.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
    }

    private static Dictionary<long, DateTimeOffset> ReadIndex(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        var map = new Dictionary<long, DateTimeOffset>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            long n = 0;
            foreach (var rev in Revisions(doc.RootElement))
            {
                n++;
                if (!rev.TryGetProperty("revid", out var idEl) || !idEl.TryGetInt64(out var id))
                    throw new ImportException(file, n, "revid", "missing or not an integer");
                if (!rev.TryGetProperty("timestamp", out var tsEl) || tsEl.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(tsEl.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var ts))
                    throw new ImportException(file, n, "timestamp", "missing or not an RFC 3339 timestamp");
                map[id] = ts;
            }
        }
        catch (JsonException e) { throw new ImportException(file, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e); }
        return map;
    }

    // query.pages.{id}.revisions[] (formatversion 1), query.pages[].revisions[] (formatversion 2), or a bare array.
    private static IEnumerable<JsonElement> Revisions(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray().ToList();
        if (root.TryGetProperty("query", out var q) && q.TryGetProperty("pages", out var pages))
        {
            var list = pages.ValueKind == JsonValueKind.Array ? pages.EnumerateArray().ToList() : pages.EnumerateObject().Select(p => p.Value).ToList();
            return list.Where(p => p.TryGetProperty("revisions", out _)).SelectMany(p => p.GetProperty("revisions").EnumerateArray()).ToList();
        }
        return [];
    }
}
