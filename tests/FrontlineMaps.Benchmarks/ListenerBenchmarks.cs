using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Generation;
using FrontlineMaps.Core.Storage;
using Npgsql;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// How long until another server hears of a write: one change appended through one store (one connection pool, as one
/// server), timed until a <see cref="PostgresChangeListener"/> on its own connection (as another server) is called
/// back. Needs <c>FRONTLINE_BENCH_PG</c> (see <c>bench/store-bench.sh</c>).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 20)]
public class ListenerBenchmarks
{
    private readonly SemaphoreSlim _heard = new(0);
    private PostgresStore _writer = null!;
    private PostgresChangeListener _listener = null!;
    private string[] _places = null!;
    private int _next;

    /// <summary>Creates a database with a small generated dataset and starts the listener.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var server = Environment.GetEnvironmentVariable("FRONTLINE_BENCH_PG")
            ?? throw new InvalidOperationException("set FRONTLINE_BENCH_PG to a PostgreSQL connection string (bench/store-bench.sh does)");
        var database = $"flm_listen_{Guid.NewGuid():N}"[..24];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            create.ExecuteNonQuery();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var dataset = DatasetGenerator.Generate(new GeneratorOptions { Places = 1_000, Changes = 10_000, Seed = 7 });
        _places = [.. dataset.Places.Select(p => p.Id)];
        _writer = new PostgresStore(connectionString);
        _writer.Import(dataset);
        _listener = new PostgresChangeListener(connectionString, _ => _heard.Release());
        _listener.StartAsync().GetAwaiter().GetResult();
    }

    /// <summary>Stops the listener.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _writer.Dispose();
    }

    /// <summary>Append one change (validated, committed) and wait until the listener is called back.</summary>
    [Benchmark]
    public int AppendUntilHeard()
    {
        _writer.Append([new ControlChange($"bench-{_next}", _places[_next % _places.Length], "F1", new GroundTime(new DateOnly(2030, 1, 1)),
            ChangeKind.Confirmation, ChangeStatus.Held, [new Citation(DatasetGenerator.SourceId)], DateTimeOffset.UtcNow, "bench")]);
        if (!_heard.Wait(TimeSpan.FromSeconds(5)))
            throw new TimeoutException("the listener heard nothing within 5 s");
        return _next++;
    }
}
