using System.Runtime.InteropServices;
using FrontlineMaps.Core.Encoders.Mvt.Proto;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Encoders.Mvt;

// The <c>territory</c> and <c>frontlines</c> layers: the boundary edges of the cells touching a tile, per class and per pair of factions.
public sealed partial class VectorTileEncoder
{
    private bool IsFront(AllianceTable alliances, int labelA, int labelB) =>
        alliances.AreOpposed(_labelFaction[labelA], _labelFaction[labelB]);

    /// <summary>
    /// One pass over the edges of the cells touching the tile: an edge whose other side has another label is on the boundary of
    /// its cell's class (shared edges of one class cancel without any hashing), and between non-allied factions it is a front.
    /// </summary>
    private void BoundaryLayers(TileContext t, MvtLayerBuilder? territory, MvtLayerBuilder? fronts)
    {
        var sc = t.Scratch;
        var gen = t.Generation;
        var candidates = sc.Cells.Items;
        candidates.Clear();
        _cellTree.Query(t.Buffered, sc.Cells);
        var cells = sc.LabelledCells;
        cells.Clear();
        foreach (var c in candidates)
        {
            var label = t.ClassLabel(c);
            if (label < 0) continue;
            cells.Add(((long)label << 32) | (uint)c);
            sc.CandidateStamp[c] = gen;
        }
        if (cells.Count == 0) return;
        cells.Sort();

        // The boundary edges of each class, one contiguous run per class (cells are visited in class order).
        var edges = sc.Edges;
        edges.Clear();
        var runs = sc.Runs;
        runs.Clear();
        sc.PairKeys.Clear();
        var runLabel = -1;
        var runStart = 0;
        foreach (var lc in cells)
        {
            var label = (int)(lc >> 32);
            var c = (int)(lc & 0xFFFFFFFF);
            if (label != runLabel)
            {
                if (edges.Count > runStart) runs.Add((runLabel, runStart, edges.Count));
                runLabel = label;
                runStart = edges.Count;
            }
            var inferred = label > 2 * _factionCount;
            for (var r = _cellRingStart[c]; r < _cellRingStart[c + 1]; r++)
                for (int i = _ringStart[r], end = _ringStart[r + 1]; i < end; i++)
                {
                    var twin = _edgeTwin[i];
                    var other = t.FactLabel(twin);
                    // An unknown neighbour of an inferred cell is in its region, so of its class; any other cell sees the fact
                    // label (an inferred neighbour is simply not its own class).
                    if (inferred && other < 0 && twin >= 0) other = label;
                    var twinVisited = twin >= 0 && sc.CandidateStamp[twin] == gen;
                    // A neighbour of the same class cancels the edge only when its own edges are visited too: a neighbour that
                    // does not touch the tile's buffer is outside, and the edge (clipped away later) closes the ring.
                    if (other == label && twinVisited) continue;
                    int u = _ringVertices[i], v = _ringVertices[i + 1 < end ? i + 1 : _ringStart[r]];
                    if (territory is not null) edges.Add(PreparedCells.EdgeKey(u, v));
                    // Inferred ground borders only its faction's held cells, which count the edge: it adds no vertex degree
                    // (so every other class is simplified exactly as without it) and is never a front.
                    if (inferred) continue;
                    // Each undirected boundary edge once: from the smaller label, or from the only side this tile visits.
                    if (other >= 0 && label > other && twinVisited) continue;
                    Bump(sc, gen, u);
                    Bump(sc, gen, v);
                    if (fronts is not null && other >= 0 && IsFront(t.Alliances, label, other))
                    {
                        int fa = _labelFaction[label], fb = _labelFaction[other];
                        if (_factionRank[fa] > _factionRank[fb]) (fa, fb) = (fb, fa);
                        var pairKey = _factionRank[fa] * _factionCount + _factionRank[fb];
                        var entry = sc.Pair(pairKey, _factionCount, gen);
                        entry.Edges.Add((u, v));
                        entry.Places.Add(c);
                        entry.Places.Add(twin);
                        entry.Km += _edgeKm[i];
                    }
                }
        }
        if (edges.Count > runStart) runs.Add((runLabel, runStart, edges.Count));
        if (territory is not null) TerritoryFeatures(t, territory, cells, runs);
        if (fronts is not null) FrontFeatures(t, fronts, sc.PairKeys);
    }

    private static void Bump(Scratch sc, int gen, int vertex)
    {
        if (sc.DegreeStamp[vertex] != gen) { sc.DegreeStamp[vertex] = gen; sc.Degree[vertex] = 0; }
        sc.Degree[vertex]++;
    }

