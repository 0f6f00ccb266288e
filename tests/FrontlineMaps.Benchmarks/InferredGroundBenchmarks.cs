using System.Globalization;
using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// The cost of the inferred-ground rule per map state and per tile, with the rule on and off (<see cref="MaxInferredPlaces"/>
/// 0: off, as before the rule). Generated data (contiguous drifting fronts, 20 changes a place) in which a third of the places,
/// drawn at random, have no record at all (they stay unknown on every date, as about a third of Syria's places do on the
/// 2026-01-30 map): pockets of every size inside every faction's ground, and unknown strips across the fronts.
/// <see cref="ClassLabels"/> (labels with inferred ground) against <see cref="Labels"/> (the places' own states, all a map
/// needed before) at one date; the territory of that date; uncached z10 and z12 three-layer tiles of the PostGIS benchmark
/// lists at their random dates.
/// </summary>
[MemoryDiagnoser]
public class InferredGroundBenchmarks
{
    private ControlMap _map = null!;
    private Snapshot _snapshot = null!;
    private VectorTileEncoder _encoder = null!;
    private (TileId Tile, DateOnly Date)[] _z10 = [], _z12 = [];
    private int _next10, _next12;

    /// <summary>Number of places (changes: 20 per place).</summary>
    [Params(10_000, 50_000)]
    public int Places { get; set; }

    /// <summary>The largest region drawn as inferred ground; 0 switches the rule off.</summary>
    [Params(0, ControlMap.DefaultMaxInferredPlaces)]
    public int MaxInferredPlaces { get; set; }

    /// <summary>The generated data without the records of a third of its places (seeded).</summary>
    public static Dataset WithUnreportedPlaces(int places, double share = 1.0 / 3)
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = places, Changes = 20 * places, Seed = 7 });
        var random = new Random(12);
        var unreported = dataset.Places.Where(_ => random.NextDouble() < share).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return dataset with { Changes = [.. dataset.Changes.Where(c => !unreported.Contains(c.PlaceId))] };
    }

    /// <summary>Generates the data, builds the cells, takes the snapshot, prepares the tile encoder and reads the tile lists.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var timeline = new ControlTimeline(WithUnreportedPlaces(Places), "bench");
        _map = new ControlMap(timeline, maxInferredPlaces: MaxInferredPlaces);
        _snapshot = timeline.Snapshot(new DateOnly(2020, 1, 1));
        var labels = _map.Labels(_snapshot);
        var inferred = _map.ClassLabels(_snapshot).Count(l => l > 2 * timeline.Factions.Length);
        Console.WriteLine($"// {Places} places: {labels.Count(l => l < 0)} unknown on {_snapshot.ValidAt:yyyy-MM-dd}, {inferred} of them inferred");
        _encoder = new VectorTileEncoder(_map);
        _z10 = Requests(10);
        _z12 = Requests(12);
    }

    private static (TileId, DateOnly)[] Requests(int z) =>
        File.ReadAllLines(Path.Combine(RepoPaths.Shared(), "bench", "postgis", $"tiles_all_z{z}.txt"))
            .Where(l => l.StartsWith("/all/", StringComparison.Ordinal))
            .Select(line =>
            {
                var q = line.IndexOf('?');
                var p = line[5..q].Split('/').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                return (new TileId(p[0], p[1], p[2]), DateOnly.ParseExact(line[(q + 3)..].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
            }).ToArray();

    /// <summary>The labels from the places' own states.</summary>
    [Benchmark]
    public int[] Labels() => _map.Labels(_snapshot);

    /// <summary>The labels with inferred ground (the rule over every unknown region).</summary>
    [Benchmark]
    public int[] ClassLabels() => _map.ClassLabels(_snapshot);

    /// <summary>The dissolved territory of the date, every class.</summary>
    [Benchmark]
    public int Territories() => _map.Territories(_snapshot).Count;

    /// <summary>One uncached z10 tile (places, territory, front lines) of the list, at its random date.</summary>
    [Benchmark]
    public int TileZ10()
    {
        var (tile, date) = _z10[_next10++ % _z10.Length];
        return _encoder.Encode(tile, date, null, TileLayers.Map).Length;
    }

    /// <summary>One uncached z12 tile of the list, at its random date.</summary>
    [Benchmark]
    public int TileZ12()
    {
        var (tile, date) = _z12[_next12++ % _z12.Length];
        return _encoder.Encode(tile, date, null, TileLayers.Map).Length;
    }
}
