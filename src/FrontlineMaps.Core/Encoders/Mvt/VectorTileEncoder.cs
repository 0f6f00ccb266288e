using System.Globalization;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt.Proto;
using FrontlineMaps.Core.Spatial;
using FrontlineMaps.Core.Timeline;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>The layers of a vector tile.</summary>
[Flags]
public enum TileLayers
{
    /// <summary>No layer.</summary>
    None = 0,
    /// <summary><c>places</c>: one point per place with its state (contract "place").</summary>
    Places = 1,
    /// <summary><c>territory</c>: polygons per faction and status (contract "territory").</summary>
    Territory = 2,
    /// <summary><c>frontlines</c>: lines per pair of non-allied factions (contract "front line").</summary>
    Frontlines = 4,
    /// <summary><c>changes</c>: the records of the 30 days up to the map's state, at their place (contract "change").</summary>
    Changes = 8,
    /// <summary>Places, territory and front lines (the three map layers).</summary>
    Map = Places | Territory | Frontlines,
    /// <summary>Every layer.</summary>
    All = Places | Territory | Frontlines | Changes,
}

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
public sealed class VectorTileEncoder
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

    private const int MortonBits = 28;
    private const double A = 6378.137;          // WGS 84 semi-major axis, km
    private const double E2 = 0.00669437999014; // WGS 84 first eccentricity squared

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
    /// <see cref="Geometry"/> of the encoder of an earlier map state) when it was prepared from the same cells.
    /// </summary>
    public VectorTileEncoder(ControlMap map, Prepared? previous = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        _timeline = map.Timeline;
        _factionCount = _timeline.Factions.Length;
        var byId = Enumerable.Range(0, _factionCount).OrderBy(f => _timeline.Factions[f].Id, StringComparer.Ordinal).ToArray();
        _factionRank = new int[_factionCount];
        for (var r = 0; r < byId.Length; r++) _factionRank[byId[r]] = r;

        Geometry = previous is not null && ReferenceEquals(previous.Cells, map.Cells) ? previous : new Prepared(map);
        (_px, _py, _morton, _mortonOrder, _mortonRank) = (Geometry.Px, Geometry.Py, Geometry.MortonCodes, Geometry.MortonOrder, Geometry.MortonRank);
        (_vx, _vy, _cellRingStart, _ringStart, _ringVertices) = (Geometry.Vx, Geometry.Vy, Geometry.CellRingStart, Geometry.RingStart, Geometry.RingVertices);
        (_cellKm2, _cellTree, _edgeTwin, _edgeKm) = (Geometry.CellKm2, Geometry.CellTree, Geometry.EdgeTwin, Geometry.EdgeKm);
        var places = _timeline.Places;
        var n = places.Length;
        // The log in valid-time order (key, then order of record), as the change feed orders it, with each record's place.
        var logRecords = _timeline.Log;
        var composite = new long[logRecords.Count];
        _logPlace = new int[logRecords.Count];
        for (var li = 0; li < composite.Length; li++)
        {
            composite[li] = (logRecords[li].ValidTime.Key << 32) | (uint)li;
            _logPlace[li] = _timeline.PlaceIndex(logRecords[li].PlaceId);
        }
        Array.Sort(composite);
        _logKeys = new long[composite.Length];
        _logOrder = new int[composite.Length];
        for (var k = 0; k < composite.Length; k++)
        {
            _logKeys[k] = composite[k] >> 32;
            _logOrder[k] = (int)(composite[k] & 0xFFFFFFFF);
        }
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

    /// <summary>Collects the cells an index query visits, into a list reused per thread.</summary>
    private sealed class Candidates : IItemVisitor<int>
    {
        public readonly List<int> Items = [];

        public void VisitItem(int item) => Items.Add(item);
    }

    /// <summary>One resolved segment of a place's states (see <see cref="KnowledgeView"/>) in one struct.</summary>
    private struct Segment
    {
        public long Key;
        public int Controller, Since, LastConfirmed, Sources, PartiesId;
        public PlaceStatus Status;
    }

    /// <summary>
    /// The segments of a <see cref="KnowledgeView"/> copied into one array of structs, places in Morton order: the places of a
    /// tile then read one contiguous run of memory instead of seven arrays at random (measured: most of the places layer's cost).
    /// </summary>
    private sealed class MortonSegments
    {
        public readonly KnowledgeView View;
        public readonly int[] Offsets; // by Morton rank
        public readonly Segment[] Rows;

        public MortonSegments(KnowledgeView view, int[] mortonOrder)
        {
            View = view;
            Offsets = new int[mortonOrder.Length + 1];
            Rows = new Segment[view.Keys.Length];
            var at = 0;
            for (var k = 0; k < mortonOrder.Length; k++)
            {
                Offsets[k] = at;
                var i = mortonOrder[k];
                for (var seg = view.Offsets[i]; seg < view.Offsets[i + 1]; seg++)
                    Rows[at++] = new Segment
                    {
                        Key = view.Keys[seg], Controller = view.Controller[seg], Status = view.Status[seg], Since = view.Since[seg],
                        LastConfirmed = view.LastConfirmed[seg], Sources = view.Sources[seg], PartiesId = view.PartiesId[seg],
                    };
            }
            Offsets[mortonOrder.Length] = at;
        }

        /// <summary>The segment in force for the place of Morton rank <paramref name="k"/> at <paramref name="key"/>, or -1.</summary>
        public int SegmentAt(int k, long key)
        {
            int lo = Offsets[k], hi = Offsets[k + 1] - 1;
            var rows = Rows;
            if (hi < lo || rows[lo].Key > key) return -1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) >>> 1;
                if (rows[mid].Key <= key) lo = mid; else hi = mid - 1;
            }
            return lo;
        }
    }

    /// <summary>What the places layer needs of one place, in Morton order: value ids of its strings and its world position.</summary>
    private struct PlaceRow
    {
        public int Place, Id, Name, Names, Kind;
        public double X, Y;
        public bool Approximate;
    }

    /// <summary>
    /// What the encoder prepares from the places' positions and their cells alone: the Morton index of the places, the cells'
    /// shared-vertex rings in world coordinates with their STR-tree, the twin and length of every edge. It does not depend on the
    /// change log, so a map state whose cells are those of the state it replaces (a write that adds records, not places) reuses
    /// it instead of rebuilding it (most of the encoder's construction time).
    /// </summary>
    public sealed class Prepared
    {
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

        internal Prepared(ControlMap map)
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
    }

    private static int NextInRing(int[] ringStart, int ring, int i) => i + 1 < ringStart[ring + 1] ? i + 1 : ringStart[ring];

    /// <summary>The preparation of places and cells this encoder uses (pass it to the encoder of the next map state).</summary>
    public Prepared Geometry { get; }

    private int Next(int ring, int i) => i + 1 < _ringStart[ring + 1] ? i + 1 : _ringStart[ring];

    /// <summary>Per-thread lookup tables stamped with a generation per tile, so that a tile allocates none of them.</summary>
    private sealed class Scratch(int places, int vertices)
    {
        public int Generation;
        public readonly int[] LabelStamp = new int[places];
        public readonly int[] Labels = new int[places];
        public readonly int[] CandidateStamp = new int[places];
        public readonly int[] DegreeStamp = new int[vertices];
        public readonly int[] Degree = new int[vertices];
        public readonly ValueTable.Stamps Values = new();
        public readonly InferredGround.Scratch Inference = new(places);
        // boundary layers: reused by every tile of this thread
        public readonly Candidates Cells = new();
        public readonly List<long> LabelledCells = [];
        public readonly List<long> Edges = [];
        public readonly List<(int Label, int Start, int End)> Runs = [];
        public readonly List<int> RingVertices = [];
        public readonly List<int> RingStarts = [];
        public readonly List<int> Nodes = [];
        public readonly List<int> Chain = [];
        public readonly List<int> Simplified = [];
        public readonly List<(double X, double Y)> TileRing = [];
        public readonly List<(double X, double Y)> ClipA = [];
        public readonly List<(double X, double Y)> ClipB = [];
        public bool[] Used = new bool[256];
        public bool[] Keep = new bool[256];
        public readonly Stack<(int, int)> Stack = new();
        public FrontPairEdges?[] Pairs = [];
        public readonly List<int> PairKeys = [];
        public readonly List<int> FrontPlaces = [];
        public readonly List<(long P, long Q)> Segments = [];

        /// <summary>The front edges of a pair of factions in the current tile (emptied on first use in a tile).</summary>
        public FrontPairEdges Pair(int pairKey, int factions, int generation)
        {
            if (Pairs.Length < factions * factions) Pairs = new FrontPairEdges?[factions * factions];
            var pair = Pairs[pairKey] ??= new FrontPairEdges { Generation = generation - 1 };
            if (pair.Generation != generation)
            {
                pair.Generation = generation;
                pair.Edges.Clear();
                pair.Places.Clear();
                pair.Km = 0;
                PairKeys.Add(pairKey);
            }
            return pair;
        }
        public readonly ByteWriter Tile = new();
        public readonly ByteWriter[] LayerBuffers = Enumerable.Range(0, 8).Select(_ => new ByteWriter()).ToArray();

        /// <summary>A layer writing into this thread's buffers (slot: one per layer of a tile).</summary>
        public MvtLayerBuilder Layer(string name, int slot, ValueTable? table) =>
            new(name, Extent, LayerBuffers[2 * slot], LayerBuffers[2 * slot + 1], table, table is null ? null : Values);
    }

    /// <summary>The timeline the tiles are made from.</summary>
    public ControlTimeline Timeline => _timeline;

    /// <summary>
    /// The tile <paramref name="tile"/> of the map at the end of <paramref name="date"/> as known at <paramref name="knownAt"/>
    /// (null: everything recorded), as MVT bytes; an empty array when no layer has a feature.
    /// </summary>
    public byte[] Encode(TileId tile, DateOnly date, DateTimeOffset? knownAt = null, TileLayers layers = TileLayers.All)
    {
        if (!tile.IsValid()) throw new ArgumentOutOfRangeException(nameof(tile), tile, "not a tile of the WebMercatorQuad grid");
        var t = new TileContext(this, tile, _timeline.ViewFor(knownAt), TimeKey.EndOfDay(date), _timeline.AlliancesOn(date));
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

    /// <summary>Per-tile state: the transform to tile units and the labels of the places looked up so far.</summary>
    private sealed class TileContext
    {
        public readonly TileId Tile;
        public readonly KnowledgeView View;
        public readonly long Key;
        public readonly AllianceTable Alliances;
        public readonly double Scale, OffsetX, OffsetY;
        public readonly Envelope Buffered;
        private readonly VectorTileEncoder _owner;
        private readonly MortonSegments? _latest;
        public readonly Scratch Scratch;
        public readonly int Generation;

        public TileContext(VectorTileEncoder owner, TileId tile, KnowledgeView view, long key, AllianceTable alliances)
        {
            Alliances = alliances;
            _owner = owner;
            Tile = tile;
            View = view;
            _latest = ReferenceEquals(view, owner._latest.View) ? owner._latest : null;
            Key = key;
            var n = (double)(1L << tile.Z);
            Scale = Extent * n;
            OffsetX = tile.X * (double)Extent;
            OffsetY = tile.Y * (double)Extent;
            Scratch = owner._scratch.Value!;
            Generation = ++Scratch.Generation;
            Scratch.Inference.BeginPass();
            var b = Buffer / Scale;
            Buffered = new Envelope(tile.X / n - b, (tile.X + 1) / n + b, tile.Y / n - b, (tile.Y + 1) / n + b);
        }

        public double TX(double wx) => wx * Scale - OffsetX;

        public double TY(double wy) => wy * Scale - OffsetY;

        /// <summary>The territory class of a place from its own state, as <see cref="ControlMap.Labels"/> assigns it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int FactLabel(int place) =>
            place < 0 ? -1 : Scratch.LabelStamp[place] == Generation ? Scratch.Labels[place] : LookUpLabel(place);

        /// <summary>
        /// The territory class of a place with inferred ground, as <see cref="ControlMap.ClassLabels"/> assigns it: an unknown
        /// place resolves its region (<see cref="InferredGround"/>, the same code as the whole map's), once per tile.
        /// </summary>
        public int ClassLabel(int place)
        {
            var label = FactLabel(place);
            if (label >= 0 || place < 0 || _owner._maxInferredPlaces == 0) return label;
            var labels = new FactLabels(this);
            var f = InferredGround.Resolve(_owner._cells, place, ref labels, _owner._factionCount, _owner._maxInferredPlaces, Scratch.Inference);
            return f < 0 ? -1 : 2 * _owner._factionCount + 1 + f;
        }

        private readonly struct FactLabels(TileContext t) : IFactLabels
        {
            public int Of(int place) => t.FactLabel(place);
        }

        private int LookUpLabel(int place)
        {
            int label;
            PlaceStatus status;
            int controller;
            if (_latest is not null)
            {
                var seg = _latest.SegmentAt(_owner._mortonRank[place], Key);
                (status, controller) = seg < 0 ? (PlaceStatus.Unknown, -1) : (_latest.Rows[seg].Status, _latest.Rows[seg].Controller);
            }
            else
            {
                var seg = View.SegmentAt(place, Key);
                (status, controller) = seg < 0 ? (PlaceStatus.Unknown, -1) : (View.Status[seg], View.Controller[seg]);
            }
            var f = _owner._factionCount;
            label = status switch
            {
                PlaceStatus.Held => controller,
                PlaceStatus.Claimed when controller >= 0 => f + controller,
                PlaceStatus.Claimed or PlaceStatus.Contested => 2 * f,
                _ => -1,
            };
            Scratch.LabelStamp[place] = Generation;
            Scratch.Labels[place] = label;
            return label;
        }
    }

    private (string Faction, string Status, int FactionIndex) Decode(int label) =>
        label < _factionCount ? (_timeline.Factions[label].Id, "held", label)
        : label < 2 * _factionCount ? (_timeline.Factions[label - _factionCount].Id, "claimed", label - _factionCount)
        : label == 2 * _factionCount ? (ControlMap.ContestedClass, "contested", -1)
        : (_timeline.Factions[label - 2 * _factionCount - 1].Id, ControlMap.InferredStatus, label - 2 * _factionCount - 1);

    // ---------------------------------------------------------------- places

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

    /// <summary>Indices of the places inside <paramref name="tile"/>, in Morton order (a contiguous run of the index).</summary>
    internal (int From, int To) PlaceRange(TileId tile)
    {
        var (lo, hi) = MortonRange(tile);
        return (LowerBound(_morton, lo), LowerBound(_morton, hi));
    }

    private static (long Lo, long Hi) MortonRange(TileId tile)
    {
        var shift = 2 * (MortonBits - tile.Z);
        return (Morton(tile.X, tile.Y) << shift, (Morton(tile.X, tile.Y) + 1) << shift);
    }

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

    private MvtLayerBuilder PlacesLayer(TileContext t)
    {
        var layer = t.Scratch.Layer("places", 0, _values);
        var (from, to) = PlaceRange(t.Tile);
        var view = t.View;
        var latest = ReferenceEquals(view, _latest.View) ? _latest : null;
        for (var k = from; k < to; k++)
        {
            ref readonly var row = ref _rows[k];
            layer.Begin(Tile.Types.GeomType.Point);
            layer.Tag("id", new ValueTable.Id(row.Id));
            layer.Tag("name", new ValueTable.Id(row.Name));
            if (row.Names >= 0) layer.Tag("names", new ValueTable.Id(row.Names));
            layer.Tag("kind", new ValueTable.Id(row.Kind));
            if (latest is not null)
            {
                var seg = latest.SegmentAt(k, t.Key);
                if (seg < 0) UnknownState(layer);
                else
                {
                    ref readonly var s = ref latest.Rows[seg];
                    State(layer, s.Controller, s.Status, s.Since, s.LastConfirmed, s.Sources, view.PartiesTable[s.PartiesId]);
                }
            }
            else
            {
                var seg = view.SegmentAt(row.Place, t.Key);
                if (seg < 0) UnknownState(layer);
                else State(layer, view.Controller[seg], view.Status[seg], view.Since[seg], view.LastConfirmed[seg], view.Sources[seg],
                    view.PartiesTable[view.PartiesId[seg]]);
            }
            if (row.Approximate) layer.Tag("approximate", true);
            layer.Point(Clamp(t.TX(row.X)), Clamp(t.TY(row.Y)));
            layer.End();
        }
        return layer;
    }

    private void UnknownState(MvtLayerBuilder layer)
    {
        layer.Tag("status", new ValueTable.Id(_statusValue[(int)PlaceStatus.Unknown]));
        layer.Tag("sources", 0L);
    }

    /// <summary>The attributes of a place's state, in the order of the place contract.</summary>
    private void State(MvtLayerBuilder layer, int controller, PlaceStatus status, int since, int lastConfirmed, int sources,
        System.Collections.Immutable.ImmutableArray<int> parties)
    {
        if (controller >= 0)
        {
            layer.Tag("faction", new ValueTable.Id(_factionIdValue[controller]));
            layer.Tag("faction_name", new ValueTable.Id(_factionNameValue[controller]));
        }
        layer.Tag("status", new ValueTable.Id(_statusValue[(int)status]));
        DayTag(layer, "since", since);
        DayTag(layer, "last_confirmed", lastConfirmed);
        layer.Tag("sources", (long)sources);
        if (parties.Length == 1) layer.Tag("factions", new ValueTable.Id(_factionIdValue[parties[0]]));
        else if (parties.Length > 1) layer.Tag("factions", JoinFactions(parties));
    }

    private void DayTag(MvtLayerBuilder layer, string key, int d)
    {
        if (d == KnowledgeView.NoDay) return;
        var offset = d - _firstDay;
        if ((uint)offset < (uint)_dayValue.Length) layer.Tag(key, new ValueTable.Id(_dayValue[offset]));
        else layer.Tag(key, Day(DateOnly.FromDayNumber(d)));
    }

    private static int Clamp(double v) => (int)Math.Clamp(Math.Floor(v), 0, Extent - 1);

    private string JoinFactions(IReadOnlyList<int> parties) => string.Join(',', parties.Select(p => _timeline.Factions[p].Id));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> DayStrings = new();

    private static string? Day(DateOnly? d) =>
        d is { } day ? DayStrings.GetOrAdd(day.DayNumber, n => DateOnly.FromDayNumber(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null;

    // ---------------------------------------------------------------- territory and front lines

    private static long EdgeKey(int u, int v) => ((long)u << 32) | (uint)v;

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
                    if (territory is not null) edges.Add(EdgeKey(u, v));
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

    // ---------------------------------------------------------------- changes

    private MvtLayerBuilder ChangesLayer(TileContext t, DateOnly date, DateTimeOffset? knownAt)
    {
        var layer = t.Scratch.Layer("changes", 3, null);
        var stateKey = _timeline.StateKeyAt(date, knownAt);
        if (stateKey == long.MinValue) return layer;
        // The window ends with the day of the map's last state change (not the requested date), so that a tile depends on the
        // map state alone: dates with equal state keys have byte-identical tiles. Same records and order as the change feed
        // (ControlTimeline.Changes), found by two binary searches and a Morton-range test per record.
        var end = TimeKey.DayOf(stateKey);
        var from = LowerBound(_logKeys, TimeKey.StartOfDay(end.AddDays(1 - ChangeWindowDays)));
        var to = LowerBound(_logKeys, TimeKey.StartOfDay(end.AddDays(1)));
        var (lo, hi) = MortonRange(t.Tile);
        var log = _timeline.Log;
        for (var k = from; k < to; k++)
        {
            var li = _logOrder[k];
            var i = _logPlace[li];
            var code = _morton[_mortonRank[i]];
            if (code < lo || code >= hi || !t.View.Visible[li]) continue;
            var c = log[li];
            layer.Begin(Tile.Types.GeomType.Point);
            layer.Tag("id", c.Id);
            layer.Tag("place", c.PlaceId);
            layer.Tag("faction", c.FactionId);
            layer.Tag("kind", GeoJsonFeatureEncoder.KindName(c.Kind));
            layer.Tag("status", GeoJsonFeatureEncoder.StatusName(c.Status));
            if (c.Status == ChangeStatus.Claimed) layer.Tag("claim_of", GeoJsonFeatureEncoder.StatusName(c.ClaimOf));
            layer.Tag("valid_from", GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime));
            layer.Tag("valid_to_approx", Day(c.ValidTime.ApproxTo));
            layer.Tag("sources", string.Join(',', c.Sources.Select(s => s.SourceId)));
            layer.Tag("recorded_at", c.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            layer.Tag("recorded_by", c.RecordedBy);
            layer.Tag("retracts", c.Retracts);
            layer.Tag("reviews", c.Reviews);
            layer.Tag("verdict", c.Verdict?.ToString().ToLowerInvariant());
            if (t.View.Retracted[li]) layer.Tag("retracted", true);
            layer.Point(Clamp(t.TX(_px[i])), Clamp(t.TY(_py[i])));
            layer.End();
        }
        return layer;
    }
}
