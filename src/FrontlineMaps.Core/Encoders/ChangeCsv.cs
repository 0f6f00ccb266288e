using System.Globalization;
using CsvHelper;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Encoders;

/// <summary>
/// The change feed as CSV, one row per record, for spreadsheets and newsrooms. Every text cell is neutralised against formula
/// injection (<see cref="CsvCell"/>).
/// </summary>
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
            csv.WriteField(CsvCell.Neutralise(c.Id));
            csv.WriteField(CsvCell.Neutralise(c.PlaceId));
            csv.WriteField(CsvCell.Neutralise(p.Name));
            csv.WriteField(CsvCell.Number(Math.Round(p.Lon, 6)));
            csv.WriteField(CsvCell.Number(Math.Round(p.Lat, 6)));
            csv.WriteField(CsvCell.Neutralise(c.FactionId ?? ""));
            csv.WriteField(CsvCell.Neutralise(GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime)));
            csv.WriteField(CsvCell.Neutralise(c.ValidTime.ApproxTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""));
            csv.WriteField(CsvCell.Neutralise(GeoJsonFeatureEncoder.KindName(c.Kind)));
            csv.WriteField(CsvCell.Neutralise(GeoJsonFeatureEncoder.StatusName(c.Status)));
            csv.WriteField(CsvCell.Neutralise(c.Status == ChangeStatus.Claimed ? GeoJsonFeatureEncoder.StatusName(c.ClaimOf) : ""));
            csv.WriteField(List(c.Sources.Select(s => s.SourceId)));
            csv.WriteField(List(c.Sources.Select(s => sources.GetValueOrDefault(s.SourceId)?.Publisher ?? "")));
            csv.WriteField(List(c.Sources.Select(s => s.Claimant ?? "")));
            csv.WriteField(CsvCell.Neutralise(c.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            csv.WriteField(CsvCell.Neutralise(c.RecordedBy));
            csv.WriteField(CsvCell.Neutralise(c.Retracts ?? ""));
            csv.WriteField(CsvCell.Neutralise(timeline.IsRetracted(c.Id, knownAt) ? "true" : "false"));
            csv.WriteField(CsvCell.Neutralise(c.Reviews ?? ""));
            csv.WriteField(CsvCell.Neutralise(c.Verdict?.ToString().ToLowerInvariant() ?? ""));
            csv.NextRecord();
        }
    }

    /// <summary>
    /// A list in one cell, joined with ';'. Each element is neutralised too: a spreadsheet whose list separator is ';' (many
    /// European locales) splits the cell there, and each part must then be safe on its own.
    /// </summary>
    private static string List(IEnumerable<string> values) => CsvCell.Neutralise(string.Join(';', values.Select(CsvCell.Neutralise)));
}
