using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.KdTree;
using NetTopologySuite.Noding;
using NetTopologySuite.Noding.Snapround;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Precision;
using NetTopologySuite.Triangulate;

namespace FrontlineMaps.Core.Spatial;

// The faces of the cells: sites (duplicates spread, ghosts for the cap), the clipping region, the Voronoi diagram on the 1 m grid, snap-rounded where it is near the boundary or degenerate.
public sealed partial class CellCoverage
{
    /// <summary>Spreads sites that share a 1 m grid position on a small circle, in index order.</summary>
    private static (double X, double Y)[] SpreadDuplicates((double X, double Y)[] sites, double radius)
    {
        var groups = new Dictionary<(double, double), List<int>>();
        for (int i = 0; i < sites.Length; i++)
        {
            var key = (Math.Round(sites[i].X), Math.Round(sites[i].Y));
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = new List<int>();
            list.Add(i);
        }
        var result = ((double X, double Y)[])sites.Clone();
        foreach (var ((cx, cy), members) in groups)
        {
            if (members.Count < 2) continue;
            for (int k = 0; k < members.Count; k++)
            {
                double angle = 2 * Math.PI * k / members.Count;
                result[members[k]] = (cx + radius * Math.Cos(angle), cy + radius * Math.Sin(angle));
            }
        }
        return result;
    }

    /// <summary>The projected, valid, 1 m-grid region the cells are clipped to.</summary>
    private static Geometry BuildRegion(MetricProjection projection, (double X, double Y)[] sites, Geometry? boundaryLonLat, double capMetres)
    {
        var factory = projection.ProjectedFactory;
        Geometry region;
        if (boundaryLonLat is not null)
        {
            region = GeometryFixer.Fix(projection.Project(boundaryLonLat)).Union();
        }
        else if (sites.Length == 0)
        {
            return factory.CreatePolygon();
        }
        else
        {
            var hull = factory.CreateMultiPointFromCoords(sites.Select(s => new Coordinate(s.X, s.Y)).ToArray()).ConvexHull();
            region = hull.Buffer(capMetres);
        }
        region = GeometryPrecisionReducer.Reduce(region, factory.PrecisionModel);
        var polygons = PolygonExtracter.GetPolygons(region).Cast<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length == 1 ? polygons[0] : factory.CreateMultiPolygon(polygons);
    }

    /// <summary>Ghost sites on a hexagonal grid of spacing (√3/4)·cap over the envelope, wherever no site is within 0.75·cap.</summary>
    private static List<(double X, double Y)> GhostSites((double X, double Y)[] sites, Envelope envelope, double cap)
    {
        double spacing = Math.Sqrt(3) / 4 * cap, rowHeight = spacing * Math.Sqrt(3) / 2, clear = 0.75 * cap;
        var env = envelope.Copy();
        env.ExpandBy(spacing);

        // Sites bucketed on a grid of cell size `clear`: a site within `clear` of a point is in the 3x3 buckets around it.
        var buckets = sites.GroupBy(s => ((long)Math.Floor(s.X / clear), (long)Math.Floor(s.Y / clear)))
            .ToDictionary(g => g.Key, g => g.ToArray());
        bool NearSite(double x, double y)
        {
            long bx = (long)Math.Floor(x / clear), by = (long)Math.Floor(y / clear);
            for (long i = bx - 1; i <= bx + 1; i++)
                for (long j = by - 1; j <= by + 1; j++)
                    if (buckets.TryGetValue((i, j), out var list))
                        foreach (var (sx, sy) in list)
                            if ((sx - x) * (sx - x) + (sy - y) * (sy - y) < clear * clear) return true;
            return false;
        }

        var ghosts = new List<(double X, double Y)>();
        int row = 0;
        for (double y = env.MinY; y <= env.MaxY + rowHeight; y += rowHeight, row++)
            for (double x = env.MinX + (row % 2 == 1 ? spacing / 2 : 0); x <= env.MaxX + spacing; x += spacing)
                if (!NearSite(x, y)) ghosts.Add((x, y));
        return ghosts;
    }

