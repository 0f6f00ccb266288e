using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Encoders;

/// <summary>
/// Writes NTS geometries as RFC 7946 GeoJSON geometry objects: lon/lat order, coordinates rounded to 6 decimals (about 0.1 m),
/// exterior rings counter-clockwise and holes clockwise (the right-hand rule), no <c>crs</c> member.
/// </summary>
public static class GeoJsonGeometry
{
    /// <summary>Decimal places written for coordinates.</summary>
    public const int Decimals = 6;

    /// <summary>Writes <paramref name="geometry"/> as a GeoJSON geometry object.</summary>
    public static void Write(Utf8JsonWriter w, Geometry geometry)
    {
        w.WriteStartObject();
        switch (geometry)
        {
            case Point p:
                w.WriteString("type", "Point");
                w.WritePropertyName("coordinates");
                WritePosition(w, p.X, p.Y);
                break;
            case LineString l:
                w.WriteString("type", "LineString");
                w.WritePropertyName("coordinates");
                WriteLine(w, l.CoordinateSequence, reverse: false);
                break;
            case Polygon poly:
                w.WriteString("type", "Polygon");
                w.WritePropertyName("coordinates");
                WritePolygon(w, poly);
                break;
            case MultiLineString ml:
                w.WriteString("type", "MultiLineString");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                foreach (var g in ml.Geometries) WriteLine(w, ((LineString)g).CoordinateSequence, reverse: false);
                w.WriteEndArray();
                break;
            case MultiPolygon mp:
                w.WriteString("type", "MultiPolygon");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                foreach (var g in mp.Geometries) WritePolygon(w, (Polygon)g);
                w.WriteEndArray();
                break;
            case MultiPoint mpt:
                w.WriteString("type", "MultiPoint");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                foreach (var g in mpt.Geometries) WritePosition(w, ((Point)g).X, ((Point)g).Y);
                w.WriteEndArray();
                break;
            case GeometryCollection gc:
                w.WriteString("type", "GeometryCollection");
                w.WritePropertyName("geometries");
                w.WriteStartArray();
                foreach (var g in gc.Geometries) Write(w, g);
                w.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"geometry type {geometry.GeometryType}");
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes a polygonal geometry always as a MultiPolygon and a linear one always as a MultiLineString, so that a layer has one
    /// geometry type (GeoPackage and shapefile writers, and QGIS, take a layer's type from its features).
    /// </summary>
    public static void WriteMulti(Utf8JsonWriter w, Geometry geometry)
    {
        switch (geometry)
        {
            case Polygon poly:
                w.WriteStartObject();
                w.WriteString("type", "MultiPolygon");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                WritePolygon(w, poly);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case LineString l:
                w.WriteStartObject();
                w.WriteString("type", "MultiLineString");
                w.WritePropertyName("coordinates");
                w.WriteStartArray();
                WriteLine(w, l.CoordinateSequence, reverse: false);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default:
                Write(w, geometry);
                break;
        }
    }

    /// <summary>Writes one <c>[lon, lat]</c> position rounded to <see cref="Decimals"/>.</summary>
    public static void WritePosition(Utf8JsonWriter w, double lon, double lat)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(lon, Decimals));
        w.WriteNumberValue(Math.Round(lat, Decimals));
        w.WriteEndArray();
    }

    private static void WritePolygon(Utf8JsonWriter w, Polygon poly)
    {
        w.WriteStartArray();
        var shell = poly.ExteriorRing.CoordinateSequence;
        WriteLine(w, shell, reverse: !Orientation.IsCCW(shell));
        for (var i = 0; i < poly.NumInteriorRings; i++)
        {
            var hole = poly.GetInteriorRingN(i).CoordinateSequence;
            WriteLine(w, hole, reverse: Orientation.IsCCW(hole));
        }
        w.WriteEndArray();
    }

    private static void WriteLine(Utf8JsonWriter w, CoordinateSequence seq, bool reverse)
    {
        w.WriteStartArray();
        var n = seq.Count;
        for (var k = 0; k < n; k++)
        {
            var i = reverse ? n - 1 - k : k;
            WritePosition(w, seq.GetX(i), seq.GetY(i));
        }
        w.WriteEndArray();
    }
}
