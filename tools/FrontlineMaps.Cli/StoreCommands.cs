using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using Microsoft.Extensions.Configuration;

namespace FrontlineMaps.Cli;

/// <summary>
/// The store configuration of the CLI, read as the server reads it: through the standard configuration providers, environment
/// variables (<c>Store__Provider</c>, <c>Store__Path</c>, <c>Store__ConnectionString</c>, <c>Store__Seed</c>) overridden by
/// switches <c>--Store:Path=FILE</c> (or <c>--Store:Path FILE</c>, or <c>--Store__Path</c>) anywhere on the command line, and
/// turned into <see cref="StoreOptions"/> by the same <see cref="StoreOptions.From"/> as the server's.
/// </summary>
public sealed class StoreConfig
{
    private static readonly string[] Keys = ["Provider", "Path", "ConnectionString", "Seed"];

    private readonly IConfiguration _configuration;

    private StoreConfig(IConfiguration configuration) => _configuration = configuration;

    /// <summary>
    /// Takes the <c>--Store:*</c> switches out of <paramref name="args"/> (the verbs do not declare them) and reads them, over
    /// the environment, into the store configuration of this invocation.
    /// </summary>
    /// <exception cref="CliUsageException">A switch names no store setting or has no value.</exception>
    public static (string[] Remaining, StoreConfig Store) Read(string[] args)
    {
        var rest = new List<string>();
        var switches = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--Store:", StringComparison.OrdinalIgnoreCase) && !a.StartsWith("--Store__", StringComparison.OrdinalIgnoreCase))
            {
                rest.Add(a);
                continue;
            }
            var eq = a.IndexOf('=');
            var key = (eq >= 0 ? a[2..eq] : a[2..]).Replace("__", ":", StringComparison.Ordinal);
            if (!Keys.Any(k => string.Equals($"Store:{k}", key, StringComparison.OrdinalIgnoreCase)))
                throw new CliUsageException(a, $"unknown setting (expected one of {string.Join(", ", Keys.Select(k => "Store:" + k))})");
            if (eq < 0 && i + 1 >= args.Length) throw new CliUsageException(a, "needs a value");
            switches.Add($"--{key}={(eq >= 0 ? a[(eq + 1)..] : args[++i])}");
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. switches]).Build();
        return ([.. rest], new StoreConfig(configuration));
    }

    /// <summary>True when any store setting was given (environment or switch).</summary>
    public bool IsConfigured => Keys.Any(k => _configuration[$"{StoreOptions.Section}:{k}"] is { Length: > 0 });

    /// <summary>The options: switches, then the environment, then the defaults.</summary>
    public StoreOptions Options => StoreOptions.From(key => _configuration[key]);
}

