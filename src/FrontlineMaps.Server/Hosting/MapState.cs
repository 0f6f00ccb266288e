using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// One loaded version of the data: the dataset, its timeline index, its place cells, the feature encoder and the derived-geometry
/// cache. Immutable after construction; every request takes one state (<see cref="MapSource.Current"/>) and only queries it, so a
/// request never mixes two versions. A write or an external change builds a new state and <see cref="MapSource"/> swaps it in.
/// </summary>
public sealed class MapState
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Lazy<object>> _services = new();

    /// <summary>Preprocesses <paramref name="dataset"/> (content version <paramref name="version"/>).</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="version">Its content version.</param>
    /// <param name="capRadiusKm">The cell cap radius (null: the default).</param>
    /// <param name="previous">The state this one replaces: its place cells are reused when places and boundary are unchanged.</param>
    public MapState(Dataset dataset, string version, double? capRadiusKm = null, MapState? previous = null)
    {
        Timeline = new ControlTimeline(dataset, version);
        Map = previous is not null && ControlMap.SameCells(Timeline, previous.Timeline)
            ? new ControlMap(Timeline, previous.Map.Cells)
            : new ControlMap(Timeline, capRadiusKm is { } r ? new Core.Spatial.CellOptions { CapRadiusKm = r } : null);
        Encoder = new GeoJsonFeatureEncoder(Timeline);
        Factions = Timeline.Factions.ToDictionary(f => f.Id, StringComparer.Ordinal);
        Sources = dataset.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        (MinLon, MinLat, MaxLon, MaxLat) = Extent(dataset.Places);
        Cache = new DerivedCache(this);
        ETagToken = Http.Conditional.ETagToken(version);
        // The tile encoder's preparation of the cells, when this state shares them (kept alone: not the previous state).
        var inherited = previous?.TryGet<Core.Encoders.Mvt.VectorTileEncoder>()?.PreparedCells ?? previous?.PreparedCells;
        PreparedCells = previous is not null && ReferenceEquals(Map.Cells, previous.Map.Cells) ? inherited : null;
    }

    /// <summary>
    /// The vector tile preparation of the places and cells of an earlier state with the same cells (null when none was made or
    /// the cells changed): the tile encoder of this state reuses it instead of rebuilding it after every write.
    /// </summary>
    public Core.Encoders.Mvt.PreparedCells? PreparedCells { get; }

    /// <summary>The helper object of type <typeparamref name="T"/> if it has been built for this state, else null.</summary>
    public T? TryGet<T>() where T : class =>
        _services.TryGetValue(typeof(T), out var lazy) && lazy.IsValueCreated ? (T)lazy.Value : null;

    /// <summary>The data version as it stands inside ETags (computed once, not per request).</summary>
    public string ETagToken { get; }

    /// <summary>The dataset this state was built from.</summary>
    public Dataset Dataset => Timeline.Dataset;

    /// <summary>Territory and fronts of this state, computed once per map state.</summary>
    public DerivedCache Cache { get; }

    /// <summary>
    /// A helper object built once per state (an encoder, an index), e.g. <c>state.Get(s =&gt; new VectorTileEncoder(s.Map))</c>.
    /// One instance per type and state.
    /// </summary>
    public T Get<T>(Func<MapState, T> create) where T : class =>
        (T)_services.GetOrAdd(typeof(T), _ => new Lazy<object>(() => create(this))).Value;

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
