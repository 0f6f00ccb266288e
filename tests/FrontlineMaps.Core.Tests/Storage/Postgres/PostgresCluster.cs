using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FrontlineMaps.Core.Tests.Storage.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: initdb into a temp directory, started with pg_ctl on a free
/// 127.0.0.1 port (no Unix socket, trust auth, fsync off), stopped and deleted when the test process exits. Clusters
/// left behind by a crashed run are stopped and deleted by the next one. The binaries are Debian's
/// (<c>/usr/lib/postgresql/VERSION/bin</c>, the newest found; <c>FRONTLINE_PG_BIN</c> overrides). initdb refuses to
/// run as root, so as root every binary runs as the <c>postgres</c> user through runuser.
/// <para>
/// Without the binaries the PostgreSQL tests are skipped with the reason, unless the environment variable
/// <c>CI</c> is set: then they fail, so CI cannot pass without testing PostgreSQL.
/// </para>
/// </summary>
internal sealed class PostgresCluster
{
    private const string Prefix = "flm-pg-";
    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string?> Binaries = new(FindBinaries);

    private readonly string _root;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresCluster(string root, string bin, bool asPostgresUser, int port)
    {
        _root = root;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the cluster's maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        MaxPoolSize = 20,
        Timeout = 15,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>Why the tests cannot run here, or null when PostgreSQL binaries were found.</summary>
    public static string? MissingReason => Binaries.Value is null
        ? "PostgreSQL binaries not found (no /usr/lib/postgresql/*/bin/initdb; install Debian's postgresql package or set FRONTLINE_PG_BIN)"
        : null;

    /// <summary>True when the environment variable CI is set: missing PostgreSQL is then a failure, not a skip.</summary>
    public static bool Required => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>
    /// The cluster of this test run, started on first use. Skips the calling test when PostgreSQL is missing
    /// (fails instead under CI).
    /// </summary>
    public static PostgresCluster Instance
    {
        get
        {
            if (MissingReason is { } reason)
            {
                if (Required)
                    throw new InvalidOperationException($"CI is set, so the PostgreSQL tests must run, but: {reason}. .ci/run installs postgresql.");
                Skip.If(true, reason);
            }
            return Shared.Value;
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its name.</summary>
    public string CreateDatabase()
    {
        var name = "flm_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection); // name is generated above, never data
        cmd.ExecuteNonQuery();
        return name;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing its connections.</summary>
    public void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs psql (a separate client process) against <paramref name="database"/>; returns its output.</summary>
    public string Psql(string database, string sql)
    {
        var result = Run(Path.Combine(_bin, "psql"), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-d", database, "-c", sql], asPostgres: false);
        return result.Trim();
    }

    private static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("FRONTLINE_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian))
            return null;
        return Directory.GetDirectories(debian)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    private static PostgresCluster Start()
    {
        var bin = Binaries.Value!;
        var asPostgres = Environment.UserName == "root";
        CleanUpAbandoned(bin, asPostgres);

        var root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString());
        var data = Path.Combine(root, "data");
        if (asPostgres)
            Run("chown", ["postgres:postgres", root], asPostgres: false);
        var port = FreePort();
        var cluster = new PostgresCluster(root, bin, asPostgres, port);
        try
        {
            cluster.RunPg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            File.AppendAllText(Path.Combine(data, "postgresql.conf"), $"""

                # FrontlineMaps tests: loopback only, throwaway (durability is not what these tests measure)
                listen_addresses = '127.0.0.1'
                port = {port}
                unix_socket_directories = ''
                max_connections = 300
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                shared_buffers = 64MB
                """);
            cluster.RunPg("pg_ctl", ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"]);
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var detail = File.Exists(log) ? File.ReadAllText(log) : "";
            cluster.Stop();
            throw new InvalidOperationException($"Could not start a throwaway PostgreSQL cluster with {bin}: {e.Message}\n{detail}", e);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        cluster.StartWatchdog();
        return cluster;
    }

    private void Stop()
    {
        var data = Path.Combine(_root, "data");
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                RunPg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A detached shell that stops and deletes the cluster once this test process is gone, however it ended (the
    /// test host may be killed before ProcessExit handlers finish).
    /// </summary>
    private void StartWatchdog()
    {
        const string script = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            if [ -f "$2/data/postmaster.pid" ]; then
              if [ "$4" = yes ]; then runuser -u postgres -- "$3" -D "$2/data" -m immediate -w stop; else "$3" -D "$2/data" -m immediate -w stop; fi
            fi
            rm -rf "$2"
            """;
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "sh", "-c", script, "flm-pg-watchdog", Environment.ProcessId.ToString(), _root, Path.Combine(_bin, "pg_ctl"), _asPostgresUser ? "yes" : "no" })
            start.ArgumentList.Add(a);
        using var _ = Process.Start(start);
    }

    /// <summary>Stops and deletes clusters whose test process is gone (a crashed or killed run).</summary>
    private static void CleanUpAbandoned(string bin, bool asPostgres)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var pidFile = Path.Combine(dir, "owner.pid");
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), out var pid) || Alive(pid))
                continue;
            new PostgresCluster(dir, bin, asPostgres, 0).Stop();
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void RunPg(string tool, string[] args) => Run(Path.Combine(_bin, tool), args, _asPostgresUser);

    private static string Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
                start.ArgumentList.Add(a);
        }
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 2 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }
}
