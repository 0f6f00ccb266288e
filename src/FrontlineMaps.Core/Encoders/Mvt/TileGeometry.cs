namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>Clipping, quantizing and simplification in tile coordinates (points packed as in <see cref="MvtLayerBuilder.Pack"/>).</summary>
internal static class TileGeometry
{
    /// <summary>Sutherland–Hodgman clip of a closed ring (no repeated closing point) to the square [lo, hi]², orientation kept.</summary>
    /// <remarks>Uses two caller-owned buffers (neither may be <paramref name="ring"/>); the result is one of them.</remarks>
    public static List<(double X, double Y)> ClipRing(List<(double X, double Y)> ring, double lo, double hi,
        List<(double X, double Y)> bufferA, List<(double X, double Y)> bufferB)
    {
        var input = ring;
        for (var edge = 0; edge < 4 && input.Count > 0; edge++)
        {
            var output = edge % 2 == 0 ? bufferA : bufferB;
            output.Clear();
            var prev = input[^1];
            var prevIn = Inside(prev, edge, lo, hi);
            foreach (var cur in input)
            {
                var curIn = Inside(cur, edge, lo, hi);
                if (curIn)
                {
                    if (!prevIn) output.Add(Cross(prev, cur, edge, lo, hi));
                    output.Add(cur);
                }
                else if (prevIn) output.Add(Cross(prev, cur, edge, lo, hi));
                prev = cur;
                prevIn = curIn;
            }
            input = output;
        }
        return input;
    }

    private static bool Inside((double X, double Y) p, int edge, double lo, double hi) => edge switch
    {
        0 => p.X >= lo,
        1 => p.X <= hi,
        2 => p.Y >= lo,
        _ => p.Y <= hi,
    };

    // The crossing is computed from the endpoints in a canonical order, so the two cells sharing an edge get the same point.
    private static (double, double) Cross((double X, double Y) a, (double X, double Y) b, int edge, double lo, double hi)
    {
        if (a.X > b.X || (a.X == b.X && a.Y > b.Y)) (a, b) = (b, a);
        switch (edge)
        {
            case 0: case 1:
            {
                var x = edge == 0 ? lo : hi;
                return (x, a.Y + (b.Y - a.Y) * (x - a.X) / (b.X - a.X));
            }
            default:
            {
                var y = edge == 2 ? lo : hi;
                return (a.X + (b.X - a.X) * (y - a.Y) / (b.Y - a.Y), y);
            }
        }
    }

    /// <summary>Liang–Barsky clip of a segment to the square [lo, hi]²; false when nothing is left.</summary>
    public static bool ClipSegment(ref double x0, ref double y0, ref double x1, ref double y1, double lo, double hi)
    {
        double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
        if (!Edge(-dx, x0 - lo, ref t0, ref t1) || !Edge(dx, hi - x0, ref t0, ref t1) ||
            !Edge(-dy, y0 - lo, ref t0, ref t1) || !Edge(dy, hi - y0, ref t0, ref t1)) return false;
        var (sx, sy) = (x0, y0);
        if (t1 < 1) { x1 = sx + t1 * dx; y1 = sy + t1 * dy; }
        if (t0 > 0) { x0 = sx + t0 * dx; y0 = sy + t0 * dy; }
        return true;
    }

    private static bool Edge(double p, double q, ref double t0, ref double t1)
    {
        if (p == 0) return q >= 0;
        var r = q / p;
        if (p < 0) { if (r > t1) return false; if (r > t0) t0 = r; }
        else { if (r < t0) return false; if (r < t1) t1 = r; }
        return true;
    }

    /// <summary>Rounds to the integer grid and drops repeated points (and the closing point of a ring).</summary>
    public static List<long> Quantize(List<(double X, double Y)> points, bool ring)
    {
        var result = new List<long>(points.Count);
        foreach (var (x, y) in points)
        {
            var p = MvtLayerBuilder.Pack((int)Math.Round(x), (int)Math.Round(y));
            if (result.Count == 0 || result[^1] != p) result.Add(p);
        }
        if (ring) while (result.Count > 1 && result[^1] == result[0]) result.RemoveAt(result.Count - 1);
        return result;
    }

    /// <summary>
    /// Douglas–Peucker of an open polyline with fixed endpoints. The result does not depend on the direction the line is given in
    /// (ties broken towards the point nearer the middle, then the smaller point), so both sides of a shared boundary simplify alike.
    /// </summary>
    public static List<long> Simplify(List<long> pts, double tolerance)
    {
        if (pts.Count <= 2 || tolerance <= 0) return pts;
        var keep = new bool[pts.Count];
        keep[0] = keep[^1] = true;
        var stack = new Stack<(int, int)>();
        stack.Push((0, pts.Count - 1));
        var tol2 = tolerance * tolerance;
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            if (b - a < 2) continue;
            double ax = MvtLayerBuilder.X(pts[a]), ay = MvtLayerBuilder.Y(pts[a]), bx = MvtLayerBuilder.X(pts[b]), by = MvtLayerBuilder.Y(pts[b]);
            double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            var best = -1.0;
            var at = -1;
            var mid = (a + b) / 2.0;
            for (var i = a + 1; i < b; i++)
            {
                double px = MvtLayerBuilder.X(pts[i]) - ax, py = MvtLayerBuilder.Y(pts[i]) - ay, d2;
                if (len2 == 0) d2 = px * px + py * py;
                else
                {
                    var cross = px * dy - py * dx;
                    d2 = cross * cross / len2;
                }
                if (d2 > best || (d2 == best && (Math.Abs(i - mid) < Math.Abs(at - mid) || (Math.Abs(i - mid) == Math.Abs(at - mid) && pts[i] < pts[at]))))
                {
                    best = d2;
                    at = i;
                }
            }
            if (best > tol2)
            {
                keep[at] = true;
                stack.Push((a, at));
                stack.Push((at, b));
            }
        }
        var result = new List<long>();
        for (var i = 0; i < pts.Count; i++) if (keep[i]) result.Add(pts[i]);
        return result;
    }

    /// <summary>Twice the signed area (surveyor's formula) of a ring in tile coordinates: positive is an MVT exterior ring.</summary>
    public static long DoubleArea(List<long> ring)
    {
        long sum = 0;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            sum += (long)MvtLayerBuilder.X(ring[j]) * MvtLayerBuilder.Y(ring[i]) - (long)MvtLayerBuilder.X(ring[i]) * MvtLayerBuilder.Y(ring[j]);
        return sum;
    }

    /// <summary>Even-odd point-in-ring test.</summary>
    public static bool Contains(List<long> ring, long point)
    {
        double px = MvtLayerBuilder.X(point), py = MvtLayerBuilder.Y(point);
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            double xi = MvtLayerBuilder.X(ring[i]), yi = MvtLayerBuilder.Y(ring[i]), xj = MvtLayerBuilder.X(ring[j]), yj = MvtLayerBuilder.Y(ring[j]);
            if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }
}

/// <summary>
/// Hashing for packed pairs (two ints in a long): the default hash of a long xors its halves, which makes (u, v) and (v, u), and
/// every point on a diagonal, collide. Fibonacci hashing mixes all bits.
/// </summary>
internal sealed class PackedKeyComparer : IEqualityComparer<long>
{
    public static readonly PackedKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> 32);
}
