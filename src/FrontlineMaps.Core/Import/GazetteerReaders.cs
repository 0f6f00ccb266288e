using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Import;

/// <summary>Which columns (or GeoJSON properties) of a plain gazetteer hold what.</summary>
/// <param name="Name">The place name (required).</param>
/// <param name="Lon">Longitude column (CSV only; GeoJSON takes the Point geometry).</param>
/// <param name="Lat">Latitude column (CSV only).</param>
/// <param name="Id">A stable id or code, if any (else one is made from the name).</param>
/// <param name="AlternateNames">Alternate names, separated by <c>;</c>, <c>|</c> or <c>,</c> (or a JSON array), if any.</param>
/// <param name="Governorate">Governorate (admin 1), if any.</param>
public sealed record ColumnMap(string Name = "name", string Lon = "lon", string Lat = "lat", string? Id = null, string? AlternateNames = null, string? Governorate = null);

/// <summary>
/// Readers for the gazetteer formats <c>frontline import gazetteer</c> takes besides OCHA and the Wikipedia module:
/// the GeoNames dump (tab-separated, 19 columns, populated places of feature class P), plain GeoJSON points and CSV with a
/// <see cref="ColumnMap"/>. Every error names the file, the line (or feature) and the field.
/// </summary>
public static class GazetteerReaders
{
    /// <summary>The formats of <see cref="Read"/>.</summary>
    public static readonly ImmutableArray<string> Formats = ["ocha", "geonames", "wikipedia-module", "geojson", "csv"];

    /// <summary>Reads the places of a gazetteer file.</summary>
    /// <exception cref="ImportException">The file is malformed.</exception>
    public static ImmutableArray<Place> Read(string format, string path, ColumnMap? columns = null) => format switch
    {
        "ocha" => OchaCommunitiesImporter.Read(path),
        "wikipedia-module" => WikipediaMapImporter.Read(path, WikipediaMapImporter.DateFromFileName(path) ?? new DateOnly(2000, 1, 1)).Places,
        "geonames" => GeoNames(path),
        "geojson" => GeoJson(path, columns ?? new ColumnMap()),
        "csv" => Csv(path, columns ?? new ColumnMap()),
        _ => throw new ArgumentException($"unknown gazetteer format '{format}'; expected one of {string.Join(", ", Formats)}", nameof(format)),
    };

