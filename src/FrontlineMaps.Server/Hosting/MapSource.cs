using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// The "source" of request → source → cache → encoder: the dataset loaded once at start, its timeline index, its place cells
/// and the feature encoder. Immutable after construction; every request only queries it.
/// Configuration: <c>FrontlineMaps:Data</c> (a dataset directory or .sqlite file; default: the embedded dataset) and
/// <c>FrontlineMaps:CapRadiusKm</c>.
/// </summary>
public sealed class MapSource
{
    /// <summary>Loads the configured dataset and preprocesses it.</summary>
    public MapSource(IConfiguration configuration, ILogger<MapSource> logger)
    {
        var path = configuration["FrontlineMaps:Data"];
        Dataset dataset;
        string version;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (string.IsNullOrEmpty(path))
        {
            dataset = EmbeddedDataset.Load();
            version = EmbeddedDataset.Version;
        }
        else
        {
            var store = DatasetLoader.Open(path);
            dataset = store.Load();
            version = store.Version;
        }
        Timeline = new ControlTimeline(dataset, version);
        var radius = configuration.GetValue<double?>("FrontlineMaps:CapRadiusKm");
        Map = new ControlMap(Timeline, radius is { } r ? new Core.Spatial.CellOptions { CapRadiusKm = r } : null);
        Encoder = new GeoJsonFeatureEncoder(Timeline);
        Factions = Timeline.Factions.ToDictionary(f => f.Id, StringComparer.Ordinal);
        Sources = dataset.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        (MinLon, MinLat, MaxLon, MaxLat) = Extent(dataset.Places);
        logger.LogInformation("Loaded {Name}: {Places} places, {Changes} changes, version {Version} in {Ms} ms",
            dataset.Info.Name, dataset.Places.Length, dataset.Changes.Length, version, clock.ElapsedMilliseconds);
    }

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
