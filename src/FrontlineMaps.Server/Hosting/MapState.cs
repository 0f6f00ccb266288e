using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using NetTopologySuite.Geometries;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// One loaded version of the data: the dataset, its timeline index, its place cells, the feature encoder and the derived-geometry
/// cache, and the services built from them on first use (<see cref="TileEncoder"/>, <see cref="PlaceNames"/>, ...: typed and lazy,
/// one per state). Immutable after construction; every request takes one state (<see cref="MapSource.Current"/>) and only queries
/// it, so a request never mixes two versions. A write or an external change builds a new state and <see cref="MapSource"/> swaps
/// it in.
/// </summary>
public sealed class MapState
{
    private readonly Lazy<VectorTileEncoder> _tileEncoder;
    private readonly Lazy<Ogc.OgcItems> _ogcItems;
    private readonly Lazy<PlaceNameIndex> _placeNames;
    private readonly Lazy<Geometry> _region;
    private readonly Lazy<AppendOnlyIndex<ControlChange>> _changesById;
    private readonly Lazy<AppendOnlyIndex<(int Count, string Last)>> _placeVersions;

    /// <summary>Preprocesses <paramref name="dataset"/> (content version <paramref name="version"/>).</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="version">Its content version.</param>
    /// <param name="capRadiusKm">The cell cap radius (null: the default).</param>
    /// <param name="previous">The state this one replaces: its place cells are reused when places and boundary are unchanged.</param>
    public MapState(Dataset dataset, string version, double? capRadiusKm = null, MapState? previous = null)
    {
        // After a write, the timeline of the previous state updated at the cost of what was appended (equal to a full build).
        Timeline = previous is null ? new ControlTimeline(dataset, version) : previous.Timeline.Update(dataset, version);
        Map = previous is not null && ControlMap.SameCells(Timeline, previous.Timeline)
            ? new ControlMap(Timeline, previous.Map.Cells)
            : new ControlMap(Timeline, capRadiusKm is { } r ? new Core.Spatial.CellOptions { CapRadiusKm = r } : null);
        Encoder = new GeoJsonFeatureEncoder(Timeline);
        Factions = Timeline.Factions.ToDictionary(f => f.Id, StringComparer.Ordinal);
        Sources = dataset.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        (MinLon, MinLat, MaxLon, MaxLat) = Extent(dataset.Places);
        Cache = previous is not null && Timeline.Edit is { } edit ? new DerivedCache(this, previous, edit) : new DerivedCache(this);
        ETagToken = DataToken.Of(version);
        // The tile encoder's preparation of the cells, when this state shares them (kept alone: not the previous state).
        var inherited = previous?.TileEncoderIfBuilt?.PreparedCells ?? previous?.PreparedCells;
        PreparedCells = previous is not null && ReferenceEquals(Map.Cells, previous.Map.Cells) ? inherited : null;
        _tileEncoder = new(() => new VectorTileEncoder(Map, PreparedCells));
        _ogcItems = new(() => new Ogc.OgcItems(this, Cache));
        _placeNames = new(() => new PlaceNameIndex(Timeline.Places));
        _region = new(() => Map.Cells.Projection.Unproject(Map.Cells.Region));
        // The record indexes of a state that extends the previous one (Timeline.Edit) start from the previous state's, if built.
        var appended = previous is not null && Timeline.Edit is not null ? dataset.Changes[previous.Dataset.Changes.Length..] : default;
        // (Only built values are taken, never the previous state's factories: a state must not keep the one before it alive.)
        var changesById = !appended.IsDefault && previous!._changesById.IsValueCreated ? previous._changesById.Value : null;
        _changesById = new(() => changesById is not null
            ? changesById.With(appended, c => c.Id, FirstById)
            : AppendOnlyIndex<ControlChange>.Build(Dataset.Changes, c => c.Id, FirstById));
        var placeVersions = !appended.IsDefault && previous!._placeVersions.IsValueCreated ? previous._placeVersions.Value : null;
        _placeVersions = new(() => placeVersions is not null
            ? placeVersions.With(appended, c => c.PlaceId, CountAndLast)
            : AppendOnlyIndex<(int, string)>.Build(Dataset.Changes, c => c.PlaceId, CountAndLast));
    }

    private static ControlChange FirstById(ControlChange? earlier, bool had, ControlChange c) => had ? earlier! : c;

