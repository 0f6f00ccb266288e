using System.Globalization;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Spatial;
using FrontlineMaps.Core.Timeline;
using NetTopologySuite.Index.Strtree;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>
/// Mapbox Vector Tiles (spec 2.1, extent 4096) of the map at a date. Everything expensive is prepared once, at construction:
/// places in a Morton-ordered (quadkey) index, the place cells and their shared edges in WebMercator with STR-trees and a
/// shared-vertex table. A tile then derives territory and front lines <em>locally</em>: it looks up the state of only the places
/// whose cells touch the tile (one binary search each), dissolves those cells per class by cancelling shared edges, simplifies
/// the boundaries chain by chain (Douglas–Peucker, ≈ 1 pixel of a 512-pixel tile, identical on both sides of a shared boundary),
/// clips with a 64-unit buffer and encodes. No per-date work covers the whole map, so an uncached tile at a new date costs
/// what its own content costs. Thread-safe.
/// </summary>
/// <remarks>
/// Territory and front features describe the part of their class inside the tile: <c>area_km2</c> and <c>place_count</c>
/// (with <c>places</c> when at most <see cref="MaxListedPlaces"/>) count the cells touching the tile (+ buffer), and
/// <c>length_km</c> the front edges touching it. Whole-map totals are in the GeoJSON endpoints.
/// </remarks>
public sealed partial class VectorTileEncoder
{
    /// <summary>Tile extent (units per side).</summary>
    public const int Extent = 4096;

    /// <summary>Buffer around the tile (tile units) that territory and front lines are clipped to.</summary>
    public const int Buffer = 64;

    /// <summary>Simplification tolerance in tile units: one pixel of a tile drawn 512 pixels wide.</summary>
    public const double Tolerance = Extent / 512.0;

    /// <summary>At most this many place ids are listed in <c>places</c> of a territory or front feature; beyond, only the count.</summary>
    public const int MaxListedPlaces = 50;

    /// <summary>Days of records in the <c>changes</c> layer, ending with the day of the map's last state change.</summary>
    public const int ChangeWindowDays = 30;

    private readonly ControlTimeline _timeline;
    private readonly int _factionCount;
    private readonly int[] _factionRank;
    // places
    private readonly double[] _px, _py;
    private readonly long[] _morton;
    private readonly int[] _mortonOrder;
    private readonly int[] _mortonRank;
    private readonly long[] _logKeys;
    private readonly int[] _logOrder, _logPlace;
    // cells: shared vertices in world coordinates, rings as vertex ids (exterior positive area in y-down, holes negative)
    private readonly double[] _vx, _vy;
    private readonly int[] _cellRingStart, _ringStart, _ringVertices;
    private readonly double[] _cellKm2;
    private readonly STRtree<int> _cellTree;
    private readonly int[] _edgeTwin;
    private readonly float[] _edgeKm;
    // the strings of the places layer, prepared once (ValueTable ids; -1: none)
    private readonly ValueTable _values;
    private readonly PlaceRow[] _rows; // in Morton order, so that a tile reads a contiguous run
    private readonly MortonSegments _latest; // the latest view's segments, in Morton order of their places
    private readonly int[] _factionIdValue, _factionNameValue;
    private readonly int[] _statusValue;
    private readonly int _firstDay;
    private readonly int[] _dayValue; // value id of each day from _firstDay on
    private readonly ThreadLocal<Scratch> _scratch;
    private readonly int[] _labelFaction; // the faction of a territory class (label), -1 for contested
    private readonly CellCoverage _cells;
    private readonly int _maxInferredPlaces;

