using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using NetTopologySuite.Geometries;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary>The static map's drawing: patterns, places and their labels, paths and the SVG primitives (see <see cref="SnapshotSvg"/>).</summary>
internal static partial class SnapshotSvg
{
    private static void WriteDefs(XmlWriter x, ControlTimeline timeline, DerivedCache.Derived derived, Frame frame, double scale)
    {
        x.WriteStartElement("defs", SvgNs);
        x.WriteStartElement("clipPath", SvgNs);
        x.WriteAttributeString("id", "map-clip");
        Rect(x, frame.Left, frame.Top, frame.Width, frame.Height, "#000", null);
        x.WriteEndElement();
        Hatch(x, "contested", "#dddddd", "#8b1a1a", 6 * scale, 45);
        var claimed = derived.Territories.Where(t => t.Status == "claimed").Select(t => timeline.FactionIndex(t.Faction)).Where(i => i >= 0).Distinct();
        foreach (var f in claimed) Hatch(x, $"claimed-{f}", "#ffffff", timeline.Factions[f].Color, 5 * scale, -45);
        var inferred = derived.Territories.Where(t => t.Status == ControlMap.InferredStatus).Select(t => timeline.FactionIndex(t.Faction)).Where(i => i >= 0).Distinct().ToList();
        foreach (var f in inferred) Dots(x, $"inferred-{f}", timeline.Factions[f].Color, 4 * scale);
        if (inferred.Count > 0) Dots(x, "inferred-legend", "#555555", 4 * scale);
        x.WriteEndElement();
    }

