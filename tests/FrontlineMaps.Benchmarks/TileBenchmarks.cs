using System.Globalization;
using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// Uncached three-layer vector tiles (places, territory, front lines) at 50,000 places and 1,000,000 changes, for the tiles and
/// random dates of the PostGIS benchmark (../shared/bench/postgis/tiles_all_z{8,10,12}.txt). Every request is encoded from
/// scratch, including the territory and fronts of its date. PostGIS (ST_AsMVT) needs 240 ms (z8), 24.5 ms (z10), 2.3 ms (z12).
/// </summary>
[MemoryDiagnoser]
public class TileBenchmarks
{
    private VectorTileEncoder _encoder = null!;
    private (TileId Tile, DateOnly Date)[] _requests = null!;
    private int _next;

    /// <summary>Zoom level of the request list.</summary>
    [Params(8, 10, 12)]
    public int Zoom { get; set; }

    /// <summary>The largest region drawn as inferred ground; 0 switches the rule off (the tiles as before it).</summary>
    [Params(0, ControlMap.DefaultMaxInferredPlaces)]
    public int MaxInferredPlaces { get; set; }

    /// <summary>Generates the dataset, prepares the cells and the tile indexes, reads the request list.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = 50_000, Changes = 1_000_000, Seed = 7 });
        var timeline = new ControlTimeline(dataset, "bench");
        _encoder = new VectorTileEncoder(new ControlMap(timeline, maxInferredPlaces: MaxInferredPlaces));
        _requests = File.ReadAllLines(Path.Combine(SharedRoot(), "bench", "postgis", $"tiles_all_z{Zoom}.txt"))
            .Where(l => l.StartsWith("/all/", StringComparison.Ordinal))
            .Select(Parse).ToArray();
        var bytes = _requests.Select(r => _encoder.Encode(r.Tile, r.Date, null, TileLayers.Map).Length).ToArray();
        Console.WriteLine($"// z{Zoom}: {_requests.Length} requests, tile size mean {bytes.Average() / 1024:F1} KB, max {bytes.Max() / 1024:F1} KB, empty {bytes.Count(b => b == 0)}");
    }

    private static (TileId, DateOnly) Parse(string line)
    {
        // /all/{z}/{x}/{y}?t=YYYY-MM-DD
        var q = line.IndexOf('?');
        var parts = line[5..q].Split('/');
        var date = DateOnly.ParseExact(line[(q + 3)..].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (new TileId(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)), date);
    }

    private static string SharedRoot() => RepoPaths.Shared();

    /// <summary>One uncached tile (places, territory, front lines) of the list, at its random date.</summary>
    [Benchmark]
    public int UncachedThreeLayerTile()
    {
        var (tile, date) = _requests[_next++ % _requests.Length];
        return _encoder.Encode(tile, date, null, TileLayers.Map).Length;
    }
}
