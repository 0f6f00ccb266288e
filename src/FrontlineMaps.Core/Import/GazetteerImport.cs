using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Import;

/// <summary>
/// Turns a public gazetteer or control history into a complete, valid <see cref="Dataset"/> that a store can import:
/// <c>ocha</c> (OCHA Syria communities GeoJSON), <c>wikipedia</c> (the Wikipedia detailed-map extract, with its controllers)
/// <c>ukraine</c> (a directory with places.csv and changes.csv) and <c>postgis-bench</c> (the PostGIS benchmark set exported by
/// <c>bench/postgis-setup.sh</c>: a directory with villages.csv and events.csv).
/// </summary>
public static class GazetteerImport
{
    /// <summary>The formats <see cref="Import"/> accepts.</summary>
    public static readonly ImmutableArray<string> Formats = ["ocha", "wikipedia", "ukraine", "postgis-bench"];

    /// <summary>Imports <paramref name="path"/> in <paramref name="format"/>; the result passes <see cref="DatasetValidator"/>.</summary>
    /// <exception cref="ImportException">The input is malformed (file, line and field are named).</exception>
    public static Dataset Import(string format, string path)
    {
        var dataset = format switch
        {
            "ocha" => new Dataset(new DatasetInfo($"OCHA Syria communities ({Path.GetFileName(path)})",
                ["UN OCHA Syria common operational dataset, communities (CC BY 3.0 IGO)"]), [], OchaCommunitiesImporter.Read(path), [], []),
            "wikipedia" => Wikipedia(path),
            "ukraine" => UkraineHistoryImporter.Read(path),
            "postgis-bench" => PostgisBenchImporter.Read(path),
            _ => throw new ArgumentException($"unknown import format '{format}'; expected one of {string.Join(", ", Formats)}", nameof(format)),
        };
        DatasetValidator.Validate(dataset);
        return dataset;
    }

    private static Dataset Wikipedia(string path)
    {
        var import = WikipediaMapImporter.Read(path);
        // Reuse the embedded dataset's factions (same ids, colours and aliases) and add the ones the map names beyond them.
        var known = EmbeddedDataset.IsAvailable ? EmbeddedDataset.Load().Factions.ToDictionary(f => f.Id) : [];
        var extra = new Dictionary<string, Faction>
        {
            [WikipediaMapImporter.DefaultGovernmentFactionId] = new(WikipediaMapImporter.DefaultGovernmentFactionId,
                "Syrian transitional government (from December 2024)", "Government (2025)", "#4a8f3c", ["Syrian Government (HTS)", "Syria"]),
            ["Druze"] = new("Druze", "Druze local forces (Suwayda)", "Druze", "#8c6bb1", ["Suwayda factions"]),
            ["Israel"] = new("Israel", "Israel Defense Forces", "Israel", "#2b83ba", ["IDF"]),
        };
        var used = import.Changes.Select(c => c.FactionId!).Distinct().Order(StringComparer.Ordinal);
        var factions = used.Select(id => known.TryGetValue(id, out var f) ? f with { Allies = [], Parent = null, SucceededBy = null }
            : extra.TryGetValue(id, out var e) ? e : new Faction(id, id, id, "#999999", [])).ToImmutableArray();
        return new Dataset(new DatasetInfo($"Wikipedia Syrian Civil War detailed map ({Path.GetFileName(path)})",
                ["Wikipedia, Syrian Civil War detailed map module (CC BY-SA 4.0)"]),
            factions, import.Places, [import.Source], import.Changes);
    }
}
