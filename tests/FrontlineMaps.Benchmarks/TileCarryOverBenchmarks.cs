using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Tiles;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// A viewer's tiles after a write far from them (issue 15 item 24): a viewport of 3 × 3 tiles at z8, z10 and z12 (27 tiles, all
/// layers) on the last date, cached before a write of one capture on that date at the place farthest from the viewport; then the
/// write's new state is swapped in and the 27 tiles are read again. Before: every tile on or after the write's first day is
/// dropped (<see cref="TileCache.RetainOnly"/>, what the cache did for these tiles before the area bound); after:
/// <see cref="TileCache.MoveTo"/> keeps what the write's footprint misses. Each operation fills the cache, swaps, reads all 27
/// (the swap's own cost is in the after column, and in the before column the new state's tile encoder, built on the first
/// miss, as a server builds it once per new state). Run with <c>--inProcess --strategy Monitoring --warmupCount 2 --iterationCount 10</c>. Data: <c>frontline generate</c> (seed 7, 20 changes a place).
/// </summary>
[MemoryDiagnoser]
public class TileCarryOverBenchmarks
{
    private MapState _before = null!, _after = null!;
    private (TileCache.Key Key, byte[] Bytes)[] _cached = null!;
    private (TileId Tile, TileCache.Key Key)[] _reads = null!;
    private DateOnly _date;
    private Core.Domain.Dataset _written = null!;

    /// <summary>Control changes in the store (<c>FRONTLINE_BENCH_WRITE_CHANGES</c> to choose, comma-separated).</summary>
    [ParamsSource(nameof(Sizes))]
    public int Changes { get; set; }

    /// <summary>50k and 1M, or the sizes of <c>FRONTLINE_BENCH_WRITE_CHANGES</c>.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("FRONTLINE_BENCH_WRITE_CHANGES") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(int.Parse)
            : [50_000, 1_000_000];

    /// <summary>Generates the data, the state before and after the write, and the viewport's tiles before it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = Math.Max(50, Changes / 20), Changes = Changes, Seed = 7 });
        _before = new MapState(dataset, "v0");
        _date = _before.Timeline.LastDate!.Value;
        var places = dataset.Places;
        var viewed = places[new Random(7).Next(places.Length)];
        var far = places.MaxBy(p => (p.Lon - viewed.Lon) * (p.Lon - viewed.Lon) + (p.Lat - viewed.Lat) * (p.Lat - viewed.Lat))!;
        var write = new ControlChange("bench-write", far.Id, dataset.Factions[0].Id, new GroundTime(_date), ChangeKind.Capture,
            ChangeStatus.Held, [new Citation(DatasetGenerator.SourceId)], dataset.Changes.Max(c => c.RecordedAt).AddSeconds(1), "bench");
        _written = dataset with { Changes = dataset.Changes.Add(write) };
        _after = new MapState(_written, "v1", previous: _before);
        var tiles = new List<TileId>();
        foreach (var z in new[] { 8, 10, 12 })
        {
            var centre = WebMercator.TileAt(viewed.Lon, viewed.Lat, z);
            for (var dx = -1; dx <= 1; dx++)
                for (var dy = -1; dy <= 1; dy++) tiles.Add(centre with { X = centre.X + dx, Y = centre.Y + dy });
        }
        _cached = [.. tiles.Select(t => (KeyOf(_before, t), _before.TileEncoder.Encode(t, _date)))];
        _reads = [.. tiles.Select(t => (t, KeyOf(_after, t)))];
        Console.WriteLine($"// {Changes} changes: write at {far.Id}, viewport at {viewed.Id}; tiles served from the cache after the write: " +
                          $"before {27 - DropAll()}/27, after {27 - CarryOver()}/27");
    }

    /// <summary>
    /// The state after the write made again for every iteration (not measured), as the server makes one per write: its tile
    /// encoder is built on the first miss, as in the server, where a hit does not build it (<see cref="VectorTileSource"/>).
    /// </summary>
    [IterationSetup]
    public void NewStateAfterTheWrite() => _after = new MapState(_written, "v1", previous: _before);

    private TileCache.Key KeyOf(MapState state, TileId tile)
    {
        var v = state.Timeline.VersionOf(null);
        return new TileCache.Key(state.DataVersion, v, state.Timeline.StateKeyAt(_date, v), tile.Z, tile.X, tile.Y);
    }

    private TileCache Filled()
    {
        var cache = new TileCache(1L << 30);
        cache.MoveTo(_before);
        foreach (var (key, bytes) in _cached) cache.GetOrAdd(key, () => bytes);
        return cache;
    }

    private int Read(TileCache cache)
    {
        var start = cache.Encodes;
        foreach (var (tile, key) in _reads) cache.GetOrAdd(key, () => _after.TileEncoder.Encode(tile, _date));
        return (int)(cache.Encodes - start);
    }

    /// <summary>Before: the write drops every tile of its day and later; the viewport is encoded again.</summary>
    [Benchmark(Baseline = true)]
    public int DropAll()
    {
        var cache = Filled();
        cache.RetainOnly(_after.DataVersion);
        return Read(cache);
    }

    /// <summary>After: the tiles the write's footprint misses are kept.</summary>
    [Benchmark]
    public int CarryOver()
    {
        var cache = Filled();
        cache.MoveTo(_after);
        return Read(cache);
    }
}
