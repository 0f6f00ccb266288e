using System.Collections.Immutable;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.KdTree;
using NetTopologySuite.Noding;
using NetTopologySuite.Noding.Snapround;
using NetTopologySuite.Operation.Linemerge;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Precision;
using NetTopologySuite.Triangulate;

namespace FrontlineMaps.Core.Spatial;

/// <summary>
/// The cells of a set of places: the Voronoi cells of the places, computed in a <see cref="MetricProjection"/>, clipped to a
/// boundary and capped at <see cref="CellOptions.CapRadiusKm"/>, forming an exact polygon coverage on a 1 m grid (neighbouring
/// cells share edges with identical vertices, no overlaps). Built once per gazetteer version; maps for a given date only
/// relabel the cells (<see cref="Territory"/>, <see cref="Fronts"/>, <see cref="AreaByLabel"/>). Immutable after
/// <see cref="Build"/> and safe for concurrent readers.
/// </summary>
/// <remarks>
/// <para>Cap: unlabelled "ghost" sites are put on a hexagonal grid of spacing (√3/4)·r, where r is the cap radius, wherever no
/// place is within 0.75·r; the Voronoi diagram of places and ghosts is computed and the ghost cells are dropped. Every point
/// of the plane is within r/4 of a grid node, so no point farther than r from every place can be nearest to a place: no cell
/// reaches farther than r from its place, and a lone place keeps at least a disc of about 0.375·r around it.</para>
/// <para>Coverage: Voronoi vertices are rounded to a fixed 1 m grid (<see cref="MetricProjection.ProjectedFactory"/>), so
/// neighbouring cells hold identical vertices. The cells that come within a few metres of the boundary or of a near-degenerate
/// spot (a Voronoi edge shorter than 5 m) have their linework snap-rounded together with the boundary's rings
/// (NTS SnapRoundingNoder) and polygonized; each face inside the boundary goes to its nearest site (a face within about 1 m of
/// a Voronoi edge may go to the neighbour; no area is lost or doubled). Every edge is then shared exactly by the two cells on
/// its sides, or lies on the boundary.</para>
/// <para>Duplicates: places whose projected positions round to the same 1 m grid point are spread on a circle of
/// <see cref="CellOptions.DuplicateSpreadMetres"/> around their common position in index order, so each gets its own wedge
/// of the cell they would share and keeps its own label.</para>
/// <para>A place whose cell lies wholly outside the boundary has an empty cell, zero area and no neighbours.</para>
/// </remarks>
public sealed partial class CellCoverage
{
    private readonly Geometry[] _cells;
    private readonly Geometry[] _cellsLonLat;
    private readonly double[] _areaKm2;
    // Directed boundary edges of every cell, interior on the left: cell i owns edges _edgeStart[i] .. _edgeStart[i + 1] - 1.
    private readonly int[] _edgeStart;
    private readonly int[] _edgeFrom;
    private readonly int[] _edgeTo;
    private readonly int[] _edgeNeighbour;
    private readonly double[] _vx;
    private readonly double[] _vy;

    private CellCoverage(MetricProjection projection, Geometry region, Geometry[] cells, ImmutableArray<CellAdjacency> adjacency,
        int[] edgeStart, int[] edgeFrom, int[] edgeTo, int[] edgeNeighbour, double[] vx, double[] vy)
    {
        Projection = projection;
        Region = region;
        _cells = cells;
        _cellsLonLat = cells.Select(projection.Unproject).ToArray();
        _areaKm2 = cells.Select(c => c.Area / 1e6).ToArray();
        Adjacency = adjacency;
        _edgeStart = edgeStart;
        _edgeFrom = edgeFrom;
        _edgeTo = edgeTo;
        _edgeNeighbour = edgeNeighbour;
        _vx = vx;
        _vy = vy;
        (_neighbourStart, _neighbours, _open) = NeighbourLists(cells.Length, edgeStart, edgeNeighbour);
    }

    // The neighbours of every cell (cell i: _neighbours[_neighbourStart[i] .. _neighbourStart[i + 1] - 1], ascending) and whether
    // part of its outline is shared with no other cell (the boundary, or the cap's edge in empty country).
    private readonly int[] _neighbourStart;
    private readonly int[] _neighbours;
    private readonly bool[] _open;

