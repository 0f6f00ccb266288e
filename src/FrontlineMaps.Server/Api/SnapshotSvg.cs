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
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary>
/// <c>GET /snapshots/{date}.svg</c>: a static map for articles and print. Territory filled with faction colours (claimed ground
/// striped in the faction's colour, contested ground hatched, inferred ground dotted in the faction's colour), front lines, places (held: filled dots; claimed: hollow; contested:
/// ringed in black, as in the viewer; no report: small grey dots), a legend of the factions present, the date and the attribution. Projection:
/// equirectangular with longitudes scaled by the cosine of the mid-latitude, over the data's extent or <c>bbox</c>.
/// A strong ETag per (data version, knowledge, map state, parameters) and 304; immutable caching only with <c>?v=</c> naming the
/// current data version, else a minute (see <see cref="DatedCaching"/>).
/// </summary>
internal static partial class SnapshotSvg
{
    private const string SvgNs = "http://www.w3.org/2000/svg";
    private const int DefaultWidth = 1200;
    private const int MinWidth = 200;
    private const int MaxWidth = 4000;
    private const string Font = "DejaVu Sans, Arial, Helvetica, sans-serif";
    /// <summary><c>GET /snapshots/{date}.svg</c>.</summary>
    public static Results<FileContentHttpResult, StatusCodeHttpResult> Handle(
        [AsParameters] DatedQuery query, [FromQuery] string? bbox, [FromQuery] string? width, HttpContext http, [FromServices] DerivedCache cache)
    {
        var pixels = ParseWidth(width);
        var view = Prepare(query, bbox, http, cache, $"svg|{pixels}");
        if (view is null) return DatedCaching.NotModified;
        return TypedResults.Bytes(Render(query.State, view.Snapshot, cache.For(view.Snapshot), view.Region, view.Bbox, pixels), "image/svg+xml; charset=utf-8");
    }

    /// <summary>A static map's request, read and checked: the snapshot and the box to draw.</summary>
    internal sealed record View(Snapshot Snapshot, Geometry Region, (double MinLon, double MinLat, double MaxLon, double MaxLat) Bbox);

    /// <summary>
    /// Reads the date, <c>known_at</c> and <c>bbox</c> shared by the static maps, sets their dated validators (the ETag covers
    /// the data, the knowledge, the map state and the parameters: <paramref name="variant"/>, format and size, and the box) and
    /// returns null when the client's copy is current (answer 304).
    /// </summary>
    internal static View? Prepare(DatedQuery query, string? bboxText, HttpContext http, DerivedCache cache, string variant)
    {
        var at = query.Resolve();
        var state = at.State;
        var region = state.Region;
        var bbox = bboxText is null ? DefaultBbox(state, region) : ParseBox(bboxText);
        var snapshot = state.Timeline.Snapshot(at.Day, at.KnownAt);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"{Day(at.Day)}|{variant}|{bbox.MinLon:R},{bbox.MinLat:R},{bbox.MaxLon:R},{bbox.MaxLat:R}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parameters)))[..12];
        return DatedCaching.IsCurrent(http, at, DatedCaching.ETag("map", at, snapshot.StateKey, "-" + hash)) ? null : new View(snapshot, region, bbox);
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
    internal static byte[] Render(MapState state, Snapshot snapshot, DerivedCache.Derived derived, Geometry region,
        (double MinLon, double MinLat, double MaxLon, double MaxLat) bbox, int width, int? fixedHeight = null)
    {
        var timeline = state.Timeline;
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
        var anyInferred = derived.Territories.Any(t => t.Status == ControlMap.InferredStatus);

        // Legend and footer layout (text widths estimated: about 0.6 em a character).
        var font = 13 * scale;
        var small = 11 * scale;
        var legendItems = new List<(string Kind, int Faction, string Label)>();
        foreach (var f in present) legendItems.Add(("faction", f, side ? timeline.Factions[f].ShortName : $"{timeline.Factions[f].ShortName} \u2014 {timeline.Factions[f].Name}"));
        if (anyHeld) legendItems.Add(("held", -1, "held (dot: place)"));
        if (anyClaimed) legendItems.Add(("claimed", -1, "claimed, unconfirmed (hollow, striped)"));
        if (anyContested) legendItems.Add(("contested", -1, "contested (hatched; place ringed in black)"));
        if (anyInferred) legendItems.Add(("inferred", -1, "inferred (no report; dotted)"));
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
            foreach (var t in derived.Territories.OrderBy(t => t.Status switch { "held" => 0, "claimed" => 1, ControlMap.InferredStatus => 2, _ => 3 }))
            {
                var fi = timeline.FactionIndex(t.Faction);
                var inferred = t.Status == ControlMap.InferredStatus;
                var fill = t.Status switch
                {
                    "held" when fi >= 0 => timeline.Factions[fi].Color,
                    "claimed" when fi >= 0 => $"url(#claimed-{fi})",
                    ControlMap.InferredStatus when fi >= 0 => $"url(#inferred-{fi})",
                    _ => "url(#contested)",
                };
                x.WriteStartElement("path", SvgNs);
                x.WriteAttributeString("d", PathOf(t.Geometry, frame));
                x.WriteAttributeString("fill", fill);
                x.WriteAttributeString("fill-opacity", t.Status == "held" ? "0.55" : "1");
                // Inferred ground: no outline of its own (its edge is its faction's), so it reads as a paler fill in the gap.
                x.WriteAttributeString("stroke", inferred ? "none" : fi >= 0 ? timeline.Factions[fi].Color : "#7a1f1f");
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
                    case "inferred":
                        Rect(x, lx, mid - 7 * scale, 14 * scale, 14 * scale, "url(#inferred-legend)", "#999");
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
            Text(x, footerLeft, fy, small, "bold", "#333", side ? $"FrontlineMaps \u00B7 data version {state.DataVersion[..Math.Min(12, state.DataVersion.Length)]}"
                : $"FrontlineMaps \u00B7 map of {Day(snapshot.ValidAt)} \u00B7 data version {state.DataVersion}");
            x.WriteEndElement(); // svg
            x.WriteEndDocument();
        }
        return stream.ToArray();
    }
}