    private void TerritoryFeatures(TileContext t, MvtLayerBuilder layer, List<long> cells, List<(int Label, int Start, int End)> runs)
    {
        var tolerance = Tolerance / t.Scale;
        var lo = -(double)Buffer;
        var hi = Extent + (double)Buffer;
        var sc = t.Scratch;
        var run = 0;
        for (var k = 0; k < cells.Count;)
        {
            var label = (int)(cells[k] >> 32);
            var first = k;
            for (; k < cells.Count && (int)(cells[k] >> 32) == label; k++) { }
            while (run < runs.Count && runs[run].Label < label) run++;
            if (run >= runs.Count || runs[run].Label != label) continue;
            var (_, start, end) = runs[run];
            var exteriors = new List<List<long>>();
            var holes = new List<List<long>>();
            AssembleRings(sc, CollectionsMarshal.AsSpan(sc.Edges)[start..end]);
            for (var ring = 0; ring + 1 < sc.RingStarts.Count; ring++)
            {
                var simplified = SimplifyRing(t, sc.RingStarts[ring], sc.RingStarts[ring + 1], tolerance);
                if (simplified.Count < 3) continue;
                var worldArea = 0.0;
                var tileRing = sc.TileRing;
                tileRing.Clear();
                for (int i = 0, j = simplified.Count - 1; i < simplified.Count; j = i++)
                {
                    worldArea += _vx[simplified[j]] * _vy[simplified[i]] - _vx[simplified[i]] * _vy[simplified[j]];
                    tileRing.Add((t.TX(_vx[simplified[i]]), t.TY(_vy[simplified[i]])));
                }
                var clipped = TileGeometry.Quantize(TileGeometry.ClipRing(tileRing, lo, hi, sc.ClipA, sc.ClipB), ring: true);
                if (clipped.Count < 3) continue;
                var area = TileGeometry.DoubleArea(clipped);
                if (area == 0 || (area > 0) != (worldArea > 0)) continue;
                (area > 0 ? exteriors : holes).Add(clipped);
            }
            if (exteriors.Count == 0) continue;
            // Each hole follows the smallest exterior that contains it.
            var areas = exteriors.Select(TileGeometry.DoubleArea).ToArray();
            var holesOf = new List<List<long>>?[exteriors.Count];
            foreach (var hole in holes)
            {
                var best = -1;
                for (var x = 0; x < exteriors.Count; x++)
                    if ((best < 0 || areas[x] < areas[best]) && TileGeometry.Contains(exteriors[x], hole[0])) best = x;
                if (best >= 0) (holesOf[best] ??= []).Add(hole);
            }

            var (faction, status, _) = Decode(label);
            var members = CollectionsMarshal.AsSpan(cells)[first..k];
            var km2 = 0.0;
            foreach (var m in members) km2 += _cellKm2[(int)(m & 0xFFFFFFFF)];
            layer.Begin(Tile.Types.GeomType.Polygon);
            layer.Tag("faction", faction);
            layer.Tag("status", status);
            layer.Tag("area_km2", Math.Round(km2, 3));
            layer.Tag("place_count", (long)members.Length);
            if (members.Length <= MaxListedPlaces)
            {
                var ids = new int[members.Length];
                for (var m = 0; m < ids.Length; m++) ids[m] = (int)(members[m] & 0xFFFFFFFF);
                layer.Tag("places", PlaceIds(ids));
            }
            for (var x = 0; x < exteriors.Count; x++)
            {
                layer.Ring(CollectionsMarshal.AsSpan(exteriors[x]));
                if (holesOf[x] is { } hs)
                    foreach (var h in hs) layer.Ring(CollectionsMarshal.AsSpan(h));
            }
            layer.End();
        }
    }

    /// <summary>The front edges of one pair of factions in a tile, with their length and the places on either side.</summary>
    private sealed class FrontPairEdges
    {
        public readonly List<(int U, int V)> Edges = [];
        public readonly List<int> Places = [];
        public double Km;
        public int Generation;
    }

    private void FrontFeatures(TileContext t, MvtLayerBuilder layer, List<int> pairKeys)
    {
        var lo = -(double)Buffer;
        var hi = Extent + (double)Buffer;
        var sc = t.Scratch;
        pairKeys.Sort();
        foreach (var pairKey in pairKeys)
        {
            var pair = sc.Pairs[pairKey]!;
            var (edges, km) = (pair.Edges, pair.Km);
            var allPlaces = pair.Places;
            allPlaces.Sort();
            var places = sc.FrontPlaces;
            places.Clear();
            foreach (var p in allPlaces) if (places.Count == 0 || places[^1] != p) places.Add(p);
            var segments = sc.Segments;
            segments.Clear();
            foreach (var (u, v) in edges)
            {
                double x0 = t.TX(_vx[u]), y0 = t.TY(_vy[u]), x1 = t.TX(_vx[v]), y1 = t.TY(_vy[v]);
                if (!TileGeometry.ClipSegment(ref x0, ref y0, ref x1, ref y1, lo, hi)) continue;
                var p = MvtLayerBuilder.Pack((int)Math.Round(x0), (int)Math.Round(y0));
                var q = MvtLayerBuilder.Pack((int)Math.Round(x1), (int)Math.Round(y1));
                if (p != q) segments.Add((p, q));
            }
            if (segments.Count == 0) continue;
            var a = _timeline.Factions[Array.IndexOf(_factionRank, pairKey / _factionCount)].Id;
            var b = _timeline.Factions[Array.IndexOf(_factionRank, pairKey % _factionCount)].Id;
            layer.Begin(Tile.Types.GeomType.Linestring);
            layer.Tag("factions", a + "|" + b);
            layer.Tag("faction_a", a);
            layer.Tag("faction_b", b);
            layer.Tag("length_km", Math.Round(km, 3));
            layer.Tag("place_count", (long)places.Count);
            if (places.Count <= MaxListedPlaces) layer.Tag("places", PlaceIds(places));
            foreach (var chain in Chains(segments))
            {
                var simplified = TileGeometry.Simplify(chain, Tolerance);
                if (simplified.Count >= 2) layer.Line(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(simplified));
            }
            layer.End();
        }
    }

    private string PlaceIds(IEnumerable<int> places)
    {
        var ids = places.Select(p => _timeline.Places[p].Id).ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        return string.Join(',', ids);
    }
}
