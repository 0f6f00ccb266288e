using System.Buffers;
using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// A full GeoJSON snapshot of 50,000 places at a random date (the body of <c>/snapshots/{date}.geojson</c>): snapshot plus
/// encoding. PostGIS takes 223 ms for the same 7 MB document (../shared/bench/postgis); the target is under 40 ms.
/// </summary>
[MemoryDiagnoser]
public class GeoJsonBenchmarks
{
    private ControlTimeline _timeline = null!;
    private GeoJsonFeatureEncoder _encoder = null!;
    private DateOnly[] _dates = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 << 20);
    private int _next;

    /// <summary>Builds a 50k-place, 1M-change dataset.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = 50_000, Changes = 1_000_000, Seed = 7 });
        _timeline = new ControlTimeline(dataset, "bench");
        _encoder = new GeoJsonFeatureEncoder(_timeline);
        var rng = new Random(11);
        var first = _timeline.FirstDate!.Value.DayNumber;
        var last = _timeline.LastDate!.Value.DayNumber;
        _dates = Enumerable.Range(0, 256).Select(_ => DateOnly.FromDayNumber(rng.Next(first, last + 1))).ToArray();
    }

    /// <summary>Snapshot of all places at a random date, encoded as one FeatureCollection.</summary>
    [Benchmark]
    public int FullPlacesSnapshotAsGeoJson()
    {
        _buffer.ResetWrittenCount();
        _encoder.WritePlaces(_buffer, _timeline.Snapshot(_dates[_next++ & 255]));
        return _buffer.WrittenCount;
    }
}
