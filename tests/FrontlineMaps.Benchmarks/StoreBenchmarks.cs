using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Storage;
using Npgsql;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// The database stores side by side on a generated dataset (50,000 places): a cold load (a new store instance, as a
/// server starting or refreshing after another server's write) and an acknowledged append of one change (validated,
/// committed durably). PostgreSQL needs a server: <c>bench/store-bench.sh</c> starts a throwaway one with default
/// durability settings and passes it in <c>FRONTLINE_BENCH_PG</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private IDatasetStore _store = null!;
    private Func<IDatasetStore> _open = null!;
    private string? _path;
    private int _next;

    private IDatasetStore _reader = null!;
    private string[] _places = null!;

    /// <summary>Which store (<c>FRONTLINE_BENCH_PROVIDERS=sqlite,postgres</c> by default).</summary>
    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Control changes in the generated dataset (<c>FRONTLINE_BENCH_CHANGES=50000,1000000</c> by default).</summary>
    [ParamsSource(nameof(ChangeCounts))]
    public int Changes { get; set; }

    /// <summary>The providers to run.</summary>
    public static IEnumerable<string> Providers() =>
        (Environment.GetEnvironmentVariable("FRONTLINE_BENCH_PROVIDERS") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The dataset sizes to run.</summary>
    public static IEnumerable<int> ChangeCounts() =>
        (Environment.GetEnvironmentVariable("FRONTLINE_BENCH_CHANGES") ?? "50000,1000000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);

    /// <summary>Generates the dataset and imports it into a fresh store.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = 50_000, Changes = Changes, Seed = 7 });
        if (Provider == "sqlite")
        {
            _path = Path.Combine(Path.GetTempPath(), $"flm-bench-{Guid.NewGuid():N}.sqlite");
            _open = () => new SqliteStore(_path);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("FRONTLINE_BENCH_PG")
                ?? throw new InvalidOperationException("set FRONTLINE_BENCH_PG to a PostgreSQL connection string (bench/store-bench.sh does)");
            var database = $"flm_bench_{Guid.NewGuid():N}"[..24];
            using (var admin = new NpgsqlConnection(server))
            {
                admin.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                create.ExecuteNonQuery();
            }
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            _open = () => new PostgresStore(connectionString);
        }
        _store = _open();
        var started = System.Diagnostics.Stopwatch.StartNew();
        _store.Import(dataset);
        Console.WriteLine($"// import of {Changes:N0} changes into {Provider}: {started.Elapsed.TotalSeconds:F1} s");
        _places = [.. dataset.Places.Select(p => p.Id)];
        _reader = _open();
        _ = _reader.Load();
    }

    /// <summary>Removes the SQLite file (the PostgreSQL database goes with its throwaway cluster).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        (_reader as IDisposable)?.Dispose();
        if (_path is not null)
            foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
                File.Delete(file);
    }

    /// <summary>A new store instance loads, parses and validates the whole dataset.</summary>
    [Benchmark]
    public int LoadCold()
    {
        var store = _open();
        try
        {
            return store.Load().Changes.Length;
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// One change appended through a store: validated against the dataset as committed (the store reads the rows appended
    /// since it last read and checks only the new ones), committed durably.
    /// </summary>
    [Benchmark]
    public int AppendOne()
    {
        _store.Append([NextChange()]);
        return _next;
    }

    /// <summary>
    /// One change appended through one store, then loaded by another instance that held the dataset before (what a
    /// second server does when it is told of the write).
    /// </summary>
    [Benchmark]
    public int AppendThenRefreshOther()
    {
        _store.Append([NextChange()]);
        return _reader.Load().Changes.Length;
    }

    private ControlChange NextChange()
    {
        var place = _places[_next++ % _places.Length];
        return new ControlChange($"bench-{Guid.NewGuid():N}", place, "F1", new GroundTime(new DateOnly(2030, 1, 1)),
            ChangeKind.Confirmation, ChangeStatus.Held, [new Citation(DatasetGenerator.SourceId)], DateTimeOffset.UtcNow, "bench");
    }
}