    private static (int Count, string Last) CountAndLast((int Count, string Last) earlier, bool had, ControlChange c) =>
        (had ? earlier.Count + 1 : 1, c.Id);

    /// <summary>The vector tile encoder of this state (built on first use, reusing <see cref="PreparedCells"/>).</summary>
    public VectorTileEncoder TileEncoder => _tileEncoder.Value;

    /// <summary>The vector tile encoder if a request has built it, else null (nothing is built).</summary>
    public VectorTileEncoder? TileEncoderIfBuilt => _tileEncoder.IsValueCreated ? _tileEncoder.Value : null;

    /// <summary>The OGC API items of this state.</summary>
    internal Ogc.OgcItems OgcItems => _ogcItems.Value;

    /// <summary>The place names of this state, for lookups by spelling.</summary>
    public PlaceNameIndex PlaceNames => _placeNames.Value;

    /// <summary>The region the cells cover, in lon/lat.</summary>
    public Geometry Region => _region.Value;

    /// <summary>The record of an id (the first record of an id, should a store hold two), from an index built once per state.</summary>
    public ControlChange? ChangeById(string id) => _changesById.Value.TryGetValue(id, out var c) ? c : null;

    /// <summary>
    /// The <see cref="PlaceVersion"/> of a place (as <see cref="PlaceVersions.Of"/> computes it), from an index built once per
    /// state; null when there is no such place.
    /// </summary>
    public PlaceVersion? PlaceVersionOf(string placeId)
    {
        if (Timeline.PlaceIndex(placeId) < 0) return null;
        return _placeVersions.Value.TryGetValue(placeId, out var version)
            ? new PlaceVersion(placeId, version.Count, version.Last)
            : new PlaceVersion(placeId, 0, null);
    }

    /// <summary>
    /// The vector tile preparation of the places and cells of an earlier state with the same cells (null when none was made or
    /// the cells changed): the tile encoder of this state reuses it instead of rebuilding it after every write.
    /// </summary>
    public PreparedCells? PreparedCells { get; }

    /// <summary>The data version as it stands inside ETags (computed once, not per request).</summary>
    public string ETagToken { get; }

    /// <summary>The dataset this state was built from.</summary>
    public Dataset Dataset => Timeline.Dataset;

    /// <summary>Territory and fronts of this state, computed once per map state.</summary>
    public DerivedCache Cache { get; }

    /// <summary>The timeline engine.</summary>
    public ControlTimeline Timeline { get; }

    /// <summary>Territory and front-line derivation over the place cells (built once).</summary>
    public ControlMap Map { get; }

    /// <summary>GeoJSON feature encoder.</summary>
    public GeoJsonFeatureEncoder Encoder { get; }

    /// <summary>Factions by id.</summary>
    public IReadOnlyDictionary<string, Faction> Factions { get; }

    /// <summary>Sources by id.</summary>
    public IReadOnlyDictionary<string, Source> Sources { get; }

    /// <summary>The data version (goes into every cache key and ETag).</summary>
    public string DataVersion => Timeline.DataVersion;

    /// <summary>Bounding box of the places (CRS84).</summary>
    public double MinLon { get; }

    /// <summary>Bounding box of the places (CRS84).</summary>
    public double MinLat { get; }

    /// <summary>Bounding box of the places (CRS84).</summary>
    public double MaxLon { get; }

    /// <summary>Bounding box of the places (CRS84).</summary>
    public double MaxLat { get; }

    /// <summary>First and last day with records (valid time); today's date when the log is empty.</summary>
    public (DateOnly First, DateOnly Last) DateRange =>
        (Timeline.FirstDate ?? DateOnly.FromDateTime(DateTime.UtcNow), Timeline.LastDate ?? DateOnly.FromDateTime(DateTime.UtcNow));

    private static (double, double, double, double) Extent(IReadOnlyList<Place> places)
    {
        if (places.Count == 0) return (-180, -90, 180, 90);
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        foreach (var p in places)
        {
            minLon = Math.Min(minLon, p.Lon); maxLon = Math.Max(maxLon, p.Lon);
            minLat = Math.Min(minLat, p.Lat); maxLat = Math.Max(maxLat, p.Lat);
        }
        return (minLon, minLat, maxLon, maxLat);
    }
}
