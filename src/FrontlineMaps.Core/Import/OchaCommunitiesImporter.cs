using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Import;

/// <summary>
/// Reads the UN OCHA common operational dataset of Syrian communities (<c>ocha-syria-communities-2015.geojson</c>: a
/// FeatureCollection of one-position MultiPoint or Point features) into places.
/// </summary>
/// <remarks>
/// Per feature: <c>NAME_EN</c> is the name; <c>NAM_EN_REF</c> (when it differs) and <c>NAME_ARA</c> are alternate names;
/// <c>ADMIN1_EN</c>, <c>ADMIN2_EN</c>, <c>ADMIN3_EN</c> are governorate, district and subdistrict; <c>PCODE</c> (<c>C1234</c>)
/// is the P-code and gives the id <c>ocha-c1234</c>; <c>LONGITUDE</c>/<c>LATITUDE</c> are the location and must agree with
/// the geometry. <c>CAPIT_LVL</c> marks administrative centres: 0 (national) and 1 (governorate) give
/// <see cref="PlaceKind.City"/>, 2 (district) and 3 (subdistrict) <see cref="PlaceKind.Town"/>; every other community is a
/// <see cref="PlaceKind.Village"/>. The admin codes must nest (<c>ADMIN3_COD</c> starts with <c>ADMIN2_COD</c>, which starts
/// with <c>ADMIN1_COD</c>). Unknown properties, duplicate P-codes and any malformed value are errors.
/// </remarks>
public static partial class OchaCommunitiesImporter
{
    /// <summary>The id prefix of imported places.</summary>
    public const string IdPrefix = "ocha-";

    private static readonly System.Collections.Frozen.FrozenSet<string> Known = System.Collections.Frozen.FrozenSet.ToFrozenSet(
    [
        "NAME_EN", "NAM_EN_REF", "NAME_ARA", "PCODE", "ADMIN3_COD", "ADMIN3_EN", "ADMIN3_ARA", "ADMIN2_COD", "ADMIN2_EN",
        "ADMIN2_ARA", "ADMIN1_COD", "ADMIN1_EN", "ADMIN1_ARA", "LATITUDE", "LONGITUDE", "CAPIT_LVL",
    ], StringComparer.Ordinal);

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the GeoJSON file.</param>
    /// <returns>The places, in file order.</returns>
    /// <exception cref="ImportException">The file is malformed; the message names the feature (1-based) and the field.</exception>
    public static ImmutableArray<Place> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads GeoJSON from a stream.</summary>
    /// <param name="stream">The GeoJSON text (UTF-8).</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <returns>The places, in file order.</returns>
    /// <exception cref="ImportException">The input is malformed; the message names the feature (1-based) and the field.</exception>
    public static ImmutableArray<Place> Read(Stream stream, string fileName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ImportException(fileName, (e.LineNumber ?? 0) + 1, null, "invalid JSON: " + e.Message, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
                throw new ImportException(fileName, 0, "type", "the file is not a GeoJSON FeatureCollection");
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new ImportException(fileName, 0, "features", "must be an array");

            var places = ImmutableArray.CreateBuilder<Place>(features.GetArrayLength());
            var pcodes = new HashSet<string>(StringComparer.Ordinal);
            long record = 0;
            foreach (var feature in features.EnumerateArray())
            {
                record++;
                places.Add(ReadFeature(fileName, record, feature, pcodes));
            }
            return places.MoveToImmutable();
        }
    }

    private static Place ReadFeature(string file, long record, JsonElement feature, HashSet<string> pcodes)
    {
        if (feature.ValueKind != JsonValueKind.Object) throw new ImportException(file, record, null, "a feature must be an object");
        var f = new JsonFields(file, record, feature);
        if (f.OptionalString("type") != "Feature") throw f.Error("type", "must be \"Feature\"");
        if (!feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object) throw f.Error("properties", "must be an object");

        var p = new JsonFields(file, record, props);
        p.OnlyKnown(Known);
        string name = p.RequiredString("NAME_EN");
        string? reference = p.OptionalString("NAM_EN_REF");
        string? arabic = p.OptionalString("NAME_ARA");
        string pcode = p.RequiredString("PCODE");
        if (!PCodePattern().IsMatch(pcode)) throw p.Error("PCODE", $"'{pcode}' is not a community P-code (C followed by digits)");
        if (!pcodes.Add(pcode)) throw p.Error("PCODE", $"duplicate P-code '{pcode}'");
        string admin1 = p.RequiredString("ADMIN1_EN"), admin2 = p.RequiredString("ADMIN2_EN"), admin3 = p.RequiredString("ADMIN3_EN");
        string code1 = p.RequiredString("ADMIN1_COD"), code2 = p.RequiredString("ADMIN2_COD"), code3 = p.RequiredString("ADMIN3_COD");
        if (!code2.StartsWith(code1, StringComparison.Ordinal)) throw p.Error("ADMIN2_COD", $"'{code2}' is not inside admin 1 '{code1}'");
        if (!code3.StartsWith(code2, StringComparison.Ordinal)) throw p.Error("ADMIN3_COD", $"'{code3}' is not inside admin 2 '{code2}'");
        double lat = p.RequiredNumber("LATITUDE", -90, 90), lon = p.RequiredNumber("LONGITUDE", -180, 180);
        var kind = p.OptionalInt("CAPIT_LVL", 0) switch
        {
            null => PlaceKind.Village,
            0 or 1 => PlaceKind.City,
            2 or 3 => PlaceKind.Town,
            var other => throw p.Error("CAPIT_LVL", $"unknown capital level {other}"),
        };
        CheckGeometry(f, feature, lon, lat);

        var alternates = ImmutableArray.CreateBuilder<string>(2);
        if (!string.IsNullOrEmpty(reference) && reference != name) alternates.Add(reference);
        if (!string.IsNullOrEmpty(arabic)) alternates.Add(arabic);
        return new Place(IdPrefix + pcode.ToLowerInvariant(), name, alternates.ToImmutable(), kind, lon, lat,
            new AdminUnits(admin1, admin2, admin3, pcode));
    }

    private static void CheckGeometry(JsonFields f, JsonElement feature, double lon, double lat)
    {
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object) throw f.Error("geometry", "must be an object");
        if (!g.TryGetProperty("type", out var t) || !g.TryGetProperty("coordinates", out var c)) throw f.Error("geometry", "needs type and coordinates");
        JsonElement position;
        switch (t.ValueKind == JsonValueKind.String ? t.GetString() : null)
        {
            case "Point":
                position = c;
                break;
            case "MultiPoint" when c.ValueKind == JsonValueKind.Array && c.GetArrayLength() == 1:
                position = c[0];
                break;
            default:
                throw f.Error("geometry", "must be a Point or a MultiPoint of one position");
        }
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
            throw f.Error("geometry", "a position must be [lon, lat]");
        // The properties carry the same location rounded to 7 decimals.
        if (Math.Abs(position[0].GetDouble() - lon) > 1e-5 || Math.Abs(position[1].GetDouble() - lat) > 1e-5)
            throw f.Error("geometry", "does not match LONGITUDE/LATITUDE");
    }

    [GeneratedRegex("^C[0-9]+$")]
    private static partial Regex PCodePattern();
}
