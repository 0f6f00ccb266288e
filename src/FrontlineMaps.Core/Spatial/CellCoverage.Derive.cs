using System.Collections.Immutable;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Linemerge;

namespace FrontlineMaps.Core.Spatial;

public sealed partial class CellCoverage
{
    /// <summary>
    /// Dissolves the cells by label: one piece per label that has at least one non-empty cell, ordered by label. The outline
    /// of each piece is assembled from the precomputed cell edges whose neighbour carries another label (no overlay work).
    /// </summary>
    /// <param name="labels">labels[i] is the class of cell i (&gt;= 0), or -1 (any negative value) for "no territory".</param>
    /// <returns>The pieces: Polygon or MultiPolygon in lon/lat, area in km², sorted cell indices.</returns>
    /// <exception cref="ArgumentException">The number of labels differs from <see cref="Count"/>.</exception>
    public IReadOnlyList<TerritoryPiece> Territory(ReadOnlySpan<int> labels)
    {
        CheckLength(labels);
        var boundary = new Dictionary<int, (List<int> From, List<int> To, List<int> Places)>();
        for (int i = 0; i < _cells.Length; i++)
        {
            int label = labels[i];
            if (label < 0 || _edgeStart[i] == _edgeStart[i + 1]) continue;
            if (!boundary.TryGetValue(label, out var group)) boundary[label] = group = (new List<int>(), new List<int>(), new List<int>());
            group.Places.Add(i);
            for (int e = _edgeStart[i]; e < _edgeStart[i + 1]; e++)
            {
                int j = _edgeNeighbour[e];
                if (j >= 0 && labels[j] == label) continue;
                group.From.Add(_edgeFrom[e]);
                group.To.Add(_edgeTo[e]);
            }
        }

        var pieces = new List<TerritoryPiece>(boundary.Count);
        foreach (var (label, group) in boundary.OrderBy(kv => kv.Key))
        {
            var (polygons, area) = RingAssembler.Assemble(
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group.From),
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group.To), _vx, _vy);
            var geometry = RingAssembler.ToGeometry(polygons, Projection.LonLatFactory, Projection.Unproject);
            pieces.Add(new TerritoryPiece(label, geometry, area / 1e6, [.. group.Places]));
        }
        return pieces;
    }

    /// <summary>
    /// The front lines: the shared edges of neighbouring cells whose labels differ, are both &gt;= 0 and make
    /// <paramref name="isFront"/> true, one piece per unordered label pair, ordered by (LabelA, LabelB).
    /// </summary>
    /// <param name="labels">labels[i] is the class of cell i (&gt;= 0), or -1 (any negative value) for "no territory".</param>
    /// <param name="isFront">Whether two labels fight each other; called once per label pair with the smaller label first.</param>
    /// <returns>The pieces: merged LineString or MultiLineString in lon/lat, length in km, sorted cell indices of both sides.</returns>
    /// <exception cref="ArgumentException">The number of labels differs from <see cref="Count"/>.</exception>
    public IReadOnlyList<FrontPiece> Fronts(ReadOnlySpan<int> labels, Func<int, int, bool> isFront)
    {
        CheckLength(labels);
        ArgumentNullException.ThrowIfNull(isFront);
        var decided = new Dictionary<(int, int), bool>();
        var groups = new Dictionary<(int, int), (List<Geometry> Lines, HashSet<int> Places)>();
        foreach (var adjacency in Adjacency)
        {
            int a = labels[adjacency.A], b = labels[adjacency.B];
            if (a < 0 || b < 0 || a == b) continue;
            var key = a < b ? (a, b) : (b, a);
            if (!decided.TryGetValue(key, out bool front)) decided[key] = front = isFront(key.Item1, key.Item2);
            if (!front) continue;
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (new List<Geometry>(), new HashSet<int>());
            group.Lines.Add(adjacency.SharedLine);
            group.Places.Add(adjacency.A);
            group.Places.Add(adjacency.B);
        }

        var pieces = new List<FrontPiece>(groups.Count);
        foreach (var ((a, b), group) in groups.OrderBy(kv => kv.Key))
        {
            var merger = new LineMerger();
            merger.Add(group.Lines);
            var lines = merger.GetMergedLineStrings().Cast<LineString>().ToArray();
            double length = lines.Sum(l => l.Length);
            var lonLat = lines.Select(l => Projection.LonLatFactory.CreateLineString(Projection.Unproject(l.Coordinates))).ToArray();
            Geometry geometry = lonLat.Length == 1 ? lonLat[0] : Projection.LonLatFactory.CreateMultiLineString(lonLat);
            var places = group.Places.ToArray();
            Array.Sort(places);
            pieces.Add(new FrontPiece(a, b, geometry, length / 1000, ImmutableArray.Create(places)));
        }
        return pieces;
    }

    /// <summary>Area (km²) per label >= 0, summed from the precomputed cell areas; no geometry work.</summary>
    /// <param name="labels">labels[i] is the class of cell i (&gt;= 0), or -1 (any negative value) for "no territory".</param>
    /// <exception cref="ArgumentException">The number of labels differs from <see cref="Count"/>.</exception>
    public Dictionary<int, double> AreaByLabel(ReadOnlySpan<int> labels)
    {
        CheckLength(labels);
        var result = new Dictionary<int, double>();
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if (label < 0) continue;
            result[label] = result.GetValueOrDefault(label) + _areaKm2[i];
        }
        return result;
    }

    private void CheckLength(ReadOnlySpan<int> labels)
    {
        if (labels.Length != _cells.Length)
            throw new ArgumentException($"Expected {_cells.Length} labels, got {labels.Length}.", nameof(labels));
    }
}
