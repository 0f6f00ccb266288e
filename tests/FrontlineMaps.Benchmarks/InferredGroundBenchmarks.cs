using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// The cost of the inferred-ground rule per map state: <see cref="ClassLabels"/> (the place labels with inferred ground) against
/// <see cref="Labels"/> (the labels from the places' own states, all a map needed before the rule), and the whole territory of a
/// date with the rule on and off (<see cref="MaxInferredPlaces"/> 0: off). Generated data (contiguous drifting fronts), the
/// snapshot at a quarter of the history, when many places have no state yet.
/// </summary>
[MemoryDiagnoser]
public class InferredGroundBenchmarks
{
    private ControlMap _map = null!;
    private Snapshot _snapshot = null!;

    /// <summary>Number of places (changes: 20 per place).</summary>
    [Params(10_000, 50_000)]
    public int Places { get; set; }

    /// <summary>The largest region drawn as inferred ground; 0 switches the rule off.</summary>
    [Params(0, ControlMap.DefaultMaxInferredPlaces)]
    public int MaxInferredPlaces { get; set; }

    /// <summary>Generates the data, builds the cells and takes the snapshot.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = Places, Changes = 20 * Places, Seed = 7 });
        var timeline = new ControlTimeline(dataset, "bench");
        _map = new ControlMap(timeline, maxInferredPlaces: MaxInferredPlaces);
        var (first, last) = (timeline.FirstDate!.Value, timeline.LastDate!.Value);
        _snapshot = timeline.Snapshot(first.AddDays((last.DayNumber - first.DayNumber) / 4));
        var labels = _map.Labels(_snapshot);
        var inferred = _map.ClassLabels(_snapshot).Count(l => l > 2 * timeline.Factions.Length);
        Console.WriteLine($"// {Places} places: {labels.Count(l => l < 0)} unknown on {_snapshot.ValidAt:yyyy-MM-dd}, {inferred} of them inferred");
    }

    /// <summary>The labels from the places' own states.</summary>
    [Benchmark]
    public int[] Labels() => _map.Labels(_snapshot);

    /// <summary>The labels with inferred ground (the rule over every unknown region).</summary>
    [Benchmark]
    public int[] ClassLabels() => _map.ClassLabels(_snapshot);

    /// <summary>The dissolved territory of the date, every class.</summary>
    [Benchmark]
    public int Territories() => _map.Territories(_snapshot).Count;
}