    /// <summary>A GeoNames dump (<c>SY.txt</c>, <c>cities500.txt</c>): tab-separated, 19 columns; populated places (class P) only.</summary>
    public static ImmutableArray<Place> GeoNames(string path)
    {
        var file = Path.GetFileName(path);
        var result = ImmutableArray.CreateBuilder<Place>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (raw.Length == 0 || raw[0] == '#') continue;
            var c = raw.Split('\t');
            if (c.Length < 15) throw new ImportException(file, line, null, $"expected 19 tab-separated columns (GeoNames dump), found {c.Length}");
            if (c[6] != "P") continue;
            if (!long.TryParse(c[0], CultureInfo.InvariantCulture, out var gid)) throw new ImportException(file, line, "geonameid", $"'{c[0]}' is not a number");
            var lat = Number(file, line, "latitude", c[4], -90, 90);
            var lon = Number(file, line, "longitude", c[5], -180, 180);
            if (string.IsNullOrWhiteSpace(c[1])) throw new ImportException(file, line, "name", "is empty");
            var alt = c[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Prepend(c[2]).Where(a => a.Length > 0 && a != c[1] && !a.StartsWith("http", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToImmutableArray();
            int? population = int.TryParse(c[14], CultureInfo.InvariantCulture, out var pop) && pop > 0 ? pop : null;
            var kind = c[7] is "PPLC" or "PPLA" ? PlaceKind.City : population >= 10_000 ? PlaceKind.Town : PlaceKind.Village;
            var id = $"gn-{gid}";
            if (!ids.Add(id)) throw new ImportException(file, line, "geonameid", $"duplicate id {gid}");
            result.Add(new Place(id, c[1], alt, kind, lon, lat, AdminUnits.None, population, Note: $"GeoNames {gid}"));
        }
        return result.ToImmutable();
    }

    /// <summary>A GeoJSON FeatureCollection of Point features; names and codes from properties named by <paramref name="map"/>.</summary>
    public static ImmutableArray<Place> GeoJson(string path, ColumnMap map)
    {
        var file = Path.GetFileName(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new ImportException(file, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e); }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new ImportException(file, 0, "features", "expected a GeoJSON FeatureCollection");
            var result = ImmutableArray.CreateBuilder<Place>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            long n = 0;
            foreach (var f in features.EnumerateArray())
            {
                n++;
                if (!f.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object || !g.TryGetProperty("coordinates", out var co))
                    throw new ImportException(file, n, "geometry", "a feature needs a Point geometry");
                var type = g.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == "MultiPoint" && co.GetArrayLength() == 1) co = co[0];
                else if (type != "Point") throw new ImportException(file, n, "geometry", $"expected a Point, found {type ?? "nothing"}");
                if (co.ValueKind != JsonValueKind.Array || co.GetArrayLength() < 2 || co[0].ValueKind != JsonValueKind.Number || co[1].ValueKind != JsonValueKind.Number)
                    throw new ImportException(file, n, "geometry", "coordinates must be [lon, lat]");
                var (lon, lat) = (co[0].GetDouble(), co[1].GetDouble());
                if (lon is < -180 or > 180 || lat is < -90 or > 90) throw new ImportException(file, n, "geometry", $"({lon}, {lat}) is not a lon/lat position");
                var props = f.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                string? Prop(string? name) => name is not null && props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var v)
                    ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), JsonValueKind.Array => string.Join(';', v.EnumerateArray().Select(x => x.ToString())), _ => null }
                    : null;
                var name = Prop(map.Name);
                if (string.IsNullOrWhiteSpace(name)) throw new ImportException(file, n, map.Name, "is missing or empty");
                result.Add(MakePlace(file, n, ids, "gj", Prop(map.Id), name, Prop(map.AlternateNames), Prop(map.Governorate), lon, lat, map));
            }
            return result.ToImmutable();
        }
    }

    /// <summary>A CSV file with a header row; columns named by <paramref name="map"/>.</summary>
    public static ImmutableArray<Place> Csv(string path, ColumnMap map)
    {
        var file = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new ImportException(file, 1, null, "expected a header row");
        var header = csv.HeaderRecord ?? [];
        foreach (var required in new[] { map.Name, map.Lon, map.Lat })
            if (!header.Contains(required, StringComparer.Ordinal))
                throw new ImportException(file, 1, required, $"no such column (columns: {string.Join(", ", header)}); name it with --name-field, --lon-field or --lat-field");
        foreach (var optional in new[] { map.Id, map.AlternateNames, map.Governorate })
            if (optional is not null && !header.Contains(optional, StringComparer.Ordinal))
                throw new ImportException(file, 1, optional, $"no such column (columns: {string.Join(", ", header)})");
        var result = ImmutableArray.CreateBuilder<Place>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            long line = csv.Parser.RawRow;
            string? Get(string? col) => col is null ? null : csv.GetField(col);
            var name = Get(map.Name);
            if (string.IsNullOrWhiteSpace(name)) throw new ImportException(file, line, map.Name, "is empty");
            var lon = Number(file, line, map.Lon, Get(map.Lon), -180, 180);
            var lat = Number(file, line, map.Lat, Get(map.Lat), -90, 90);
            result.Add(MakePlace(file, line, ids, "csv", Get(map.Id), name, Get(map.AlternateNames), Get(map.Governorate), lon, lat, map));
        }
        return result.ToImmutable();
    }

    private static Place MakePlace(string file, long line, HashSet<string> ids, string prefix, string? code, string name, string? alternates, string? governorate, double lon, double lat, ColumnMap map)
    {
        var baseId = $"{prefix}-" + WikipediaMapImporter.Slug(string.IsNullOrWhiteSpace(code) ? name : code);
        if (!string.IsNullOrWhiteSpace(code) && ids.Contains(baseId)) throw new ImportException(file, line, map.Id, $"duplicate id '{code}'");
        var id = baseId;
        for (var k = 2; !ids.Add(id); k++) id = $"{baseId}-{k}";
        var alt = (alternates ?? "").Split([';', '|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a != name).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return new Place(id, name.Trim(), alt, PlaceKind.Village, lon, lat, new AdminUnits(string.IsNullOrWhiteSpace(governorate) ? null : governorate.Trim(), null, null, null));
    }

    private static double Number(string file, long line, string field, string? text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) throw new ImportException(file, line, field, $"'{text}' is not a number");
        if (v < min || v > max) throw new ImportException(file, line, field, $"{v} is outside [{min}, {max}]");
        return v;
    }
}
