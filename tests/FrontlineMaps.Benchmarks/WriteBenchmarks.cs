using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// What a write costs the timeline index (issue 15 item 24): the index of the data after one appended change, built from
/// scratch (what every write did before) or updated from the index before the write (<see cref="ControlTimeline.Update"/>),
/// and the same for 200 writes in a row (a burst of 200 concurrent writes is serialized by the write gate: one new state per
/// write). Data: <c>frontline generate</c> (seed 7, 20 changes a place). Each write copies the change array as a store's
/// appended read does (in both columns). The 200 full rebuilds at 1M changes take minutes per operation and are not run
/// (200 × the one-write figure).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class WriteBenchmarks
{
    private const int Burst = 200;
    private Dataset _dataset = null!;
    private ControlTimeline _timeline = null!;
    private ControlChange[] _writes = null!;

    /// <summary>Control changes in the store before the write (<c>FRONTLINE_BENCH_WRITE_CHANGES=1000000</c> to run one size).</summary>
    [ParamsSource(nameof(Sizes))]
    public int Changes { get; set; }

    /// <summary>1k, 50k and 1M, or the comma-separated sizes of <c>FRONTLINE_BENCH_WRITE_CHANGES</c>.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("FRONTLINE_BENCH_WRITE_CHANGES") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(int.Parse)
            : [1_000, 50_000, 1_000_000];

    /// <summary>Generates the data and its index, and the changes the writes append.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = Math.Max(50, Changes / 20), Changes = Changes, Seed = 7 });
        _timeline = new ControlTimeline(_dataset, "v0");
        var rng = new Random(7);
        var last = _timeline.LastDate!.Value;
        var recorded = _dataset.Changes.Max(c => c.RecordedAt);
        _writes = Enumerable.Range(0, Burst).Select(i => new ControlChange($"write-{i}",
            _dataset.Places[rng.Next(_dataset.Places.Length)].Id, _dataset.Factions[rng.Next(_dataset.Factions.Length)].Id,
            new GroundTime(last.AddDays(-rng.Next(0, 60))), ChangeKind.Capture, ChangeStatus.Held, [new Citation(DatasetGenerator.SourceId)],
            recorded.AddSeconds(i + 1), "bench")).ToArray();
    }

    private Dataset After(Dataset d, int write) => d with { Changes = d.Changes.Add(_writes[write]) };

    /// <summary>One write: the index built again from the whole data (before).</summary>
    [Benchmark(Baseline = true)]
    public ControlTimeline OneWriteFullRebuild() => new(After(_dataset, 0), "v1");

    /// <summary>One write: the index updated for the place it touches (after).</summary>
    [Benchmark]
    public ControlTimeline OneWriteIncremental() => _timeline.Update(After(_dataset, 0), "v1");

    /// <summary>200 writes in a row, each building the index again (before).</summary>
    [Benchmark]
    public ControlTimeline BurstFullRebuild()
    {
        if (Changes >= 1_000_000) throw new NotSupportedException("minutes per operation: read 200 × OneWriteFullRebuild");
        var d = _dataset;
        ControlTimeline t = _timeline;
        for (var i = 0; i < Burst; i++)
        {
            d = After(d, i);
            t = new ControlTimeline(d, $"v{i + 1}");
        }
        return t;
    }

    /// <summary>200 writes in a row, each updating the index of the one before (after).</summary>
    [Benchmark]
    public ControlTimeline BurstIncremental()
    {
        var d = _dataset;
        var t = _timeline;
        for (var i = 0; i < Burst; i++)
        {
            d = After(d, i);
            t = t.Update(d, $"v{i + 1}");
        }
        return t;
    }
}
