using System.Globalization;
using CsvHelper;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Encoders;

/// <summary>The change feed as CSV, one row per record, for spreadsheets and newsrooms.</summary>
public static class ChangeCsv
{
    /// <summary>Writes the header and one row per change.</summary>
    public static void Write(TextWriter output, ControlTimeline timeline, IEnumerable<ControlChange> changes, DateTimeOffset? knownAt)
    {
        var places = timeline.Places.ToDictionary(p => p.Id);
        var sources = timeline.Dataset.Sources.ToDictionary(s => s.Id);
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "id", "place", "place_name", "lon", "lat", "faction", "valid_from", "valid_to_approx", "kind", "status", "claim_of",
                     "sources", "publishers", "claimants", "recorded_at", "recorded_by", "retracts", "retracted", "reviews", "verdict" })
            csv.WriteField(h);
        csv.NextRecord();
        foreach (var c in changes)
        {
            var p = places[c.PlaceId];
            csv.WriteField(c.Id);
            csv.WriteField(c.PlaceId);
            csv.WriteField(p.Name);
            csv.WriteField(Math.Round(p.Lon, 6).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Math.Round(p.Lat, 6).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(c.FactionId ?? "");
            csv.WriteField(GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime));
            csv.WriteField(c.ValidTime.ApproxTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(GeoJsonFeatureEncoder.KindName(c.Kind));
            csv.WriteField(GeoJsonFeatureEncoder.StatusName(c.Status));
            csv.WriteField(c.Status == ChangeStatus.Claimed ? GeoJsonFeatureEncoder.StatusName(c.ClaimOf) : "");
            csv.WriteField(string.Join(';', c.Sources.Select(s => s.SourceId)));
            csv.WriteField(string.Join(';', c.Sources.Select(s => sources.GetValueOrDefault(s.SourceId)?.Publisher ?? "")));
            csv.WriteField(string.Join(';', c.Sources.Select(s => s.Claimant ?? "")));
            csv.WriteField(c.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(c.RecordedBy);
            csv.WriteField(c.Retracts ?? "");
            csv.WriteField(timeline.IsRetracted(c.Id, knownAt) ? "true" : "false");
            csv.WriteField(c.Reviews ?? "");
            csv.WriteField(c.Verdict?.ToString().ToLowerInvariant() ?? "");
            csv.NextRecord();
        }
    }
}
