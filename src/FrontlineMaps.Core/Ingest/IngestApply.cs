using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Turns ingested candidates into records for a store: every resolved candidate becomes a change with status
/// <see cref="ChangeStatus.Claimed"/> (a reviewer confirms it later), citing the report as a new source (with the report's
/// claimant when it names one). Candidates whose place is ambiguous or unresolved, or whose place is not in the dataset
/// (only in an extra gazetteer), are left out: they need an editor first.
/// </summary>
public static class IngestApply
{
    /// <summary>The additions for <paramref name="dataset"/>.</summary>
    public static DatasetAdditions ToAdditions(IngestResult result, Dataset dataset, string reportName, double minConfidence, DateTimeOffset recordedAt, string recordedBy)
    {
        var places = dataset.Places.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var factions = dataset.Factions.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var changeIds = dataset.Changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var r = result.Report;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{reportName}|{r.Published:yyyy-MM-dd}|{r.Title}")))[..8];
        var sourceId = $"ingest-{r.Published:yyyy-MM-dd}-{hash}";
        var existingSource = dataset.Sources.FirstOrDefault(s => s.Id == sourceId);
        if (existingSource is not null && dataset.Changes.Any(c => c.Sources.Any(s => s.SourceId == sourceId)))
            throw new InvalidOperationException($"this report is already recorded (source '{sourceId}'); review its changes instead of applying it again");
        var source = existingSource ?? new Source(sourceId, r.Publisher ?? "unknown publisher", r.Title ?? reportName, r.Url, r.Published);
        var changes = new List<ControlChange>();
        var n = 0;
        foreach (var f in result.Facts)
        {
            if (f.Resolution != "resolved" || f.Place is null || !places.Contains(f.Place.Id) || !factions.Contains(f.FactionId) || f.Confidence < minConfidence) continue;
            var id = $"{sourceId}-{++n}";
            while (changeIds.Contains(id)) id += "x";
            var time = new GroundTime(f.DateFrom, null, f.IsExactDate ? null : f.DateTo);
            var kind = f.Kind == "hold" ? ChangeKind.Confirmation : ChangeKind.Capture;
            var claimOf = f.Kind == "contested" ? ChangeStatus.Contested : ChangeStatus.Held;
            changes.Add(new ControlChange(id, f.Place.Id, f.FactionId, time, kind, ChangeStatus.Claimed, [new Citation(sourceId, f.Claimant)],
                recordedAt.AddTicks(-(recordedAt.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(n - 1), recordedBy, ClaimOf: claimOf,
                Note: string.Create(CultureInfo.InvariantCulture, $"ingested ({f.Rule}, confidence {f.Confidence:F2}, report says {f.Status}): \"{f.Cue}\" at {f.EvidenceStart}-{f.EvidenceEnd}; to review")));
        }
        return new DatasetAdditions([], existingSource is null && changes.Count > 0 ? [source] : [], [], changes);
    }
}
