using System.Net.Http.Headers;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Storage.Postgres;
using Microsoft.AspNetCore.Builder;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// A server on Kestrel over a store of its own (a new SQLite file, or a throwaway database on the PostgreSQL test cluster),
/// seeded from data/, with an editor, a reviewer and an admin key; and a way to read the store back as a new process would.
/// </summary>
public sealed class StoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Action _cleanup;

    private StoreServer(WebApplication app, string baseUrl, Dictionary<string, string> tokens, Func<Dataset> load, Action cleanup)
    {
        _app = app;
        BaseUrl = baseUrl;
        Tokens = tokens;
        Load = load;
        _cleanup = cleanup;
    }

    /// <summary>Base address without trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>Tokens by role name.</summary>
    public Dictionary<string, string> Tokens { get; }

    /// <summary>The dataset as a fresh store instance reads it (what a restarted server would serve).</summary>
    public Func<Dataset> Load { get; }

    private static readonly (string Name, ApiRole Role)[] Roles = [("editor", ApiRole.Editor), ("reviewer", ApiRole.Reviewer), ("admin", ApiRole.Admin)];

    /// <summary>A server on a new SQLite store.</summary>
    public static async Task<StoreServer> Sqlite(params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "flm-h15-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "store.sqlite");
        var store = new SqliteStore(db);
        var tokens = Roles.ToDictionary(r => r.Name, r => store.CreateKey(r.Name, r.Role).Token);
        var (app, url) = await KestrelServer.Start([$"--Store:Path={db}", "--Logging:LogLevel:Default=Warning", .. args]);
        return new StoreServer(app, url, tokens, () => new SqliteStore(db).Load(), () =>
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        });
    }

    /// <summary>A server on a new PostgreSQL database of the test cluster (skipped without PostgreSQL, failed under CI).</summary>
    public static async Task<StoreServer> Postgres(params string[] args)
    {
        var cluster = PostgresCluster.Instance;
        var database = cluster.CreateDatabase();
        var connectionString = cluster.ConnectionString(database);
        Dictionary<string, string> tokens;
        using (var seeding = new PostgresStore(connectionString))
            tokens = Roles.ToDictionary(r => r.Name, r => seeding.CreateKey(r.Name, r.Role).Token);
        var (app, url) = await KestrelServer.Start(["--Store:Provider=postgres", $"--Store:ConnectionString={connectionString}",
            "--Logging:LogLevel:Default=Warning", .. args]);
        return new StoreServer(app, url, tokens, () => { using var s = new PostgresStore(connectionString); return s.Load(); },
            () => cluster.DropDatabase(database));
    }

    /// <summary>A client, with the key of <paramref name="role"/> when given.</summary>
    public HttpClient Client(string? role = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (role is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[role]);
        return client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _cleanup();
    }
}
