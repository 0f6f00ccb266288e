using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// The timeline engine at scale: 50,000 places and 1,000,000 clustered control changes (the same shape as the PostGIS
/// benchmark set in ../shared/bench/postgis), a snapshot of every place at a random date. PostGIS answers the same question in
/// 38 ms (range + GiST) on this kind of machine.
/// </summary>
[MemoryDiagnoser]
public class TimelineBenchmarks
{
    private ControlTimeline _timeline = null!;
    private DateOnly[] _dates = null!;
    private DateTimeOffset _pastKnowledge;
    private int _next;

    /// <summary>Places in the generated dataset.</summary>
    [Params(50_000)]
    public int Places { get; set; }

    /// <summary>Control changes in the generated dataset.</summary>
    [Params(1_000_000)]
    public int Changes { get; set; }

    /// <summary>Generates the dataset, builds the engine and reports the memory it keeps per million changes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = Places, Changes = Changes, Seed = 7 });
        var before = RetainedBytes();
        _timeline = new ControlTimeline(dataset, "bench");
        var after = RetainedBytes();
        var datasetBytes = before;
        Console.WriteLine($"// memory: dataset records {datasetBytes / 1e6:F1} MB, engine index {(after - before) / 1e6:F1} MB " +
                          $"for {dataset.Changes.Length:N0} changes = {(after - before) / 1e6 / (dataset.Changes.Length / 1e6):F1} MB per million changes (index only), " +
                          $"{after / 1e6 / (dataset.Changes.Length / 1e6):F1} MB per million changes (records + index)");
        var rng = new Random(7);
        var first = _timeline.FirstDate!.Value.DayNumber;
        var last = _timeline.LastDate!.Value.DayNumber;
        _dates = Enumerable.Range(0, 4096).Select(_ => DateOnly.FromDayNumber(rng.Next(first, last + 1))).ToArray();
        _pastKnowledge = dataset.Changes[dataset.Changes.Length / 2].RecordedAt;
        _timeline.Snapshot(_dates[0], _pastKnowledge); // builds and caches that knowledge view once
    }

    private static long RetainedBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Controller, status, since and last-confirmed of every place at a random date.</summary>
    [Benchmark(Baseline = true)]
    public int SnapshotAtRandomDate()
    {
        var s = _timeline.Snapshot(_dates[_next++ & 4095]);
        return s.ControllerOf(s.Count - 1);
    }

    /// <summary>The same, as published at a past date (a cached knowledge view).</summary>
    [Benchmark]
    public int SnapshotAtRandomDateAsPublishedEarlier()
    {
        var s = _timeline.Snapshot(_dates[_next++ & 4095], _pastKnowledge);
        return s.ControllerOf(s.Count - 1);
    }

    /// <summary>Places gained and lost per faction between two random dates.</summary>
    [Benchmark]
    public int DiffOfTwoRandomDates() => _timeline.Diff(_dates[_next++ & 4095], _dates[_next++ & 4095]).Count;

    /// <summary>The change feed of a random 30-day window.</summary>
    [Benchmark]
    public int ChangesInARandomMonth()
    {
        var d = _dates[_next++ & 4095];
        return _timeline.Changes(d, d.AddDays(30)).Count;
    }
}