    /// <summary>Segments within this distance (m) of the boundary or of a short Voronoi edge are snap-rounded; the rest is already noded.</summary>
    private const double HazardMargin = 3.0;

    /// <summary>Voronoi edges shorter than this (m) mark a near-degenerate spot whose rounded linework is snap-rounded again.</summary>
    private const double ShortEdge = 5.0;

    /// <summary>
    /// The faces of the Voronoi diagram of <paramref name="sites"/> inside <paramref name="region"/>, each with its site index.
    /// Voronoi vertices are rounded to the grid. A cell none of whose edges comes near the region's boundary or a near-degenerate
    /// spot (a very short edge) is already exact: it is its own face, kept when its site is inside the region. The linework of the
    /// other cells and the region's rings are snap-rounded together and polygonized; each resulting face inside the region goes to
    /// its nearest site. Both kinds share every edge exactly, since edges that are not snap-rounded keep their grid vertices.
    /// </summary>
    private static IEnumerable<(int Site, Polygon Face)> Faces((double X, double Y)[] sites, Geometry region, GeometryFactory factory)
    {
        var pm = factory.PrecisionModel;
        var clip = region.EnvelopeInternal.Copy();
        clip.ExpandBy(Math.Max(clip.Width, clip.Height) * 0.1 + 1000);
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = clip };
        builder.SetSites(sites.Select(s => new Coordinate(s.X, s.Y)).ToArray());
        var diagram = builder.GetDiagram(new GeometryFactory());
        var siteIndex = new Dictionary<(double, double), int>(sites.Length);
        for (int i = 0; i < sites.Length; i++) siteIndex.TryAdd((sites[i].X, sites[i].Y), i);

        // Rounded rings of the raw cells, their unique segments, and the segments each cell uses.
        int cellCount = diagram.NumGeometries;
        var cellSite = new int[cellCount];
        var cellRings = new Coordinate[cellCount][];
        var segmentIds = new Dictionary<(double, double, double, double), int>();
        var segments = new List<(Coordinate A, Coordinate B)>();
        var cellSegments = new List<int>[cellCount];
        for (int g = 0; g < cellCount; g++)
        {
            var polygon = (Polygon)diagram.GetGeometryN(g);
            var site = (Coordinate)polygon.UserData;
            cellSite[g] = siteIndex[(site.X, site.Y)];
            var raw = polygon.ExteriorRing.Coordinates;
            var ring = new List<Coordinate>(raw.Length);
            foreach (var c in raw)
            {
                var rounded = new Coordinate(pm.MakePrecise(c.X), pm.MakePrecise(c.Y));
                if (ring.Count == 0 || !ring[^1].Equals2D(rounded)) ring.Add(rounded);
            }
            cellRings[g] = ring.ToArray();
            var ids = cellSegments[g] = new List<int>(ring.Count);
            for (int k = 0; k + 1 < ring.Count; k++)
            {
                var key = SegmentKey(ring[k], ring[k + 1]);
                if (!segmentIds.TryGetValue(key, out int id))
                {
                    segmentIds[key] = id = segments.Count;
                    segments.Add((ring[k], ring[k + 1]));
                }
                ids.Add(id);
            }
        }

        // Hazards: the region's boundary segments and the ends of very short Voronoi edges.
        var hazards = new NetTopologySuite.Index.Strtree.STRtree<bool>();
        foreach (var line in LinearComponentExtracter.GetLines(region).Cast<LineString>())
        {
            var c = line.Coordinates;
            for (int k = 0; k + 1 < c.Length; k++)
            {
                var env = new Envelope(c[k], c[k + 1]);
                env.ExpandBy(HazardMargin);
                hazards.Insert(env, true);
            }
        }
        foreach (var (a, b) in segments)
            if (a.Distance(b) < ShortEdge)
            {
                var env = new Envelope(a, b);
                env.ExpandBy(HazardMargin);
                hazards.Insert(env, true);
            }
        hazards.Build();
        var hazardous = new bool[segments.Count];
        for (int id = 0; id < segments.Count; id++)
            hazardous[id] = hazards.Query(new Envelope(segments[id].A, segments[id].B)).Count > 0;

