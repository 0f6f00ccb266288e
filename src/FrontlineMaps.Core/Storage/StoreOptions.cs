namespace FrontlineMaps.Core.Storage;

/// <summary>
/// Which store the server and the CLI use, from configuration section <c>Store</c> (<c>Store:Provider</c>, <c>Store:Path</c>,
/// <c>Store:ConnectionString</c>, <c>Store:Seed</c>; environment variables <c>Store__Provider</c>... and command-line switches
/// <c>--Store:Provider=...</c> as ASP.NET configuration always reads them). See docs/configuration.md.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Store";

    /// <summary>The embedded SQLite store (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL store shared by several servers.</summary>
    public const string Postgres = "postgres";

    /// <summary>The dataset held in memory only (writes are lost at exit): for tests and demos.</summary>
    public const string Memory = "memory";

    /// <summary>The default database file, relative to the current directory.</summary>
    public const string DefaultPath = "frontlinemaps.sqlite";

    /// <summary><c>sqlite</c> (default), <c>postgres</c> or <c>memory</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The SQLite database file (created and seeded on first start).</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>The PostgreSQL connection string (Npgsql syntax).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A dataset directory (docs/data-format.md) to seed an empty store from; default: the embedded <c>data/</c>.</summary>
    public string? Seed { get; set; }

    /// <summary>Reads the options from a configuration lookup (<c>key =&gt; configuration[key]</c>); missing keys keep defaults.</summary>
    public static StoreOptions From(Func<string, string?> configuration)
    {
        var options = new StoreOptions();
        if (configuration($"{Section}:Provider") is { Length: > 0 } provider) options.Provider = provider.Trim().ToLowerInvariant();
        if (configuration($"{Section}:Path") is { Length: > 0 } path) options.Path = path;
        if (configuration($"{Section}:ConnectionString") is { Length: > 0 } cs) options.ConnectionString = cs;
        if (configuration($"{Section}:Seed") is { Length: > 0 } seed) options.Seed = seed;
        return options;
    }
}

/// <summary>A store setting that cannot work; the message names the setting (e.g. <c>Store:Provider</c>).</summary>
public sealed class StoreConfigurationException(string setting, string message) : Exception($"{setting}: {message}")
{
    /// <summary>The configuration key at fault.</summary>
    public string Setting { get; } = setting;
}

/// <summary>Opens the store <see cref="StoreOptions"/> describe, creating and seeding it when it is new.</summary>
public static class StoreFactory
{
    /// <summary>
    /// Opens the configured store. A new SQLite file (or an empty one), or an empty PostgreSQL database (schema created and
    /// migrated by <see cref="PostgresStore"/>), is created and seeded from <see cref="StoreOptions.Seed"/>
    /// (default: the embedded dataset) in one transaction; when two processes start at once, one seeds and the other uses it.
    /// </summary>
    /// <exception cref="StoreConfigurationException">An unknown provider or a missing setting.</exception>
    /// <exception cref="DatasetFormatException">The store or the seed holds invalid data.</exception>
    public static IDatasetStore Open(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider)
        {
            case StoreOptions.Sqlite:
                if (string.IsNullOrWhiteSpace(options.Path))
                    throw new StoreConfigurationException("Store:Path", "the SQLite database file is required when Store:Provider is 'sqlite'");
                var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
                if (directory is not null) Directory.CreateDirectory(directory);
                var store = new SqliteStore(options.Path);
                Seed(store, options);
                return store;
            case StoreOptions.Memory:
                return new MemoryStore(SeedDataset(options));
            case StoreOptions.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new StoreConfigurationException("Store:ConnectionString", "required when Store:Provider is 'postgres'");
                PostgresStore postgres;
                try
                {
                    postgres = new PostgresStore(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    // Npgsql's parser names the bad keyword; the connection string itself (it may hold a password) is never repeated.
                    throw new StoreConfigurationException("Store:ConnectionString", $"not a valid Npgsql connection string: {e.Message}");
                }
                try
                {
                    Seed(postgres, options);
                }
                catch
                {
                    postgres.Dispose();
                    throw;
                }
                return postgres;
            default:
                throw new StoreConfigurationException("Store:Provider", $"unknown provider '{options.Provider}' (expected sqlite, postgres or memory)");
        }
    }

    /// <summary>The dataset a new store starts with.</summary>
    public static Core.Domain.Dataset SeedDataset(StoreOptions options) =>
        options.Seed is { } seed ? DatasetFiles.Read(seed) : EmbeddedDataset.Load();

    private static void Seed(IDatasetStore store, StoreOptions options)
    {
        if (!store.IsEmpty) return;
        try
        {
            store.Import(SeedDataset(options));
        }
        catch (InvalidOperationException) when (!store.IsEmpty)
        {
            // Another process seeded it first.
        }
    }
}