    private static (int[] Start, int[] Neighbours, bool[] Open) NeighbourLists(int count, int[] edgeStart, int[] edgeNeighbour)
    {
        var start = new int[count + 1];
        var list = new List<int>();
        var open = new bool[count];
        var seen = new List<int>();
        for (int i = 0; i < count; i++)
        {
            start[i] = list.Count;
            seen.Clear();
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++)
            {
                if (edgeNeighbour[e] < 0) open[i] = true;
                else seen.Add(edgeNeighbour[e]);
            }
            seen.Sort();
            for (int k = 0; k < seen.Count; k++)
                if (k == 0 || seen[k] != seen[k - 1]) list.Add(seen[k]);
        }
        start[count] = list.Count;
        return (start, list.ToArray(), open);
    }

    /// <summary>The projection every cell geometry, distance and area is computed in.</summary>
    public MetricProjection Projection { get; }

    /// <summary>The area the cells cover at most (projected): the boundary, or the buffered convex hull of the places.</summary>
    public Geometry Region { get; }

    /// <summary>Number of cells: one per input point, in input order.</summary>
    public int Count => _cells.Length;

    /// <summary>Every pair of cells that share an edge, with <see cref="CellAdjacency.A"/> &lt; <see cref="CellAdjacency.B"/>, ordered by (A, B).</summary>
    public ImmutableArray<CellAdjacency> Adjacency { get; }

    /// <summary>The cell of point <paramref name="index"/> in projected metres (a Polygon, a MultiPolygon, or an empty Polygon).</summary>
    public Geometry CellProjected(int index) => _cells[index];

    /// <summary>The cell of point <paramref name="index"/> in lon/lat (a Polygon, a MultiPolygon, or an empty Polygon).</summary>
    public Geometry CellLonLat(int index) => _cellsLonLat[index];

    /// <summary>The cells that share an edge with cell <paramref name="index"/>, ascending (the same relation as <see cref="Adjacency"/>).</summary>
    public ReadOnlySpan<int> NeighboursOf(int index) => _neighbours.AsSpan(_neighbourStart[index], _neighbourStart[index + 1] - _neighbourStart[index]);

    /// <summary>
    /// Whether part of the outline of cell <paramref name="index"/> is shared with no other cell: it lies on the boundary or on the
    /// cap's edge, where empty country begins. An empty cell is not open (it has no outline).
    /// </summary>
    public bool IsOpen(int index) => _open[index];

    /// <summary>Area of the cell of point <paramref name="index"/> in km².</summary>
    public double CellAreaKm2(int index) => _areaKm2[index];

    /// <summary>
    /// Builds the cells of <paramref name="points"/> (lon/lat, WGS 84 degrees).
    /// </summary>
    /// <param name="points">The places, in the order their indices and labels refer to.</param>
    /// <param name="boundaryLonLat">A Polygon or MultiPolygon in lon/lat the cells are clipped to; null to use the convex hull of the
    /// points buffered by the cap radius.</param>
    /// <param name="options">Cap radius and duplicate handling; null for the defaults.</param>
    /// <exception cref="ArgumentException">A coordinate is not a valid lon/lat, the boundary is not polygonal, or an option is out of range.</exception>
    public static CellCoverage Build(IReadOnlyList<(double Lon, double Lat)> points, Geometry? boundaryLonLat, CellOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new CellOptions();
        if (!(options.CapRadiusKm > 0) || !double.IsFinite(options.CapRadiusKm))
            throw new ArgumentException("CapRadiusKm must be a positive number.", nameof(options));
        if (!(options.DuplicateSpreadMetres > 0) || !double.IsFinite(options.DuplicateSpreadMetres))
            throw new ArgumentException("DuplicateSpreadMetres must be a positive number.", nameof(options));
        for (int i = 0; i < points.Count; i++)
        {
            var (lon, lat) = points[i];
            if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
                throw new ArgumentException($"Point {i} ({lon}, {lat}) is not a valid lon/lat.", nameof(points));
        }
        if (boundaryLonLat is not null && boundaryLonLat is not (Polygon or MultiPolygon))
            throw new ArgumentException("The boundary must be a Polygon or a MultiPolygon.", nameof(boundaryLonLat));

        var projection = points.Count == 0 && boundaryLonLat is not { IsEmpty: false }
            ? MetricProjection.ForExtent(0, 0, 0, 0)
            : MetricProjection.ForData(points, boundaryLonLat);
        var factory = projection.ProjectedFactory;
        double capMetres = options.CapRadiusKm * 1000;

        var sites = SpreadDuplicates(points.Select(p => projection.Project(p.Lon, p.Lat)).ToArray(), options.DuplicateSpreadMetres);
        var region = BuildRegion(projection, sites, boundaryLonLat, capMetres);

        int n = sites.Length;
        var faces = new List<Polygon>[n];
        if (n > 0 && !region.IsEmpty)
        {
            var allSites = sites.Concat(GhostSites(sites, region.EnvelopeInternal, capMetres)).ToArray();
            foreach (var (site, face) in Faces(allSites, region, factory))
                if (site < n) (faces[site] ??= new List<Polygon>()).Add(face);
        }

        var cells = new Geometry[n];
        for (int i = 0; i < n; i++)
            cells[i] = faces[i] switch
            {
                null => factory.CreatePolygon(),
                { Count: 1 } one => Normalized(one[0], factory),
                var many => Dissolve(many, factory),
            };
        return WithTopology(projection, region, cells);
    }

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

    /// <summary>A polygon with a counter-clockwise shell and clockwise holes.</summary>
    private static Polygon Normalized(Polygon p, GeometryFactory factory)
    {
        LinearRing Orient(LinearRing r, bool ccw) =>
            Orientation.IsCCW(r.CoordinateSequence) == ccw ? r : (LinearRing)r.Reverse();
        return factory.CreatePolygon(Orient(p.Shell, true), p.Holes.Select(h => Orient(h, false)).ToArray());
    }

    /// <summary>Merges faces of one cell (a coverage) by cancelling their shared edges.</summary>
    private static Geometry Dissolve(List<Polygon> faces, GeometryFactory factory)
    {
        var vertices = new VertexTable();
        var edges = new Dictionary<(int, int), bool>();
        foreach (var face in faces)
            foreach (var (u, v) in DirectedEdges(Normalized(face, factory), vertices))
                if (!edges.Remove((v, u))) edges[(u, v)] = true;
        var from = edges.Keys.Select(k => k.Item1).ToArray();
        var to = edges.Keys.Select(k => k.Item2).ToArray();
        var (polygons, _) = RingAssembler.Assemble(from, to, vertices.X, vertices.Y);
        return RingAssembler.ToGeometry(polygons, factory);
    }

    /// <summary>The directed edges of a normalized polygon (interior on the left), as vertex ids.</summary>
    private static IEnumerable<(int From, int To)> DirectedEdges(Polygon p, VertexTable vertices)
    {
        foreach (var ring in p.Holes.Prepend(p.Shell))
        {
            var c = ring.Coordinates;
            for (int k = 0; k + 1 < c.Length; k++)
            {
                int u = vertices.Id(c[k]), v = vertices.Id(c[k + 1]);
                if (u != v) yield return (u, v);
            }
        }
    }

    /// <summary>Computes directed edges, neighbours and adjacency of finished cells.</summary>
    private static CellCoverage WithTopology(MetricProjection projection, Geometry region, Geometry[] cells)
    {
        var vertices = new VertexTable();
        var edgeStart = new int[cells.Length + 1];
        var from = new List<int>();
        var to = new List<int>();
        for (int i = 0; i < cells.Length; i++)
        {
            edgeStart[i] = from.Count;
            for (int g = 0; g < cells[i].NumGeometries; g++)
            {
                if (cells[i].GetGeometryN(g) is not Polygon { IsEmpty: false } p) continue;
                foreach (var (u, v) in DirectedEdges(p, vertices))
                {
                    from.Add(u);
                    to.Add(v);
                }
            }
        }
        edgeStart[cells.Length] = from.Count;

        var owner = new Dictionary<(int, int), int>(from.Count);
        for (int i = 0; i < cells.Length; i++)
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++)
                owner[(from[e], to[e])] = i;
        var neighbour = new int[from.Count];
        var shared = new SortedDictionary<(int, int), List<LineString>>();
        var factory = projection.ProjectedFactory;
        for (int i = 0; i < cells.Length; i++)
            for (int e = edgeStart[i]; e < edgeStart[i + 1]; e++)
            {
                int j = owner.TryGetValue((to[e], from[e]), out int o) && o != i ? o : -1;
                neighbour[e] = j;
                if (j <= i) continue;
                if (!shared.TryGetValue((i, j), out var list)) shared[(i, j)] = list = new List<LineString>();
                list.Add(factory.CreateLineString(new[] { vertices.Coordinate(from[e]), vertices.Coordinate(to[e]) }));
            }

        var adjacency = ImmutableArray.CreateBuilder<CellAdjacency>(shared.Count);
        foreach (var ((a, b), segments) in shared)
        {
            var line = Merge(segments, factory);
            adjacency.Add(new CellAdjacency(a, b, line, line.Length / 1000));
        }
        return new CellCoverage(projection, region, cells, adjacency.MoveToImmutable(),
            edgeStart, from.ToArray(), to.ToArray(), neighbour, vertices.X, vertices.Y);
    }

    /// <summary>Merges line pieces into a LineString when they form one chain, else a MultiLineString.</summary>
    private static Geometry Merge(IReadOnlyList<LineString> pieces, GeometryFactory factory)
    {
        if (pieces.Count == 1) return pieces[0];
        var merger = new LineMerger();
        foreach (var piece in pieces) merger.Add(piece);
        var merged = merger.GetMergedLineStrings().Cast<LineString>().ToArray();
        return merged.Length == 1 ? merged[0] : factory.CreateMultiLineString(merged);
    }

    /// <summary>A site index as a reference type, for the KD-tree.</summary>
    private sealed record SiteRef(int Index);

    /// <summary>Interns grid coordinates as integer vertex ids.</summary>
    private sealed class VertexTable
    {
        private readonly Dictionary<(double, double), int> _ids = new();
        private readonly List<double> _x = new();
        private readonly List<double> _y = new();

        public double[] X => _x.ToArray();

        public double[] Y => _y.ToArray();

        public int Id(Coordinate c)
        {
            if (_ids.TryGetValue((c.X, c.Y), out int id)) return id;
            _ids[(c.X, c.Y)] = id = _x.Count;
            _x.Add(c.X);
            _y.Add(c.Y);
            return id;
        }

        public Coordinate Coordinate(int id) => new(_x[id], _y[id]);
    }
}
