using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// The two per-write costs of the store side that grew with the store (issue 15 item 24), before and after: the content version
/// of the dataset after one appended change, computed over the whole canonical serialization (before) or carried from the
/// version before by hashing the appended line (<see cref="DatasetDigest.Append"/>, after); and the write API's check of the
/// appended change, validating the whole combined dataset (before) or only the change against the ids the store kept
/// (after). Data: <c>frontline generate</c> (seed 7, 20 changes a place).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class WriteCheckBenchmarks
{
    private Dataset _dataset = null!;
    private Dataset _unknown = null!;
    private DatasetDigest _digest = null!;
    private DatasetAdditions _write = null!;

    /// <summary>Control changes in the store before the write (<c>FRONTLINE_BENCH_WRITE_CHANGES=1000000</c> to run one size).</summary>
    [ParamsSource(nameof(Sizes))]
    public int Changes { get; set; }

    /// <summary>1k, 50k and 1M, or the comma-separated sizes of <c>FRONTLINE_BENCH_WRITE_CHANGES</c>.</summary>
    public static IEnumerable<int> Sizes => WriteBenchmarks.Sizes;

    /// <summary>Generates the data, remembers its ids as a store does, and the change the write appends.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = Math.Max(50, Changes / 20), Changes = Changes, Seed = 7 });
        DatasetValidator.Remember(_dataset, DatasetValidator.ValidateWithIds(_dataset, DatasetLayout.Canonical));
        _unknown = _dataset with { }; // equal content, not known to the validator: checked whole, as every write was before
        _digest = DatasetDigest.Of(_dataset);
        var place = _dataset.Places[Changes % _dataset.Places.Length].Id;
        _write = DatasetAdditions.OfChanges([new ControlChange("write-1", place, _dataset.Factions[0].Id,
            new GroundTime(_dataset.Changes[^1].ValidTime.Day), ChangeKind.Capture, ChangeStatus.Held, [new Citation(DatasetGenerator.SourceId)],
            _dataset.Changes.Max(c => c.RecordedAt).AddSeconds(1), "bench")]);
    }

    /// <summary>The version after the write, over the whole serialization (before).</summary>
    [Benchmark(Baseline = true)]
    public string VersionInFull() => DatasetVersion.Compute(_write.ApplyTo(_dataset));

    /// <summary>The version after the write, carried from the version before (after).</summary>
    [Benchmark]
    public string VersionCarried() => _digest.Append(_write).Version;

    /// <summary>The write API's check of the appended change, over the whole combined dataset (before).</summary>
    [Benchmark]
    public void CheckWhole() => DatasetValidator.ValidateAdditions(_unknown, _write);

    /// <summary>The write API's check of the appended change against the ids the store kept (after).</summary>
    [Benchmark]
    public void CheckAdditions() => DatasetValidator.ValidateAdditions(_dataset, _write);
}
