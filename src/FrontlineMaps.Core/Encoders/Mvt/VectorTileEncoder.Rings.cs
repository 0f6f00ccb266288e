using System.Runtime.InteropServices;

namespace FrontlineMaps.Core.Encoders.Mvt;

// Ring assembly and simplification of the boundary layers: rings from directed edges, Douglas–Peucker per chain, chains from segments.
public sealed partial class VectorTileEncoder
{
    /// <summary>
    /// Follows directed edges into closed rings of vertex ids (at a pinch vertex any unused outgoing edge is taken), written to
    /// the scratch's <c>RingVertices</c> with ring <c>i</c> at <c>[RingStarts[i], RingStarts[i + 1])</c>. Sorts <paramref name="edges"/>.
    /// </summary>
    private static void AssembleRings(Scratch sc, Span<long> edges)
    {
        edges.Sort();
        if (sc.Used.Length < edges.Length) sc.Used = new bool[Math.Max(edges.Length, 2 * sc.Used.Length)];
        var used = sc.Used.AsSpan(0, edges.Length);
        used.Clear();
        var vertices = sc.RingVertices;
        var starts = sc.RingStarts;
        vertices.Clear();
        starts.Clear();
        starts.Add(0);
        for (var s = 0; s < edges.Length; s++)
        {
            if (used[s]) continue;
            used[s] = true;
            var ringStart = vertices.Count;
            var start = (int)(edges[s] >> 32);
            vertices.Add(start);
            var cur = (int)(edges[s] & 0xFFFFFFFF);
            var closed = true;
            while (cur != start)
            {
                vertices.Add(cur);
                var k = LowerBound(edges, (long)cur << 32);
                while (k < edges.Length && (int)(edges[k] >> 32) == cur && used[k]) k++;
                if (k >= edges.Length || (int)(edges[k] >> 32) != cur) { closed = false; break; }
                used[k] = true;
                cur = (int)(edges[k] & 0xFFFFFFFF);
            }
            if (closed && vertices.Count - ringStart >= 3) starts.Add(vertices.Count);
            else vertices.RemoveRange(ringStart, vertices.Count - ringStart);
        }
    }

    /// <summary>
    /// Douglas–Peucker per chain between boundary nodes, in world coordinates; a ring without nodes is split at its smallest
    /// and largest vertex ids. Both choices are independent of the ring's direction. The ring is
    /// <c>RingVertices[from..to)</c>; the result is the scratch's <c>Simplified</c> list.
    /// </summary>
    private List<int> SimplifyRing(TileContext t, int from, int to, double tolerance)
    {
        var sc = t.Scratch;
        var ring = CollectionsMarshal.AsSpan(sc.RingVertices)[from..to];
        var nodes = sc.Nodes;
        nodes.Clear();
        for (var i = 0; i < ring.Length; i++)
        {
            var v = ring[i];
            if ((sc.DegreeStamp[v] == t.Generation ? sc.Degree[v] : 0) != 2) nodes.Add(i);
        }
        if (nodes.Count < 2)
        {
            int min = 0, max = 0;
            for (var i = 1; i < ring.Length; i++)
            {
                if (ring[i] < ring[min]) min = i;
                if (ring[i] > ring[max]) max = i;
            }
            if (!nodes.Contains(min)) nodes.Add(min);
            if (!nodes.Contains(max)) nodes.Add(max);
            nodes.Sort();
        }
        var result = sc.Simplified;
        result.Clear();
        var chain = sc.Chain;
        for (var k = 0; k < nodes.Count; k++)
        {
            var a = nodes[k];
            var b = k + 1 < nodes.Count ? nodes[k + 1] : nodes[0] + ring.Length;
            chain.Clear();
            for (var i = a; i <= b; i++) chain.Add(ring[i % ring.Length]);
            SimplifyChain(sc, chain, tolerance, result);
        }
        return result;
    }

    /// <summary>Appends the kept vertices of <paramref name="ids"/> but its last one to <paramref name="result"/>.</summary>
    private void SimplifyChain(Scratch sc, List<int> ids, double tolerance, List<int> result)
    {
        if (ids.Count <= 2)
        {
            for (var i = 0; i < ids.Count - 1; i++) result.Add(ids[i]);
            return;
        }
        // Canonical direction: the result is the same for the chain and its reverse.
        var reversed = ids[0] > ids[^1] || (ids[0] == ids[^1] && ids[1] > ids[^2]);
        if (reversed) ids.Reverse();
        if (sc.Keep.Length < ids.Count) sc.Keep = new bool[Math.Max(ids.Count, 2 * sc.Keep.Length)];
        var keep = sc.Keep;
        Array.Clear(keep, 0, ids.Count);
        keep[0] = keep[ids.Count - 1] = true;
        var stack = sc.Stack;
        stack.Clear();
        stack.Push((0, ids.Count - 1));
        var tol2 = tolerance * tolerance;
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            if (b - a < 2) continue;
            double ax = _vx[ids[a]], ay = _vy[ids[a]], dx = _vx[ids[b]] - ax, dy = _vy[ids[b]] - ay, len2 = dx * dx + dy * dy;
            var best = -1.0;
            var at = -1;
            for (var i = a + 1; i < b; i++)
            {
                double px = _vx[ids[i]] - ax, py = _vy[ids[i]] - ay, d2;
                if (len2 == 0) d2 = px * px + py * py;
                else { var cross = px * dy - py * dx; d2 = cross * cross / len2; }
                if (d2 > best) { best = d2; at = i; }
            }
            if (best > tol2)
            {
                keep[at] = true;
                stack.Push((a, at));
                stack.Push((at, b));
            }
        }
        var n = ids.Count;
        if (reversed)
        {
            ids.Reverse();
            for (var i = 0; i < n - 1; i++) if (keep[n - 1 - i]) result.Add(ids[i]);
        }
        else
            for (var i = 0; i < n - 1; i++) if (keep[i]) result.Add(ids[i]);
    }

    /// <summary>Joins segments end to end into polylines, breaking at points where other than two segments meet.</summary>
    private static List<List<long>> Chains(List<(long P, long Q)> segments)
    {
        var at = new Dictionary<long, (int First, int Second, int Count)>(segments.Count * 2, PackedKeyComparer.Instance);
        for (var s = 0; s < segments.Count; s++)
        {
            Add(segments[s].P, s);
            Add(segments[s].Q, s);
        }
        var used = new bool[segments.Count];
        var chains = new List<List<long>>();
        for (var s = 0; s < segments.Count; s++)
        {
            if (used[s]) continue;
            used[s] = true;
            var forward = Walk(segments[s].Q);
            var backward = Walk(segments[s].P);
            backward.Reverse();
            backward.Add(segments[s].P);
            backward.Add(segments[s].Q);
            backward.AddRange(forward);
            chains.Add(backward);
        }
        return chains;

        void Add(long p, int s)
        {
            ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(at, p, out var exists);
            if (!exists) entry = (s, -1, 1);
            else
            {
                if (entry.Count == 1) entry.Second = s;
                entry.Count++;
            }
        }

        List<long> Walk(long from)
        {
            var points = new List<long>();
            var cur = from;
            while (at[cur] is { Count: 2 } list)
            {
                var next = used[list.First] ? list.Second : list.First;
                if (used[next]) break;
                used[next] = true;
                cur = segments[next].P == cur ? segments[next].Q : segments[next].P;
                points.Add(cur);
            }
            return points;
        }
    }
}
