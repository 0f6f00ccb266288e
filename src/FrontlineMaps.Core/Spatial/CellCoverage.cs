using System.Collections.Immutable;
using NetTopologySuite.Geometries;

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
}
