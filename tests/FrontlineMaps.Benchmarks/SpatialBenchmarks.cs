using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Spatial;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// Cell coverage benchmarks on synthetic places spread uniformly over the Syria bounding box (lon 35.5–42.5, lat 32.3–37.4)
/// with a fixed seed, labelled by which of six drifting seeds is nearest (contiguous regions, like fronts after a war's moves).
/// <see cref="Territory"/> and <see cref="Fronts"/> relabel a coverage built once; <see cref="Build"/> is the one-off cost per gazetteer version.
/// </summary>
[MemoryDiagnoser]
public class SpatialBenchmarks
{
    private (double Lon, double Lat)[] _points = [];
    private int[] _labels = [];
    private CellCoverage? _coverage;

    /// <summary>Number of places.</summary>
    [Params(6000, 50000)]
    public int Places { get; set; }

    /// <summary>Generates places and labels and builds the coverage the relabelling benchmarks use.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20150101);
        _points = Enumerable.Range(0, Places)
            .Select(_ => (35.5 + random.NextDouble() * 7.0, 32.3 + random.NextDouble() * 5.1))
            .ToArray();
        // Six seeds, each drifting with latitude so the regions are not plain Voronoi polygons of the seeds.
        var seeds = Enumerable.Range(0, 6).Select(_ => (Lon: 36 + random.NextDouble() * 6, Lat: 32.8 + random.NextDouble() * 4, Drift: random.NextDouble() - 0.5)).ToArray();
        _labels = _points
            .Select(p => Enumerable.Range(0, seeds.Length).MinBy(k =>
            {
                double dx = p.Lon - (seeds[k].Lon + seeds[k].Drift * (p.Lat - 34.85)), dy = p.Lat - seeds[k].Lat;
                return dx * dx + dy * dy;
            }))
            .ToArray();
        // A few places without territory, as in real data.
        for (int i = 0; i < _labels.Length; i += 97) _labels[i] = -1;
        _coverage = CellCoverage.Build(_points, null);
    }

    /// <summary>Builds the cells (Voronoi, cap, clip, adjacency): once per gazetteer version.</summary>
    [Benchmark]
    public CellCoverage Build() => CellCoverage.Build(_points, null);

    /// <summary>Dissolves the cells into one territory per label.</summary>
    [Benchmark]
    public IReadOnlyList<TerritoryPiece> Territory() => _coverage!.Territory(_labels);

    /// <summary>Extracts the front lines between every pair of different labels (labels 0 and 1 allied).</summary>
    [Benchmark]
    public IReadOnlyList<FrontPiece> Fronts() => _coverage!.Fronts(_labels, (a, b) => !(a == 0 && b == 1));
}