        var inside = new IndexedPointInAreaLocator(region);
        var strings = new List<ISegmentString>();
        var plain = new HashSet<int>();
        var noded = new bool[segments.Count];
        var touched = new HashSet<int>();
        for (int g = 0; g < cellCount; g++)
        {
            if (!cellSegments[g].Any(id => hazardous[id]))
            {
                // Exact already: kept whole when inside the region (its site is well inside the cell; ghosts are dropped by the caller).
                var site = sites[cellSite[g]];
                if (cellRings[g].Length >= 4 && inside.Locate(new Coordinate(site.X, site.Y)) == Location.Interior)
                    yield return (cellSite[g], factory.CreatePolygon(cellRings[g]));
                continue;
            }
            touched.Add(cellSite[g]);
            foreach (int id in cellSegments[g])
            {
                if (!hazardous[id]) plain.Add(id);
                else if (!noded[id])
                {
                    noded[id] = true;
                    strings.Add(new NodedSegmentString(new[] { segments[id].A, segments[id].B }, null));
                }
            }
        }
        if (strings.Count == 0) yield break;
        foreach (var line in LinearComponentExtracter.GetLines(region).Cast<LineString>())
            strings.Add(new NodedSegmentString(line.Coordinates, null));
        var noder = new SnapRoundingNoder(pm);
        noder.ComputeNodes(strings);

        // Unique segments (snapping may make segments coincide), plus the untouched edges of these cells, polygonized.
        var unique = new HashSet<(double, double, double, double)>();
        var lines = new List<Geometry>();
        foreach (var s in noder.GetNodedSubstrings())
        {
            var c = s.Coordinates;
            for (int k = 0; k + 1 < c.Length; k++)
                if (!c[k].Equals2D(c[k + 1]) && unique.Add(SegmentKey(c[k], c[k + 1])))
                    lines.Add(factory.CreateLineString(new[] { c[k], c[k + 1] }));
        }
        foreach (int id in plain)
            if (unique.Add(SegmentKey(segments[id].A, segments[id].B)))
                lines.Add(factory.CreateLineString(new[] { segments[id].A, segments[id].B }));
        var polygonizer = new Polygonizer { IsCheckingRingsValid = false };
        polygonizer.Add(lines);

        var nearest = new KdTree<SiteRef>();
        // Insert in a scrambled but fixed order so the tree stays balanced although ghosts come in grid order.
        foreach (int i in Enumerable.Range(0, sites.Length).OrderBy(i => (uint)(i * 2654435761u)))
            nearest.Insert(new Coordinate(sites[i].X, sites[i].Y), new SiteRef(i));
        foreach (var geometry in polygonizer.GetPolygons())
        {
            var face = (Polygon)geometry;
            if (face.Area <= 0) continue;
            var p = InteriorPointArea.GetInteriorPoint(face);
            if (inside.Locate(p) != Location.Interior) continue;
            // Faces enclosed by this linework but made of untouched cells are not faces of it: their nearest site owns an exact cell.
            int site = nearest.NearestNeighbor(p).Data.Index;
            if (touched.Contains(site)) yield return (site, face);
        }
    }

    private static (double, double, double, double) SegmentKey(Coordinate a, Coordinate b) =>
        (a.X, a.Y, b.X, b.Y).CompareTo((b.X, b.Y, a.X, a.Y)) < 0 ? (a.X, a.Y, b.X, b.Y) : (b.X, b.Y, a.X, a.Y);

    /// <summary>A site index as a reference type, for the KD-tree.</summary>
    private sealed record SiteRef(int Index);
}
