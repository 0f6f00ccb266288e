using FrontlineMaps.Core.Derivation;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>
/// The tiles whose bytes a change of some places can alter, by what <see cref="VectorTileEncoder"/> reads for a tile:
/// <list type="bullet">
/// <item><c>places</c> and <c>changes</c>: the places (and their records) whose point is in the tile's Morton range;</item>
/// <item><c>territory</c> and <c>frontlines</c>: the cells whose envelope meets the tile and its <see cref="VectorTileEncoder.Buffer"/>
/// (the same test, on the same world envelopes, as the encoder's cell index); every feature property (area, places, length) is
/// summed over those cells and their edges alone, so nothing outside them counts;</item>
/// <item>for a tile moved to another state key, the <c>changes</c> window moves too: the places with records on the days one
/// window holds and the other does not.</item>
/// </list>
/// A tile none of these meets has the same bytes in both states. Not thread-safe: it indexes the points of a zoom on first use.
/// </summary>
public sealed class TileFootprint
{
    private readonly Envelope[] _cells;
    private readonly Envelope _cellBounds = new();
    private readonly (double X, double Y)[] _places;
    private readonly (double X, double Y)[] _records;
    private readonly Dictionary<int, HashSet<long>> _placeTiles = [];
    private readonly Dictionary<int, HashSet<long>> _recordTiles = [];

    private TileFootprint(Envelope[] cells, (double, double)[] places, (double, double)[] records)
    {
        (_cells, _places, _records) = (cells, places, records);
        foreach (var e in cells) _cellBounds.ExpandToInclude(e);
    }

    /// <summary>
    /// The footprint of <paramref name="cells"/> (whose boundary may differ), <paramref name="places"/> (whose own state or records
    /// may differ) and <paramref name="records"/> (whose records enter or leave the <c>changes</c> window) on <paramref name="map"/>.
    /// </summary>
    public static TileFootprint Of(ControlMap map, IEnumerable<int> cells, IEnumerable<int> places, IEnumerable<int>? records = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var envelopes = new List<Envelope>();
        foreach (var c in cells)
        {
            // As PreparedCells indexes a cell: every vertex to world coordinates, then their bounds.
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            foreach (var v in map.Cells.CellLonLat(c).Coordinates)
            {
                var (x, y) = WebMercator.ToWorld(v.X, v.Y);
                minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
                minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
            }
            if (minX <= maxX) envelopes.Add(new Envelope(minX, maxX, minY, maxY));
        }
        var all = map.Timeline.Places;
        (double, double)[] Points(IEnumerable<int>? indices) =>
            indices is null ? [] : [.. indices.Distinct().Select(i => WebMercator.ToWorld(all[i].Lon, all[i].Lat))];
        return new TileFootprint([.. envelopes], Points(places), Points(records));
    }

    /// <summary>Whether the layers <paramref name="layers"/> of <paramref name="tile"/> may differ.</summary>
    public bool Touches(TileId tile, TileLayers layers)
    {
        if ((layers & (TileLayers.Places | TileLayers.Changes)) != 0 && Holds(_places, _placeTiles, tile)) return true;
        if ((layers & TileLayers.Changes) != 0 && Holds(_records, _recordTiles, tile)) return true;
        if ((layers & (TileLayers.Territory | TileLayers.Frontlines)) == 0 || _cells.Length == 0) return false;
        var buffered = VectorTileEncoder.BufferedBounds(tile);
        if (!buffered.Intersects(_cellBounds)) return false;
        foreach (var e in _cells)
            if (buffered.Intersects(e)) return true;
        return false;
    }

    /// <summary>Whether a point is in the tile, by the tiles of each zoom that hold one (made once per zoom).</summary>
    private static bool Holds((double X, double Y)[] points, Dictionary<int, HashSet<long>> byZoom, TileId tile)
    {
        if (points.Length == 0) return false;
        if (!byZoom.TryGetValue(tile.Z, out var tiles))
        {
            byZoom[tile.Z] = tiles = [];
            foreach (var (x, y) in points)
            {
                var (tx, ty) = PreparedCells.TileOf(x, y, tile.Z);
                tiles.Add(((long)tx << 32) | (uint)ty);
            }
        }
        return tiles.Contains(((long)tile.X << 32) | (uint)tile.Y);
    }
}
