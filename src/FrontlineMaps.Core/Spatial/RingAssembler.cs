using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace FrontlineMaps.Core.Spatial;

/// <summary>
/// Assembles directed boundary edges (area on their left) into polygons: rings are walked taking the leftmost turn at
/// vertices with several outgoing edges, so parts that touch at a point become separate rings (valid OGC polygons);
/// counter-clockwise rings are shells, clockwise rings holes, each hole going to the smallest shell that contains it.
/// </summary>
internal static class RingAssembler
{
    /// <summary>One assembled polygon: a counter-clockwise shell and clockwise holes, in the vertex table's coordinates.</summary>
    internal readonly record struct RingPolygon(Coordinate[] Shell, List<Coordinate[]> Holes, double SignedArea);

    /// <summary>Assembles edges <c>from[k] -&gt; to[k]</c> over vertices (<paramref name="vx"/>, <paramref name="vy"/>).</summary>
    /// <returns>The polygons and the total area (shells minus holes).</returns>
    internal static (List<RingPolygon> Polygons, double Area) Assemble(ReadOnlySpan<int> from, ReadOnlySpan<int> to, double[] vx, double[] vy)
    {
        int n = from.Length;
        var head = new Dictionary<int, int>(n);
        var next = new int[n];
        for (int e = 0; e < n; e++)
        {
            next[e] = head.TryGetValue(from[e], out int h) ? h : -1;
            head[from[e]] = e;
        }

        var used = new bool[n];
        var shells = new List<(Coordinate[] Ring, double Area)>();
        var holes = new List<(Coordinate[] Ring, double Area)>();
        var ring = new List<Coordinate>();
        for (int start = 0; start < n; start++)
        {
            if (used[start]) continue;
            used[start] = true;
            ring.Clear();
            int origin = from[start];
            ring.Add(new Coordinate(vx[origin], vy[origin]));
            int cur = start;
            double area2 = 0;
            while (true)
            {
                int u = from[cur], v = to[cur];
                ring.Add(new Coordinate(vx[v], vy[v]));
                area2 += vx[u] * vy[v] - vx[v] * vy[u];
                double dx = vx[v] - vx[u], dy = vy[v] - vy[u];
                int best = -1;
                double bestAngle = double.NegativeInfinity;
                // The closing move back onto the start edge competes with the other outgoing edges of the origin.
                if (v == origin)
                {
                    best = start;
                    bestAngle = TurnAngle(dx, dy, vx[to[start]] - vx[v], vy[to[start]] - vy[v]);
                }
                for (int c = head.TryGetValue(v, out int h) ? h : -1; c >= 0; c = next[c])
                {
                    if (used[c]) continue;
                    double angle = TurnAngle(dx, dy, vx[to[c]] - vx[v], vy[to[c]] - vy[v]);
                    if (angle > bestAngle)
                    {
                        bestAngle = angle;
                        best = c;
                    }
                }
                if (best < 0) throw new InvalidOperationException("Boundary edges do not close into rings: the cells are not a valid coverage.");
                if (best == start) break;
                used[best] = true;
                cur = best;
            }
            double area = area2 / 2;
            if (area > 0) shells.Add((ring.ToArray(), area));
            else if (area < 0) holes.Add((ring.ToArray(), area));
        }

        var polygons = shells.Select(s => new RingPolygon(s.Ring, new List<Coordinate[]>(), s.Area)).ToList();
        double total = shells.Sum(s => s.Area) + holes.Sum(h => h.Area);
        if (holes.Count == 0) return (polygons, total);
        if (polygons.Count == 1)
        {
            foreach (var hole in holes) polygons[0].Holes.Add(hole.Ring);
            return (polygons, total);
        }

        var index = new STRtree<int>();
        for (int i = 0; i < polygons.Count; i++) index.Insert(Envelope(polygons[i].Shell), i);
        index.Build();
        foreach (var (hole, _) in holes)
        {
            var env = Envelope(hole);
            int owner = -1;
            foreach (int i in index.Query(env))
            {
                var shell = polygons[i].Shell;
                if (!Envelope(shell).Contains(env) || !InsideRing(hole, shell)) continue;
                if (owner < 0 || polygons[i].SignedArea < polygons[owner].SignedArea) owner = i;
            }
            if (owner < 0) throw new InvalidOperationException("A hole lies in no shell: the cells are not a valid coverage.");
            polygons[owner].Holes.Add(hole);
        }
        return (polygons, total);
    }

    /// <summary>Signed turn from direction (dx, dy) to (ex, ey), in (-pi, pi]; larger is further left.</summary>
    private static double TurnAngle(double dx, double dy, double ex, double ey) => Math.Atan2(dx * ey - dy * ex, dx * ex + dy * ey);

    private static Envelope Envelope(Coordinate[] ring)
    {
        var env = new Envelope();
        foreach (var c in ring) env.ExpandToInclude(c);
        return env;
    }

    /// <summary>Whether a hole ring lies inside a shell ring: the first hole vertex not on the shell decides.</summary>
    private static bool InsideRing(Coordinate[] hole, Coordinate[] shell)
    {
        foreach (var c in hole)
        {
            var location = PointLocation.LocateInRing(c, shell);
            if (location != Location.Boundary) return location == Location.Interior;
        }
        return false;
    }

    /// <summary>Builds a Polygon or MultiPolygon from assembled polygons, mapping coordinates through <paramref name="map"/>.</summary>
    internal static Geometry ToGeometry(List<RingPolygon> polygons, GeometryFactory factory, Func<Coordinate[], Coordinate[]>? map = null)
    {
        map ??= c => c;
        var result = new Polygon[polygons.Count];
        for (int i = 0; i < polygons.Count; i++)
        {
            var p = polygons[i];
            result[i] = factory.CreatePolygon(factory.CreateLinearRing(map(p.Shell)), p.Holes.Select(h => factory.CreateLinearRing(map(h))).ToArray());
        }
        return result.Length switch
        {
            0 => factory.CreatePolygon(),
            1 => result[0],
            _ => factory.CreateMultiPolygon(result),
        };
    }
}
