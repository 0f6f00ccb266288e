using System.Text.Json;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Spatial;

/// <summary>
/// A minimal GeoJSON (RFC 7946) reader for area geometries such as a dataset boundary: it reads a Polygon, a MultiPolygon,
/// a GeometryCollection of them, a Feature with such a geometry, or a FeatureCollection of such Features, into one NTS
/// <see cref="Polygon"/> or <see cref="MultiPolygon"/> in lon/lat. Members other than <c>type</c>, <c>coordinates</c>,
/// <c>geometry</c>, <c>geometries</c> and <c>features</c> (such as <c>properties</c> or a legacy <c>crs</c>) are ignored.
/// </summary>
public static class GeoJsonGeometryReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Reads GeoJSON text into a Polygon (when it holds one polygon) or a MultiPolygon.</summary>
    /// <param name="json">GeoJSON text.</param>
    /// <returns>The area geometry in lon/lat (SRID 4326). Several polygons are returned as they are, not unioned.</returns>
    /// <exception cref="FormatException">The text is not JSON, or not one of the supported GeoJSON objects.</exception>
    public static Geometry Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var polygons = new List<Polygon>();
            Collect(doc.RootElement, polygons);
            if (polygons.Count == 0) throw new FormatException("The GeoJSON holds no polygon.");
            return polygons.Count == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons.ToArray());
        }
    }

    private static void Collect(JsonElement e, List<Polygon> into)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new FormatException("A GeoJSON object needs a string member 'type'.");
        string type = typeElement.GetString()!;
        switch (type)
        {
            case "Polygon":
                into.Add(ReadPolygon(Member(e, "coordinates")));
                break;
            case "MultiPolygon":
                foreach (var polygon in Array(Member(e, "coordinates"), "coordinates")) into.Add(ReadPolygon(polygon));
                break;
            case "GeometryCollection":
                foreach (var g in Array(Member(e, "geometries"), "geometries")) Collect(g, into);
                break;
            case "Feature":
                var geometry = Member(e, "geometry");
                if (geometry.ValueKind != JsonValueKind.Null) Collect(geometry, into);
                break;
            case "FeatureCollection":
                foreach (var f in Array(Member(e, "features"), "features")) Collect(f, into);
                break;
            default:
                throw new FormatException($"GeoJSON type '{type}' is not an area geometry.");
        }
    }

    private static JsonElement Member(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value : throw new FormatException($"Missing member '{name}'.");

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new FormatException($"Member '{name}' must be an array.");

    private static Polygon ReadPolygon(JsonElement rings)
    {
        var list = new List<LinearRing>();
        foreach (var ring in Array(rings, "coordinates")) list.Add(ReadRing(ring));
        if (list.Count == 0) return Factory.CreatePolygon();
        return Factory.CreatePolygon(list[0], list.Skip(1).ToArray());
    }

    private static LinearRing ReadRing(JsonElement ring)
    {
        var coords = new List<Coordinate>();
        foreach (var position in Array(ring, "coordinates"))
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
                throw new FormatException("A position must be an array of at least two numbers.");
            if (position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
                throw new FormatException("A position must hold numbers.");
            double lon = position[0].GetDouble(), lat = position[1].GetDouble();
            coords.Add(new Coordinate(lon, lat));
        }
        if (coords.Count > 0 && !coords[0].Equals2D(coords[^1])) coords.Add(coords[0].Copy());
        if (coords.Count < 4) throw new FormatException("A linear ring needs at least four positions.");
        return Factory.CreateLinearRing(coords.ToArray());
    }
}
