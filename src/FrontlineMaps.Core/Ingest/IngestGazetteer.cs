using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Import;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// The gazetteer an ingester resolves names in: a dataset's places first (their ids are the ones changes can cite), then
/// further gazetteer files merged in with <see cref="GazetteerMerger"/> (OCHA communities GeoJSON, the Wikipedia map
/// extract), with governorates inferred for places that have none.
/// </summary>
public static class IngestGazetteer
{
    /// <summary>Builds the gazetteer from <paramref name="basePlaces"/> and the files at <paramref name="files"/>.</summary>
    /// <exception cref="ImportException">A file is malformed.</exception>
    public static ImmutableArray<Place> Build(IReadOnlyList<Place> basePlaces, IEnumerable<string> files)
    {
        IReadOnlyList<Place> places = basePlaces;
        foreach (var file in files)
            places = GazetteerMerger.Merge(places, ReadPlaces(file)).Places;
        return GazetteerMerger.InferGovernorates(places);
    }

    /// <summary>The places of a gazetteer file: OCHA communities GeoJSON (<c>.geojson</c>) or a Wikipedia map extract (<c>.json</c> array).</summary>
    public static ImmutableArray<Place> ReadPlaces(string file) =>
        GazetteerReaders.Read(file.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) ? "ocha" : "wikipedia-module", file);

    /// <summary>Governorate aliases from an admin file shaped like ../shared/data/admin/governorates.json (name.en, name.ar, aliases[].value).</summary>
    public static List<(string Governorate, string Alias)> ReadGovernorateAliases(string file)
    {
        var result = new List<(string, string)>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(file)); }
        catch (JsonException e) { throw new ImportException(Path.GetFileName(file), (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new ImportException(Path.GetFileName(file), 0, null, "expected a JSON array of governorates");
        var n = 0;
        foreach (var g in doc.RootElement.EnumerateArray())
        {
            n++;
            if (!g.TryGetProperty("name", out var name) || !name.TryGetProperty("en", out var en) || en.GetString() is not { } gov)
                throw new ImportException(Path.GetFileName(file), n, "name.en", "a governorate needs an English name");
            result.Add((gov, gov));
            if (name.TryGetProperty("ar", out var ar) && ar.GetString() is { } a) result.Add((gov, a));
            if (g.TryGetProperty("aliases", out var aliases))
                foreach (var al in aliases.EnumerateArray())
                    if (al.TryGetProperty("value", out var v) && v.GetString() is { } s) result.Add((gov, s.Replace(" Governorate", "").Replace("محافظة ", "")));
        }
        return result;
    }
}
