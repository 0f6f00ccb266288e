using System.Collections.Immutable;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Linemerge;

namespace FrontlineMaps.Core.Spatial;

// The cells as a topology: faces dissolved into cells, directed edges on shared vertex ids, neighbours and shared boundaries.
public sealed partial class CellCoverage
{
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