/// <summary><c>frontline keys</c>, <c>frontline backup</c> and <c>frontline export --format</c>: the editor side of the CLI.</summary>
internal static class StoreCommands
{
    public static void Add(RootCommand root, Func<IDatasetStore> openStore, TextWriter stdout, TextWriter stderr)
    {
        var keys = new Command("keys", "API keys of the configured store (Store:Provider, Store:Path...): create, revoke, list.");

        var role = new Option<string>("--role") { Description = "editor (records claims and sources), reviewer (also confirms, disputes and retracts), admin (also places, factions).", Required = true };
        role.AcceptOnlyFromAmong("editor", "reviewer", "admin");
        var name = new Option<string>("--name") { Description = "Who holds the key (unique); every record written with it is recorded_by this name.", Required = true };
        var create = new Command("create", "Create a key and print its token once (only its hash is stored).") { role, name };
        create.SetAction(r =>
        {
            using var opened = Opened(openStore());
            var editor = Editor(opened.Store);
            ApiKeyTokens.TryParseRole(r.GetValue(role), out var parsed);
            (ApiKey Key, string Token) created;
            try
            {
                created = editor.CreateKey(r.GetValue(name)!, parsed);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException("--name", e.Message.Split(" (Parameter", 2)[0]);
            }
            stdout.WriteLine(created.Token);
            stderr.WriteLine($"created {ApiKeyTokens.Name(created.Key.Role)} key {created.Key.Id} for '{created.Key.Name}'; the token above is shown only now");
            return 0;
        });
        keys.Subcommands.Add(create);

        var which = new Argument<string>("KEY") { Description = "The key's id (k…) or name." };
        var revoke = new Command("revoke", "Revoke a key: from now on it gets 401. Its records stay.") { which };
        revoke.SetAction(r =>
        {
            using var opened = Opened(openStore());
            var key = Editor(opened.Store).RevokeKey(r.GetValue(which)!) ?? throw new CliUsageException("KEY", $"no key has the id or name '{r.GetValue(which)}'");
            stderr.WriteLine($"revoked key {key.Id} ('{key.Name}') at {key.RevokedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            return 0;
        });
        keys.Subcommands.Add(revoke);

        var list = new Command("list", "List keys (id, name, role, created, revoked); never tokens.");
        list.SetAction(r =>
        {
            using var opened = Opened(openStore());
            foreach (var k in Editor(opened.Store).ListKeys())
                stdout.WriteLine(string.Join('\t', k.Id, k.Name, ApiKeyTokens.Name(k.Role), k.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    k.RevokedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "active"));
            return 0;
        });
        keys.Subcommands.Add(list);
        root.Subcommands.Add(keys);

        var backupOut = new Option<string>("--out") { Description = "The new SQLite file to write (must not exist).", Required = true };
        var backup = new Command("backup", "Write a consistent copy of a live SQLite store (the server may keep writing meanwhile).") { backupOut };
        backup.SetAction(r =>
        {
            using var opened = Opened(openStore());
            if (opened.Store is not SqliteStore sqlite) throw new CliUsageException("Store:Provider", "backup copies a SQLite store; for PostgreSQL use pg_dump");
            var output = r.GetValue(backupOut)!;
            sqlite.Backup(output);
            var copy = new SqliteStore(output);
            stderr.WriteLine($"backed up {sqlite.FilePath} to {output}: {copy.Load().Changes.Length:N0} changes, version {copy.Version}");
            return 0;
        });
        root.Subcommands.Add(backup);
    }

    /// <summary>A store for one command; closes its connections (a PostgreSQL pool) when the command ends.</summary>
    private sealed class OpenedStore(IDatasetStore store) : IDisposable
    {
        public IDatasetStore Store { get; } = store;

        public void Dispose() => (Store as IDisposable)?.Dispose();
    }

    private static OpenedStore Opened(IDatasetStore store) => new(store);

    private static IEditorStore Editor(IDatasetStore store) =>
        store as IEditorStore ?? throw new CliUsageException("--data", "this store keeps no API keys (use a SQLite or PostgreSQL store)");

    /// <summary>The change log as one GeoJSON FeatureCollection (every record, with its place as the point).</summary>
    public static void WriteChangesGeoJson(Stream output, ControlTimeline timeline)
    {
        var encoder = new GeoJsonFeatureEncoder(timeline);
        using var w = new Utf8JsonWriter(output, GeoJsonFeatureEncoder.WriterOptions);
        GeoJsonFeatureEncoder.WriteCollectionStart(w);
        foreach (var c in timeline.Log) encoder.WriteChange(w, c, null);
        GeoJsonFeatureEncoder.WriteCollectionEnd(w);
    }

    /// <summary>Every record as NDJSON, one file's worth after another (the directory format concatenated, with headers).</summary>
    public static void WriteNdjson(Stream output, Dataset dataset)
    {
        foreach (var file in DatasetFiles.Serialize(dataset))
        {
            if (!file.Name.EndsWith(".ndjson", StringComparison.Ordinal)) continue;
            output.Write(file.Content.Span);
        }
    }
}