    /// <summary>
    /// Prepares the indexes for the places and cells of <paramref name="map"/>, reusing <paramref name="previous"/> (the
    /// <see cref="PreparedCells"/> of the encoder of an earlier map state) when it was prepared from the same cells.
    /// </summary>
    public VectorTileEncoder(ControlMap map, PreparedCells? previous = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        _timeline = map.Timeline;
        _factionCount = _timeline.Factions.Length;
        var byId = Enumerable.Range(0, _factionCount).OrderBy(f => _timeline.Factions[f].Id, StringComparer.Ordinal).ToArray();
        _factionRank = new int[_factionCount];
        for (var r = 0; r < byId.Length; r++) _factionRank[byId[r]] = r;

        PreparedCells = previous is not null && ReferenceEquals(previous.Cells, map.Cells) ? previous : new PreparedCells(map);
        var prepared = PreparedCells;
        (_px, _py, _morton, _mortonOrder, _mortonRank) = (prepared.Px, prepared.Py, prepared.MortonCodes, prepared.MortonOrder, prepared.MortonRank);
        (_vx, _vy, _cellRingStart, _ringStart, _ringVertices) = (prepared.Vx, prepared.Vy, prepared.CellRingStart, prepared.RingStart, prepared.RingVertices);
        (_cellKm2, _cellTree, _edgeTwin, _edgeKm) = (prepared.CellKm2, prepared.CellTree, prepared.EdgeTwin, prepared.EdgeKm);
        var places = _timeline.Places;
        var n = places.Length;
        // The log in valid-time order (key, then order of record), as the change feed orders it, with each record's place: the
        // timeline's own index (read only), not sorted again for every new state.
        var logRecords = _timeline.Log;
        (_logOrder, _logKeys) = _timeline.ByKey;
        _logPlace = _timeline.PlaceOfRecords();
        // Every string of the places layer except a contested place's list of factions, in one value table.
        var values = new ValueTable.Builder();
        int Intern(string? value) => value is null ? -1 : values.Add(value);
        _rows = new PlaceRow[n];
        for (var k = 0; k < n; k++)
        {
            var i = _mortonOrder[k];
            var p = places[i];
            _rows[k] = new PlaceRow
            {
                Place = i,
                X = _px[i],
                Y = _py[i],
                Approximate = p.LocationIsApproximate,
                Id = Intern(p.Id),
                Name = Intern(p.Name),
                Names = Intern(p.AlternateNames.IsDefaultOrEmpty ? null : string.Join(',', p.AlternateNames)),
                Kind = Intern(GeoJsonFeatureEncoder.KindName(p.Kind)),
            };
        }
        _factionIdValue = _timeline.Factions.Select(f => Intern(f.Id)).ToArray();
        _factionNameValue = _timeline.Factions.Select(f => Intern(f.Name)).ToArray();
        _statusValue = Enum.GetValues<PlaceStatus>().Select(s => Intern(GeoJsonFeatureEncoder.StatusName(s))).ToArray();
        // Days of the log's valid time (since, last_confirmed), when the span is a reasonable table.
        _dayValue = [];
        if (logRecords.Count > 0)
        {
            var first = logRecords.Min(c => c.ValidTime.Day.DayNumber);
            var last = logRecords.Max(c => c.ValidTime.EffectiveDay.DayNumber);
            if (last - first < 100_000)
            {
                _firstDay = first;
                _dayValue = Enumerable.Range(first, last - first + 1)
                    .Select(d => values.Add(DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToArray();
            }
        }
        _values = values.Build();
        _latest = new MortonSegments(_timeline.ViewFor(null), _mortonOrder);
        _cells = map.Cells;
        _maxInferredPlaces = map.MaxInferredPlaces;
        _labelFaction = Enumerable.Range(0, 3 * _factionCount + 1).Select(l => Decode(l).FactionIndex).ToArray();
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(n, _vx.Length));
    }

    /// <summary>The preparation of places and cells this encoder uses (pass it to the encoder of the next map state with the same cells).</summary>
    public PreparedCells PreparedCells { get; }

    /// <summary>The timeline the tiles are made from.</summary>
    public ControlTimeline Timeline => _timeline;

    /// <summary>
    /// The tile <paramref name="tile"/> of the map at the end of <paramref name="date"/> as known at <paramref name="knownAt"/>
    /// (null: everything recorded), as MVT bytes; an empty array when no layer has a feature.
    /// </summary>
    public byte[] Encode(TileId tile, DateOnly date, DateTimeOffset? knownAt = null, TileLayers layers = TileLayers.All) =>
        Encode(tile, date, _timeline.VersionOf(knownAt), knownAt, layers);

    /// <summary>
    /// <see cref="Encode(TileId, DateOnly, DateTimeOffset?, TileLayers)"/> with the knowledge version of <paramref name="knownAt"/>
    /// already computed (<see cref="ControlTimeline.VersionOf"/>): a request finds it once and passes it down.
    /// </summary>
    public byte[] Encode(TileId tile, DateOnly date, int knowledgeVersion, DateTimeOffset? knownAt, TileLayers layers)
    {
        if (!tile.IsValid()) throw new ArgumentOutOfRangeException(nameof(tile), tile, "not a tile of the WebMercatorQuad grid");
        var t = new TileContext(this, tile, _timeline.ViewOf(knowledgeVersion), TimeKey.EndOfDay(date), _timeline.AlliancesOn(date));
        var result = t.Scratch.Tile;
        result.Clear();
        if ((layers & TileLayers.Places) != 0) AddLayer(result, PlacesLayer(t));
        var territory = (layers & TileLayers.Territory) != 0 ? t.Scratch.Layer("territory", 1, null) : null;
        var fronts = (layers & TileLayers.Frontlines) != 0 ? t.Scratch.Layer("frontlines", 2, null) : null;
        if (territory is not null || fronts is not null) BoundaryLayers(t, territory, fronts);
        if (territory is not null) AddLayer(result, territory);
        if (fronts is not null) AddLayer(result, fronts);
        if ((layers & TileLayers.Changes) != 0) AddLayer(result, ChangesLayer(t, date, knownAt));
        return result.Length == 0 ? [] : result.ToArray();
    }

    private static void AddLayer(ByteWriter tile, MvtLayerBuilder layer)
    {
        if (layer.FeatureCount > 0) layer.WriteTo(tile);
    }

    private (string Faction, string Status, int FactionIndex) Decode(int label) =>
        label < _factionCount ? (_timeline.Factions[label].Id, "held", label)
        : label < 2 * _factionCount ? (_timeline.Factions[label - _factionCount].Id, "claimed", label - _factionCount)
        : label == 2 * _factionCount ? (ControlMap.ContestedClass, "contested", -1)
        : (_timeline.Factions[label - 2 * _factionCount - 1].Id, ControlMap.InferredStatus, label - 2 * _factionCount - 1);

    private static int LowerBound(long[] a, long value) => LowerBound((ReadOnlySpan<long>)a, value);

    private static int LowerBound(ReadOnlySpan<long> a, long value)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
