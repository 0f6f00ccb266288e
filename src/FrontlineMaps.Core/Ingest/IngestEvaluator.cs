using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Import;

namespace FrontlineMaps.Core.Ingest;

/// <summary>One expected fact of an annotation file (the format of ../shared/reports/annotations.json).</summary>
/// <param name="Report">The report file.</param>
/// <param name="Place">The place as the report writes it.</param>
/// <param name="Factions">The faction and every also-acceptable one.</param>
/// <param name="Kind">capture, hold or contested.</param>
/// <param name="From">The date (first day of a range).</param>
/// <param name="To">Last day of a range; equal to <paramref name="From"/> for one day.</param>
/// <param name="Lon">Reference longitude, when the hint gives (or implies) one.</param>
/// <param name="Lat">Reference latitude.</param>
/// <param name="Hint">The annotator's location hint.</param>
public sealed record ExpectedFact(string Report, string Place, ImmutableArray<string> Factions, string Kind, DateOnly From, DateOnly To, double? Lon, double? Lat, string? Hint);

/// <summary>The score of one report.</summary>
/// <param name="File">The report file.</param>
/// <param name="Matched">Extracted facts that match an expected one, with it.</param>
/// <param name="FalseAlarms">Extracted facts that match nothing.</param>
/// <param name="Misses">Expected facts nothing matched.</param>
/// <param name="PlaceChecks">For matched facts with a reference location: (fact, resolved within 5 km of it).</param>
public sealed record ReportScore(string File, ImmutableArray<(CandidateFact Fact, ExpectedFact Expected)> Matched, ImmutableArray<CandidateFact> FalseAlarms,
    ImmutableArray<ExpectedFact> Misses, ImmutableArray<(CandidateFact Fact, bool Correct)> PlaceChecks);

/// <summary>The score of an ingester on an annotated set of reports.</summary>
/// <param name="Reports">Per report.</param>
public sealed record EvalResult(ImmutableArray<ReportScore> Reports)
{
    /// <summary>Matched extracted facts.</summary>
    public int TruePositives => Reports.Sum(r => r.Matched.Length);

    /// <summary>Extracted facts matching nothing.</summary>
    public int FalsePositives => Reports.Sum(r => r.FalseAlarms.Length);

    /// <summary>Expected facts not found.</summary>
    public int FalseNegatives => Reports.Sum(r => r.Misses.Length);

    /// <summary>TP / (TP + FP); 1 when nothing was extracted.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN).</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Share of matched facts with a reference location whose place was resolved within 5 km of it.</summary>
    public double PlaceAccuracy => PlaceChecked == 0 ? 1 : (double)Reports.Sum(r => r.PlaceChecks.Count(c => c.Correct)) / PlaceChecked;

    /// <summary>Matched facts with a reference location.</summary>
    public int PlaceChecked => Reports.Sum(r => r.PlaceChecks.Length);

    /// <summary>A plain-text report: the figures, then every miss and false alarm.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(string.Create(inv, $"precision {Precision:F3} ({TruePositives}/{TruePositives + FalsePositives})  recall {Recall:F3} ({TruePositives}/{TruePositives + FalseNegatives})  place accuracy {PlaceAccuracy:F3} ({Reports.Sum(r => r.PlaceChecks.Count(c => c.Correct))}/{PlaceChecked})"));
        foreach (var r in Reports)
        {
            sb.AppendLine();
            sb.AppendLine($"{r.File}: {r.Matched.Length} matched, {r.FalseAlarms.Length} false alarms, {r.Misses.Length} misses");
            foreach (var (f, _) in r.Matched) sb.AppendLine($"  ok    {Describe(f)}");
            foreach (var m in r.Misses) sb.AppendLine($"  MISS  {m.Place} {string.Join('|', m.Factions)} {m.Kind} {Dates(m.From, m.To)}");
            foreach (var f in r.FalseAlarms) sb.AppendLine($"  FALSE {Describe(f)}");
            foreach (var (f, ok) in r.PlaceChecks.Where(c => !c.Correct)) sb.AppendLine($"  PLACE {f.PlaceText} resolved to {f.Place?.Id ?? f.Resolution}");
        }
        return sb.ToString();
    }

    private static string Dates(DateOnly a, DateOnly b) => a == b ? a.ToString("yyyy-MM-dd") : $"{a:yyyy-MM-dd}..{b:yyyy-MM-dd}";

    private static string Describe(CandidateFact f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.PlaceText} [{f.Place?.Id ?? f.Resolution}] {f.FactionId} {f.Kind} {Dates(f.DateFrom, f.DateTo)} {f.Status}{(f.Claimant is null ? "" : " (" + f.Claimant + ")")} conf {f.Confidence:F2} <{f.Rule}: {f.Cue}>");
}

