using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>
/// What the encoder prepares from the places' positions and their cells alone: the Morton index of the places, the cells'
/// shared-vertex rings in world coordinates with their STR-tree, the twin and length of every edge. It does not depend on the
/// change log, so a map state whose cells are those of the state it replaces (a write that adds records, not places) reuses
/// it instead of rebuilding it (most of the encoder's construction time).
/// </summary>
public sealed class PreparedCells
{
    private const int MortonBits = 28;
    private const double A = 6378.137;          // WGS 84 semi-major axis, km
    private const double E2 = 0.00669437999014; // WGS 84 first eccentricity squared

    internal readonly CellCoverage Cells;
    internal readonly double[] Px, Py;
    internal readonly long[] MortonCodes;
    internal readonly int[] MortonOrder, MortonRank;
    internal readonly double[] Vx, Vy;
    internal readonly int[] CellRingStart, RingStart, RingVertices;
    internal readonly double[] CellKm2;
    internal readonly STRtree<int> CellTree = new(); // measured: 2× faster than HPRtree for these queries
    internal readonly int[] EdgeTwin;
    internal readonly float[] EdgeKm;

    internal PreparedCells(ControlMap map)
    {
        Cells = map.Cells;
        var places = map.Timeline.Places;
        var n = places.Length;
        Px = new double[n];
        Py = new double[n];
        MortonCodes = new long[n];
        MortonOrder = new int[n];
        for (var i = 0; i < n; i++)
        {
            (Px[i], Py[i]) = WebMercator.ToWorld(places[i].Lon, places[i].Lat);
            MortonCodes[i] = Morton(Cell(Px[i]), Cell(Py[i]));
            MortonOrder[i] = i;
        }
        Array.Sort((long[])MortonCodes.Clone(), MortonOrder);
        Array.Sort(MortonCodes);
        MortonRank = new int[n];
        for (var k = 0; k < n; k++) MortonRank[MortonOrder[k]] = k;

        // Cells: one vertex table, so that neighbours share vertex ids and shared edges cancel exactly.
        var vertexIds = new Dictionary<(double, double), int>();
        var vx = new List<double>();
        var vy = new List<double>();
        var ringStart = new List<int> { 0 };
        var ringVertices = new List<int>();
        CellRingStart = new int[n + 1];
        CellKm2 = new double[n];
        var cells = map.Cells;
        for (var c = 0; c < n; c++)
        {
            CellKm2[c] = cells.CellAreaKm2(c);
            var g = cells.CellLonLat(c);
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            for (var k = 0; k < g.NumGeometries; k++)
            {
                if (g.GetGeometryN(k) is not Polygon { IsEmpty: false } polygon) continue;
                for (var r = -1; r < polygon.NumInteriorRings; r++)
                {
                    var ring = r < 0 ? polygon.ExteriorRing : polygon.GetInteriorRingN(r);
                    var coords = ring.Coordinates;
                    var start = ringVertices.Count;
                    for (var i = 0; i < coords.Length - 1; i++)
                    {
                        var key = (coords[i].X, coords[i].Y);
                        if (!vertexIds.TryGetValue(key, out var id))
                        {
                            id = vx.Count;
                            vertexIds.Add(key, id);
                            var (wx, wy) = WebMercator.ToWorld(coords[i].X, coords[i].Y);
                            vx.Add(wx);
                            vy.Add(wy);
                        }
                        if (ringVertices.Count > start && ringVertices[^1] == id) continue;
                        ringVertices.Add(id);
                        minX = Math.Min(minX, vx[id]); maxX = Math.Max(maxX, vx[id]);
                        minY = Math.Min(minY, vy[id]); maxY = Math.Max(maxY, vy[id]);
                    }
                    if (ringVertices.Count - start < 3) { ringVertices.RemoveRange(start, ringVertices.Count - start); continue; }
                    var area = 0.0;
                    for (int i = start, j = ringVertices.Count - 1; i < ringVertices.Count; j = i++)
                        area += vx[ringVertices[j]] * vy[ringVertices[i]] - vx[ringVertices[i]] * vy[ringVertices[j]];
                    if ((r < 0) != (area > 0)) ringVertices.Reverse(start, ringVertices.Count - start);
                    ringStart.Add(ringVertices.Count);
                }
            }
            CellRingStart[c + 1] = ringStart.Count - 1;
            if (minX <= maxX) CellTree.Insert(new Envelope(minX, maxX, minY, maxY), c);
        }
        Vx = [.. vx];
        Vy = [.. vy];
        RingStart = [.. ringStart];
        RingVertices = [.. ringVertices];
        CellTree.Build();

        // The cell on the other side of every directed edge (-1 on the coverage's outer boundary), and each edge's length.
        EdgeTwin = new int[RingVertices.Length];
        EdgeKm = new float[RingVertices.Length];
        var owner = new Dictionary<long, int>(RingVertices.Length, PackedKeyComparer.Instance);
        for (var c = 0; c < n; c++)
            for (var r = CellRingStart[c]; r < CellRingStart[c + 1]; r++)
                for (var i = RingStart[r]; i < RingStart[r + 1]; i++)
                    owner[EdgeKey(RingVertices[i], RingVertices[NextInRing(RingStart, r, i)])] = c;
        for (var c = 0; c < n; c++)
            for (var r = CellRingStart[c]; r < CellRingStart[c + 1]; r++)
                for (var i = RingStart[r]; i < RingStart[r + 1]; i++)
                {
                    int u = RingVertices[i], v = RingVertices[NextInRing(RingStart, r, i)];
                    EdgeTwin[i] = owner.TryGetValue(EdgeKey(v, u), out var twin) ? twin : -1;
                    double dx = Vx[v] - Vx[u], dy = Vy[v] - Vy[u];
                    // On the WGS 84 ellipsoid: east-west by the prime-vertical radius N, north-south by the meridional radius M.
                    var phi = WebMercator.ToLonLat(0, (Vy[u] + Vy[v]) / 2).Lat * Math.PI / 180;
                    var w2 = 1 - E2 * Math.Sin(phi) * Math.Sin(phi);
                    double nRadius = A / Math.Sqrt(w2), mRadius = A * (1 - E2) / (w2 * Math.Sqrt(w2));
                    EdgeKm[i] = (float)(2 * Math.PI * Math.Cos(phi) * Math.Sqrt(nRadius * dx * nRadius * dx + mRadius * dy * mRadius * dy));
                }
    }

