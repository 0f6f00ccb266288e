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

/// <summary>
/// <c>GET /snapshots/{date}.svg</c>: a static map for articles and print. Territory filled with faction colours (claimed ground
/// striped in the faction's colour, contested ground hatched), front lines, places (held: filled dots; claimed: hollow; contested:
/// ringed in black, as in the viewer; no report: small grey dots), a legend of the factions present, the date and the attribution. Projection:
/// equirectangular with longitudes scaled by the cosine of the mid-latitude, over the data's extent or <c>bbox</c>.
/// A strong ETag per (data version, knowledge, map state, parameters) and 304; immutable caching only with <c>?v=</c> naming the
/// current data version, else a minute (see <see cref="DatedCaching"/>).
/// </summary>
internal static class SnapshotSvg
{
    private const string SvgNs = "http://www.w3.org/2000/svg";
    private const int DefaultWidth = 1200;
    private const int MinWidth = 200;
    private const int MaxWidth = 4000;
    private const string Font = "DejaVu Sans, Arial, Helvetica, sans-serif";
    private static readonly ConditionalWeakTable<MapState, Geometry> Regions = new();

    /// <summary>Handles the request.</summary>
    public static IResult Handle(string date, HttpRequest request, HttpResponse response, MapState source, DerivedCache cache)
    {
        QueryParsing.RejectUnknown(request.Query, "known_at", "bbox", "width", DatedCaching.Parameter);
        if (DatedCaching.RedirectIfStale(request.HttpContext, source) is { } redirect) return redirect;
        var width = ParseWidth(QueryParsing.Single(request.Query, "width"));
        var view = Prepare(date, request, response, source, cache, $"svg|{width}");
        if (view is null) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(Render(source, view.Snapshot, cache.For(view.Snapshot), view.Region, view.Bbox, width), "image/svg+xml; charset=utf-8");
    }

    /// <summary>A static map's request, read and checked: the snapshot and the box to draw.</summary>
    internal sealed record View(Snapshot Snapshot, Geometry Region, (double MinLon, double MinLat, double MaxLon, double MaxLat) Bbox);

    /// <summary>
    /// Reads the date, <c>known_at</c> and <c>bbox</c> shared by the static maps, sets their caching headers (the ETag covers
    /// the data, the knowledge, the map state and <paramref name="variant"/>: format and size) and returns null when the
    /// client's copy is current (answer 304).
    /// </summary>
    internal static View? Prepare(string date, HttpRequest request, HttpResponse response, MapState source, DerivedCache cache, string variant)
    {
        var day = CheckedDay("date", date, source);
        var knownAt = KnownAt(request.Query);
        var bboxText = QueryParsing.Single(request.Query, "bbox");
        var region = Regions.GetValue(source, s => s.Map.Cells.Projection.Unproject(s.Map.Cells.Region));
        var bbox = bboxText is null ? DefaultBbox(source, region) : ParseBox(bboxText);

        var snapshot = source.Timeline.Snapshot(day, knownAt);
        var (version, knowledge, stateKey) = cache.KeyOf(snapshot);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"{Day(day)}|{variant}|{bbox.MinLon:R},{bbox.MinLat:R},{bbox.MaxLon:R},{bbox.MaxLat:R}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parameters)))[..12];
        var etag = $"\"{version}-{knowledge}-{stateKey}-{hash}\"";
        response.Headers.CacheControl = DatedCaching.CacheControl(request, source);
        response.Headers.ETag = etag;
        return Conditional.IfNoneMatch(request, etag) ? null : new View(snapshot, region, bbox);
    }