/// <summary>
/// Scores an ingester against annotations: an extracted fact matches an expected one when the place matches (same name
/// key or a similar spelling, or resolved within 3 km of the reference location), the faction is the expected one or
/// an also-acceptable one, the kind is the same, and the date matches (an extracted range of at most 10 days matches a
/// day inside it; an expected range matches any day in it). Each expected fact is matched at most once, most confident
/// extraction first.
/// </summary>
public static partial class IngestEvaluator
{
    /// <summary>Reads the expected facts of an annotation file.</summary>
    /// <exception cref="ImportException">The file is malformed (record and field are named).</exception>
    public static Dictionary<string, List<ExpectedFact>> ReadAnnotations(string path)
    {
        var name = Path.GetFileName(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new ImportException(name, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e); }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("reports", out var reports) || reports.ValueKind != JsonValueKind.Array)
                throw new ImportException(name, 0, "reports", "expected an array of reports");
            var result = new Dictionary<string, List<ExpectedFact>>(StringComparer.Ordinal);
            var all = new List<ExpectedFact>();
            var n = 0;
            foreach (var r in reports.EnumerateArray())
            {
                n++;
                var file = r.TryGetProperty("file", out var fe) && fe.GetString() is { } fs ? fs : throw new ImportException(name, n, "file", "a report needs a file name");
                var list = new List<ExpectedFact>();
                if (r.TryGetProperty("facts", out var facts))
                    foreach (var f in facts.EnumerateArray())
                    {
                        string Req(string field) => f.TryGetProperty(field, out var v) && v.GetString() is { Length: > 0 } s ? s
                            : throw new ImportException(name, n, field, $"a fact of {file} has no {field}");
                        var factions = new List<string> { Req("faction") };
                        if (f.TryGetProperty("also_acceptable_faction", out var also))
                            factions.AddRange((also.ValueKind == JsonValueKind.Array ? also.EnumerateArray().Select(a => a.GetString()) : [also.GetString()]).OfType<string>());
                        var (from, to) = ParseDate(f, name, n);
                        var hint = f.TryGetProperty("hint", out var h) ? h.GetString() : null;
                        double? lon = null, lat = null;
                        if (hint is not null && Coordinates().Match(hint) is { Success: true } cm)
                        {
                            lat = double.Parse(cm.Groups["lat"].Value, CultureInfo.InvariantCulture);
                            lon = double.Parse(cm.Groups["lon"].Value, CultureInfo.InvariantCulture);
                        }
                        var kind = Req("kind") switch { "confirmation" => "hold", var k => k };
                        var e = new ExpectedFact(file, Req("place"), [.. factions], kind, from, to, lon, lat, hint);
                        list.Add(e);
                        all.Add(e);
                    }
                result[file] = list;
            }
            // hints without coordinates: "as above", "same village as X" take the location of that place
            foreach (var list in result.Values)
                for (var i = 0; i < list.Count; i++)
                {
                    var e = list[i];
                    if (e.Lon is not null) continue;
                    var refName = e.Hint is not null && SameAs().Match(e.Hint) is { Success: true } sm ? sm.Groups["n"].Value : e.Place;
                    var source = all.FirstOrDefault(o => o.Lon is not null && (SameName(o.Place, refName) || SameName(o.Place, e.Place)));
                    if (source is not null) list[i] = e with { Lon = source.Lon, Lat = source.Lat };
                }
            return result;
        }
    }

    private static (DateOnly, DateOnly) ParseDate(JsonElement f, string name, int n)
    {
        if (!f.TryGetProperty("date", out var d)) throw new ImportException(name, n, "date", "a fact needs a date");
        static DateOnly P(string? s, string name, int n) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var x) ? x
            : throw new ImportException(name, n, "date", $"'{s}' is not a date (YYYY-MM-DD)");
        if (d.ValueKind == JsonValueKind.Object)
            return (P(d.TryGetProperty("from", out var a) ? a.GetString() : null, name, n), P(d.TryGetProperty("to", out var b) ? b.GetString() : null, name, n));
        if (d.ValueKind != JsonValueKind.String) throw new ImportException(name, n, "date", "expected YYYY-MM-DD, FROM..TO or {\"from\", \"to\"}");
        var s = d.GetString() ?? "";
        if (s.Contains("..", StringComparison.Ordinal)) { var parts = s.Split(".."); return (P(parts[0], name, n), P(parts[1], name, n)); }
        var day = P(s, name, n);
        var to = f.TryGetProperty("date_to", out var dt) ? P(dt.GetString(), name, n) : day;
        return (day, to);
    }

    /// <summary>Publication dates (and publishers, titles) from a reports.json beside the reports, keyed by file.</summary>
    public static Dictionary<string, ReportInfo> ReadReportIndex(string path)
    {
        var name = Path.GetFileName(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new ImportException(name, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new ImportException(name, 0, null, "expected a JSON array of reports");
        var result = new Dictionary<string, ReportInfo>(StringComparer.Ordinal);
        var n = 0;
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            n++;
            var file = r.TryGetProperty("file", out var fe) ? fe.GetString() : null;
            var pub = r.TryGetProperty("published", out var pe) ? pe.GetString() : null;
            if (file is null) throw new ImportException(name, n, "file", "missing");
            if (!DateOnly.TryParseExact(pub, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw new ImportException(name, n, "published", $"'{pub}' is not a date (YYYY-MM-DD)");
            result[file] = new ReportInfo(d, r.TryGetProperty("publisher", out var p) ? p.GetString() : null, r.TryGetProperty("title", out var t) ? t.GetString() : null);
        }
        return result;
    }

    /// <summary>Ingests every annotated report in <paramref name="directory"/> and scores the facts.</summary>
    public static EvalResult Evaluate(ReportIngester ingester, string directory, string annotationsPath, IReadOnlyDictionary<string, ReportInfo>? index = null)
    {
        var expected = ReadAnnotations(annotationsPath);
        var indexPath = Path.Combine(directory, "reports.json");
        index ??= File.Exists(indexPath) ? ReadReportIndex(indexPath) : new Dictionary<string, ReportInfo>();
        var scores = ImmutableArray.CreateBuilder<ReportScore>();
        foreach (var (file, facts) in expected.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, file);
            if (!index.TryGetValue(file, out var info))
                throw new ImportException(Path.GetFileName(annotationsPath), 0, "file", $"no publication date for '{file}' (reports.json beside the reports lists them)");
            var result = ingester.Ingest(File.ReadAllText(path), info);
            scores.Add(Score(file, result.Facts, facts));
        }
        return new EvalResult(scores.ToImmutable());
    }

    /// <summary>Scores one report's extracted facts against its expected facts.</summary>
    public static ReportScore Score(string file, IReadOnlyList<CandidateFact> extracted, IReadOnlyList<ExpectedFact> expected)
    {
        var open = expected.ToList();
        var matched = ImmutableArray.CreateBuilder<(CandidateFact, ExpectedFact)>();
        var alarms = ImmutableArray.CreateBuilder<CandidateFact>();
        // first by name, then (for spellings too far apart) by the resolved location
        var pending = extracted.OrderByDescending(f => f.Confidence).ThenBy(f => f.EvidenceStart).ToList();
        foreach (var byName in new[] { true, false })
            foreach (var f in pending.ToList())
            {
                var e = open.FirstOrDefault(e => Matches(f, e) && (!byName || SameName(f.PlaceText, e.Place)));
                if (e is null) continue;
                open.Remove(e);
                pending.Remove(f);
                matched.Add((f, e));
            }
        alarms.AddRange(pending);
        var checks = matched.Where(m => m.Item2.Lon is not null)
            .Select(m => (m.Item1, m.Item1.Place is { } p && GeoDistance.Km(p.Lon, p.Lat, m.Item2.Lon!.Value, m.Item2.Lat!.Value) <= 5))
            .ToImmutableArray();
        return new ReportScore(file, [.. matched.OrderBy(m => m.Item1.EvidenceStart)], [.. alarms.OrderBy(f => f.EvidenceStart)], [.. open], checks);
    }

    /// <summary>Whether an extracted fact is the expected one (place, faction, kind and date).</summary>
    public static bool Matches(CandidateFact f, ExpectedFact e)
    {
        if (!e.Factions.Contains(f.FactionId, StringComparer.Ordinal)) return false;
        if (f.Kind != e.Kind) return false;
        var dateOk = e.From == e.To
            ? f.DateFrom <= e.From && e.From <= f.DateTo && f.DateTo.DayNumber - f.DateFrom.DayNumber <= 10
            : f.DateFrom <= e.To && e.From <= f.DateTo;
        if (!dateOk) return false;
        if (SameName(f.PlaceText, e.Place)) return true;
        return f.Place is { } p && e.Lon is not null && GeoDistance.Km(p.Lon, p.Lat, e.Lon.Value, e.Lat!.Value) <= 3;
    }

    private static bool SameName(string a, string b)
    {
        var va = NameKey.Variants(a);
        var vb = NameKey.Variants(b);
        if (va.Intersect(vb).Any()) return true;
        return NameKey.Similarity(va[0], vb[0]) >= 0.8;
    }

    [GeneratedRegex(@"(?<lat>-?\d{1,2}\.\d{2,})\s*,\s*(?<lon>-?\d{1,3}\.\d{2,})")]
    private static partial Regex Coordinates();

    [GeneratedRegex(@"same\s+(?:village|town|place)?\s*as\s+(?<n>[\p{L}'’ -]+?)(?:\s+in\s+report|\s*\(|$)")]
    private static partial Regex SameAs();
}