    /// <summary>A pattern of dots in <paramref name="color"/> over a faint wash of it: inferred ground, paler than held ground.</summary>
    private static void Dots(XmlWriter x, string id, string color, double size)
    {
        x.WriteStartElement("pattern", SvgNs);
        x.WriteAttributeString("id", id);
        x.WriteAttributeString("patternUnits", "userSpaceOnUse");
        x.WriteAttributeString("width", N(size));
        x.WriteAttributeString("height", N(size));
        x.WriteStartElement("rect", SvgNs);
        x.WriteAttributeString("width", N(size));
        x.WriteAttributeString("height", N(size));
        x.WriteAttributeString("fill", color);
        x.WriteAttributeString("fill-opacity", "0.15");
        x.WriteEndElement();
        x.WriteStartElement("circle", SvgNs);
        x.WriteAttributeString("cx", N(size / 2));
        x.WriteAttributeString("cy", N(size / 2));
        x.WriteAttributeString("r", N(size * 0.2));
        x.WriteAttributeString("fill", color);
        x.WriteAttributeString("fill-opacity", "0.8");
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Hatch(XmlWriter x, string id, string background, string stroke, double size, int angle)
    {
        x.WriteStartElement("pattern", SvgNs);
        x.WriteAttributeString("id", id);
        x.WriteAttributeString("patternUnits", "userSpaceOnUse");
        x.WriteAttributeString("width", N(size));
        x.WriteAttributeString("height", N(size));
        x.WriteAttributeString("patternTransform", $"rotate({angle})");
        Rect(x, 0, 0, size, size, background, null);
        Line(x, 0, 0, 0, size, stroke, size * 0.45);
        x.WriteEndElement();
    }

    private static void WritePlaces(XmlWriter x, ControlTimeline timeline, Snapshot snapshot, Frame frame, double scale)
    {
        // Unknown places first (underneath), then places with records, then their labels on top.
        var labelled = new List<(double X, double Y, string Name)>();
        for (var pass = 0; pass < 2; pass++)
            for (var i = 0; i < snapshot.Count; i++)
            {
                var p = timeline.Places[i];
                var (px, py) = frame.Map(p.Lon, p.Lat);
                if (!frame.Contains(px, py)) continue;
                var s = snapshot[i];
                if ((s.Status == PlaceStatus.Unknown) != (pass == 0)) continue;
                var color = s.Controller >= 0 ? timeline.Factions[s.Controller].Color : "#555555";
                switch (s.Status)
                {
                    case PlaceStatus.Unknown:
                        Circle(x, px, py, 1.6 * scale, "#9a9a9a", null, 0);
                        continue;
                    case PlaceStatus.Held:
                        Circle(x, px, py, 4.5 * scale, color, "#ffffff", 1.0 * scale);
                        break;
                    case PlaceStatus.Claimed:
                        Circle(x, px, py, 4.5 * scale, "#ffffff", color, 2.0 * scale);
                        break;
                    default:
                        // As the viewer draws it: the last holder's dot ringed in black.
                        Circle(x, px, py, 4.5 * scale, color, "#111111", 2.2 * scale);
                        break;
                }
                labelled.Add((px, py, p.Name));
            }
        // Labels: right of the dot, else left of it, else left out where they would overlap a label already placed.
        var font = 11 * scale;
        var placed = new List<(double X0, double Y0, double X1, double Y1)>();
        foreach (var (px, py, name) in labelled)
        {
            var w = name.Length * font * 0.6;
            (double X, double Y)? at = null;
            foreach (var (cx, cy) in new[] { (px + 6 * scale, py), (px - 6 * scale - w, py), (px + 4 * scale, py - font), (px + 4 * scale, py + font) })
                if (!placed.Any(r => cx < r.X1 && cx + w > r.X0 && cy - font * 0.6 < r.Y1 && cy + font * 0.6 > r.Y0)) { at = (cx, cy); break; }
            if (at is not { } pos) continue;
            var (lx, ly) = pos;
            placed.Add((lx, ly - font * 0.6, lx + w, ly + font * 0.6));
            x.WriteStartElement("text", SvgNs);
            x.WriteAttributeString("x", N(lx));
            x.WriteAttributeString("y", N(ly + font * 0.35));
            x.WriteAttributeString("font-size", N(font));
            x.WriteAttributeString("fill", "#111");
            x.WriteAttributeString("stroke", "#ffffff");
            x.WriteAttributeString("stroke-width", N(2.5 * scale));
            x.WriteAttributeString("stroke-opacity", "0.85");
            x.WriteAttributeString("paint-order", "stroke");
            x.WriteString(name);
            x.WriteEndElement();
        }
    }

    /// <summary>SVG path data of a polygonal or linear geometry (any nesting), each ring closed.</summary>
    private static string PathOf(Geometry g, Frame frame)
    {
        var sb = new StringBuilder();
        Append(g);
        return sb.Length == 0 ? "M0 0" : sb.ToString();

        void Append(Geometry geometry)
        {
            switch (geometry)
            {
                case Polygon p:
                    Ring(p.ExteriorRing.Coordinates, true);
                    foreach (var hole in p.InteriorRings) Ring(hole.Coordinates, true);
                    break;
                case LineString l:
                    Ring(l.Coordinates, false);
                    break;
                case GeometryCollection c:
                    for (var i = 0; i < c.NumGeometries; i++) Append(c.GetGeometryN(i));
                    break;
            }
        }

        void Ring(Coordinate[] coordinates, bool close)
        {
            if (coordinates.Length < 2) return;
            for (var i = 0; i < coordinates.Length; i++)
            {
                var (px, py) = frame.Map(coordinates[i].X, coordinates[i].Y);
                sb.Append(i == 0 ? 'M' : 'L').Append(N(px)).Append(' ').Append(N(py));
            }
            if (close) sb.Append('Z');
        }
    }

    private static IEnumerable<string> Wrap(string text, int maxChars)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
            {
                yield return line.ToString();
                line.Clear().Append("    ");
            }
            if (line.Length > 0 && line.ToString().Trim().Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    private static void Rect(XmlWriter x, double left, double top, double w, double h, string fill, string? stroke)
    {
        x.WriteStartElement("rect", SvgNs);
        x.WriteAttributeString("x", N(left));
        x.WriteAttributeString("y", N(top));
        x.WriteAttributeString("width", N(w));
        x.WriteAttributeString("height", N(h));
        x.WriteAttributeString("fill", fill);
        if (stroke is not null) x.WriteAttributeString("stroke", stroke);
        x.WriteEndElement();
    }

    private static void Circle(XmlWriter x, double cx, double cy, double r, string fill, string? stroke, double strokeWidth)
    {
        x.WriteStartElement("circle", SvgNs);
        x.WriteAttributeString("cx", N(cx));
        x.WriteAttributeString("cy", N(cy));
        x.WriteAttributeString("r", N(r));
        x.WriteAttributeString("fill", fill);
        if (stroke is not null)
        {
            x.WriteAttributeString("stroke", stroke);
            x.WriteAttributeString("stroke-width", N(strokeWidth));
        }
        x.WriteEndElement();
    }

    private static void Line(XmlWriter x, double x1, double y1, double x2, double y2, string stroke, double strokeWidth)
    {
        x.WriteStartElement("line", SvgNs);
        x.WriteAttributeString("x1", N(x1));
        x.WriteAttributeString("y1", N(y1));
        x.WriteAttributeString("x2", N(x2));
        x.WriteAttributeString("y2", N(y2));
        x.WriteAttributeString("stroke", stroke);
        x.WriteAttributeString("stroke-width", N(strokeWidth));
        x.WriteEndElement();
    }

    private static void Text(XmlWriter x, double left, double baseline, double size, string? weight, string fill, string text)
    {
        x.WriteStartElement("text", SvgNs);
        x.WriteAttributeString("x", N(left));
        x.WriteAttributeString("y", N(baseline));
        x.WriteAttributeString("font-size", N(size));
        if (weight is not null) x.WriteAttributeString("font-weight", weight);
        x.WriteAttributeString("fill", fill);
        x.WriteString(text);
        x.WriteEndElement();
    }

    private static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