    private static int ParseWidth(string? value)
    {
        if (value is null) return DefaultWidth;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var w) || w < MinWidth || w > MaxWidth)
            throw ProblemException.BadRequest("width", $"'{value}' is not a whole number of pixels from {MinWidth} to {MaxWidth}");
        return w;
    }

    private static (double MinLon, double MinLat, double MaxLon, double MaxLat) ParseBox(string value)
    {
        var b = QueryParsing.ParseBbox("bbox", value);
        if (b.MaxLon - b.MinLon < 1e-4 || b.MaxLat - b.MinLat < 1e-4)
            throw ProblemException.BadRequest("bbox", "the box must have a positive width and height");
        if (Math.Max(Math.Abs(b.MinLat), Math.Abs(b.MaxLat)) > 85)
            throw ProblemException.BadRequest("bbox", "latitudes beyond ±85° cannot be drawn in this projection");
        return b;
    }

    /// <summary>The extent of the places and of the region their cells cover (the boundary), with a small margin.</summary>
    private static (double MinLon, double MinLat, double MaxLon, double MaxLat) DefaultBbox(MapState s, Geometry region)
    {
        double minLon = s.MinLon, minLat = s.MinLat, maxLon = s.MaxLon, maxLat = s.MaxLat;
        if (!region.IsEmpty)
        {
            var e = region.EnvelopeInternal;
            minLon = Math.Min(minLon, e.MinX); minLat = Math.Min(minLat, e.MinY);
            maxLon = Math.Max(maxLon, e.MaxX); maxLat = Math.Max(maxLat, e.MaxY);
        }
        var padLon = Math.Max(0.05, (maxLon - minLon) * 0.02);
        var padLat = Math.Max(0.05, (maxLat - minLat) * 0.02);
        return (Math.Max(-180, minLon - padLon), Math.Max(-85, minLat - padLat), Math.Min(180, maxLon + padLon), Math.Min(85, maxLat + padLat));
    }

    /// <summary>Places the lon/lat box in the map frame.</summary>
    private sealed class Frame
    {
        private readonly double _minLon, _maxLat, _k, _scale;

        public Frame((double MinLon, double MinLat, double MaxLon, double MaxLat) bbox, double left, double top, double maxWidth, double maxHeight)
        {
            _minLon = bbox.MinLon;
            _maxLat = bbox.MaxLat;
            _k = Math.Cos((bbox.MinLat + bbox.MaxLat) / 2 * Math.PI / 180);
            var spanX = (bbox.MaxLon - bbox.MinLon) * _k;
            var spanY = bbox.MaxLat - bbox.MinLat;
            _scale = Math.Min(maxWidth / spanX, maxHeight / spanY);
            Width = spanX * _scale;
            Height = spanY * _scale;
            Left = left + (maxWidth - Width) / 2;
            Top = top;
        }

        public double Left { get; }
        public double Top { get; }
        public double Width { get; }
        public double Height { get; }

        public (double X, double Y) Map(double lon, double lat) => (Left + (lon - _minLon) * _k * _scale, Top + (_maxLat - lat) * _scale);

        public bool Contains(double x, double y) => x >= Left && x <= Left + Width && y >= Top && y <= Top + Height;
    }

    /// <summary>
    /// Draws the static map. Without <paramref name="fixedHeight"/> the legend and attribution run below the map and the height
    /// follows the map's shape; with it (a landscape link preview) they stand in a column to the right of the map and the image is
    /// exactly that tall.
    /// </summary>
    internal static byte[] Render(MapState source, Snapshot snapshot, DerivedCache.Derived derived, Geometry region,
        (double MinLon, double MinLat, double MaxLon, double MaxLat) bbox, int width, int? fixedHeight = null)
    {
        var timeline = source.Timeline;
        var side = fixedHeight is { } fh && fh < width;
        var scale = side ? Math.Max(0.8, Math.Min(width / 1200.0, fixedHeight!.Value / 630.0) * 1.5) : Math.Max(0.8, width / 1200.0);
        var margin = 20 * scale;
        var titleHeight = 46 * scale;
        var sidebar = side ? Math.Min(width * 0.38, 420 * scale) : 0;
        var frame = side
            ? new Frame(bbox, margin, margin + titleHeight, width - 3 * margin - sidebar, fixedHeight!.Value - 2 * margin - titleHeight)
            : new Frame(bbox, margin, margin + titleHeight, width - 2 * margin, 3.0 * width);

        // Factions present: every faction a visible place is held or claimed by or contested between.
        var present = new SortedSet<int>();
        var anyClaimed = false;
        var anyContested = false;
        var anyUnknown = false;
        var anyHeld = false;
        for (var i = 0; i < snapshot.Count; i++)
        {
            var p = timeline.Places[i];
            var (x, y) = frame.Map(p.Lon, p.Lat);
            if (!frame.Contains(x, y)) continue;
            var s = snapshot[i];
            switch (s.Status)
            {
                case PlaceStatus.Unknown: anyUnknown = true; continue;
                case PlaceStatus.Claimed: anyClaimed = true; break;
                case PlaceStatus.Contested: anyContested = true; break;
                default: anyHeld = true; break;
            }
            if (s.Controller >= 0) present.Add(s.Controller);
            foreach (var f in s.Parties) present.Add(f);
        }

        anyContested |= derived.Territories.Any(t => t.Status == "contested");

        // Legend and footer layout (text widths estimated: about 0.6 em a character).
        var font = 13 * scale;
        var small = 11 * scale;
        var legendItems = new List<(string Kind, int Faction, string Label)>();
        foreach (var f in present) legendItems.Add(("faction", f, side ? timeline.Factions[f].ShortName : $"{timeline.Factions[f].ShortName} \u2014 {timeline.Factions[f].Name}"));
        if (anyHeld) legendItems.Add(("held", -1, "held (dot: place)"));
        if (anyClaimed) legendItems.Add(("claimed", -1, "claimed, unconfirmed (hollow, striped)"));
        if (anyContested) legendItems.Add(("contested", -1, "contested (hatched; place ringed in black)"));
        if (derived.FrontLines.Count > 0) legendItems.Add(("front", -1, "front line"));
        if (anyUnknown) legendItems.Add(("unknown", -1, "no report"));
        var rowHeight = 20 * scale;
        var positions = new List<(double X, double Y)>();
        var attribution = new List<string>();
        var lines = timeline.Dataset.Info.Attribution.IsDefault ? [] : timeline.Dataset.Info.Attribution.ToList();
        var lineHeight = 15 * scale;
        double footerTop, height, footerLeft;
        if (side)
        {
            // A column right of the map: one legend item a row, then the attribution wrapped to the column.
            footerLeft = width - margin - sidebar;
            var y = frame.Top;
            foreach (var _ in legendItems) { positions.Add((footerLeft, y)); y += rowHeight; }
            var maxChars = Math.Max(16, (int)(sidebar / (small * 0.58)));
            foreach (var line in lines) attribution.AddRange(Wrap(line, maxChars));
            height = fixedHeight!.Value;
            var room = (int)Math.Max(0, (height - margin - (y + 8 * scale)) / lineHeight) - 1;
            if (attribution.Count > room) attribution = [.. attribution.Take(Math.Max(0, room - 1)), "(attribution continues: see the dataset's licence notice)"];
            footerTop = height - margin - (attribution.Count + 1) * lineHeight;
        }
        else
        {
            footerLeft = margin;
            var legendTop = frame.Top + frame.Height + 14 * scale;
            double cx = margin, cy = legendTop;
            foreach (var item in legendItems)
            {
                var itemWidth = 22 * scale + item.Label.Length * font * 0.6 + 18 * scale;
                if (cx > margin && cx + itemWidth > width - margin) { cx = margin; cy += rowHeight; }
                positions.Add((cx, cy));
                cx += itemWidth;
            }
            var maxChars = Math.Max(20, (int)((width - 2 * margin) / (small * 0.58)));
            foreach (var line in lines) attribution.AddRange(Wrap(line, maxChars));
            footerTop = cy + rowHeight + 8 * scale;
            height = footerTop + (attribution.Count + 1) * lineHeight + margin;
        }

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, OmitXmlDeclaration = false };
        using var stream = new MemoryStream();
        using (var x = SafeXmlWriter.Over(stream, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("svg", SvgNs);
            x.WriteAttributeString("version", "1.1");
            x.WriteAttributeString("width", N(width));
            x.WriteAttributeString("height", N(height));
            x.WriteAttributeString("viewBox", $"0 0 {N(width)} {N(height)}");
            x.WriteAttributeString("font-family", Font);
            x.WriteElementString("title", SvgNs, $"{timeline.Dataset.Info.Name}: control on {Day(snapshot.ValidAt)}");

            WriteDefs(x, timeline, derived, frame, scale);
            Rect(x, 0, 0, width, height, "#ffffff", null);

            // Title: the date, and the publication cut-off when asked for.
            // The date as the viewer writes it ("2 December 2019").
            Text(x, margin, margin + 22 * scale, 22 * scale, "bold", "#111", $"Control of territory on {snapshot.ValidAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}");
            var subtitle = timeline.Dataset.Info.Name + (snapshot.KnownAt is { } k ? $" \u2014 as published on {Instant(k)}" : "");
            Text(x, margin, margin + 40 * scale, small, null, "#555", subtitle);

            // Map: sea, land (the dataset region), territory, fronts, places; clipped to the frame.
            Rect(x, frame.Left, frame.Top, frame.Width, frame.Height, "#e6eef3", null);
            x.WriteStartElement("g", SvgNs);
            x.WriteAttributeString("clip-path", "url(#map-clip)");
            x.WriteStartElement("path", SvgNs);
            x.WriteAttributeString("d", PathOf(region, frame));
            x.WriteAttributeString("fill", "#f5f2ea");
            x.WriteAttributeString("stroke", "#b9b3a5");
            x.WriteAttributeString("stroke-width", N(0.8 * scale));
            x.WriteAttributeString("fill-rule", "evenodd");
            x.WriteEndElement();
            foreach (var t in derived.Territories.OrderBy(t => t.Status == "held" ? 0 : t.Status == "claimed" ? 1 : 2))
            {
                var fi = timeline.FactionIndex(t.Faction);
                var fill = t.Status switch
                {
                    "held" when fi >= 0 => timeline.Factions[fi].Color,
                    "claimed" when fi >= 0 => $"url(#claimed-{fi})",
                    _ => "url(#contested)",
                };
                x.WriteStartElement("path", SvgNs);
                x.WriteAttributeString("d", PathOf(t.Geometry, frame));
                x.WriteAttributeString("fill", fill);
                x.WriteAttributeString("fill-opacity", t.Status == "held" ? "0.55" : "1");
                x.WriteAttributeString("stroke", fi >= 0 ? timeline.Factions[fi].Color : "#7a1f1f");
                x.WriteAttributeString("stroke-width", N(0.6 * scale));
                x.WriteAttributeString("fill-rule", "evenodd");
                x.WriteAttributeString("data-faction", t.Faction);
                x.WriteAttributeString("data-status", t.Status);
                x.WriteEndElement();
            }
            foreach (var f in derived.FrontLines)
            {
                x.WriteStartElement("path", SvgNs);
                x.WriteAttributeString("d", PathOf(f.Geometry, frame));
                x.WriteAttributeString("fill", "none");
                x.WriteAttributeString("stroke", "#111111");
                x.WriteAttributeString("stroke-width", N(2.2 * scale));
                x.WriteAttributeString("stroke-linejoin", "round");
                x.WriteAttributeString("stroke-linecap", "round");
                x.WriteAttributeString("data-factions", string.Join(' ', f.Factions));
                x.WriteEndElement();
            }
            WritePlaces(x, timeline, snapshot, frame, scale);
            x.WriteEndElement(); // g
            Rect(x, frame.Left, frame.Top, frame.Width, frame.Height, "none", "#777");

            // Legend.
            for (var i = 0; i < legendItems.Count; i++)
            {
                var (kind, f, label) = legendItems[i];
                var (lx, ly) = positions[i];
                var mid = ly + rowHeight / 2;
                switch (kind)
                {
                    case "faction":
                        Rect(x, lx, mid - 7 * scale, 14 * scale, 14 * scale, timeline.Factions[f].Color, "#333");
                        break;
                    case "held":
                        Circle(x, lx + 7 * scale, mid, 4 * scale, "#555", "#fff", 0.8 * scale);
                        break;
                    case "claimed":
                        Circle(x, lx + 7 * scale, mid, 4 * scale, "#fff", "#555", 1.6 * scale);
                        break;
                    case "contested":
                        Rect(x, lx, mid - 7 * scale, 14 * scale, 14 * scale, "url(#contested)", "#333");
                        break;
                    case "front":
                        Line(x, lx, mid, lx + 16 * scale, mid, "#111", 2.2 * scale);
                        break;
                    default:
                        Circle(x, lx + 7 * scale, mid, 1.6 * scale, "#9a9a9a", null, 0);
                        break;
                }
                Text(x, lx + 22 * scale, mid + font * 0.35, font, null, "#222", label);
            }

            // Footer: attribution lines and the product name.
            var fy = footerTop + lineHeight * 0.8;
            foreach (var line in attribution)
            {
                Text(x, footerLeft, fy, small, null, "#555", line);
                fy += lineHeight;
            }
            Text(x, footerLeft, fy, small, "bold", "#333", side ? $"FrontlineMaps \u00B7 data version {source.DataVersion[..Math.Min(12, source.DataVersion.Length)]}"
                : $"FrontlineMaps \u00B7 map of {Day(snapshot.ValidAt)} \u00B7 data version {source.DataVersion}");
            x.WriteEndElement(); // svg
            x.WriteEndDocument();
        }
        return stream.ToArray();
    }

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