    private static int NextInRing(int[] ringStart, int ring, int i) => i + 1 < ringStart[ring + 1] ? i + 1 : ringStart[ring];

    internal static long EdgeKey(int u, int v) => ((long)u << 32) | (uint)v;

    private static int Cell(double w) => (int)Math.Clamp(Math.Floor(w * (1 << MortonBits)), 0, (1 << MortonBits) - 1);

    private static long Morton(int x, int y) => (long)(Spread((uint)x) | (Spread((uint)y) << 1));

    private static ulong Spread(uint v)
    {
        ulong x = v;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFUL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x << 2)) & 0x3333333333333333UL;
        x = (x | (x << 1)) & 0x5555555555555555UL;
        return x;
    }

    /// <summary>The tile at zoom <paramref name="z"/> whose Morton range holds the world position (<paramref name="x"/>, <paramref name="y"/>).</summary>
    internal static (int X, int Y) TileOf(double x, double y, int z) => (Cell(x) >> (MortonBits - z), Cell(y) >> (MortonBits - z));

    /// <summary>The Morton codes of the places inside <paramref name="tile"/>: [Lo, Hi).</summary>
    internal static (long Lo, long Hi) MortonRange(TileId tile)
    {
        var shift = 2 * (MortonBits - tile.Z);
        return (Morton(tile.X, tile.Y) << shift, (Morton(tile.X, tile.Y) + 1) << shift);
    }
}
