using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using Spectre.Console;

namespace FrontlineMaps.Cli;

/// <summary>
/// One invocation of <c>frontline</c>: its store configuration (<c>Store:*</c> from the environment and the command line, read
/// once by <see cref="StoreConfig.Read"/>) and its writers, handed to every command group, so that invocations running at once
/// (as the tests run them) never share state; and the loading and writing of datasets the commands have in common.
/// </summary>
internal sealed class CliSession(StoreConfig store, TextWriter stdout, TextWriter stderr)
{
    /// <summary>The store settings of this invocation.</summary>
    public StoreConfig Store { get; } = store;

    /// <summary>Where results go.</summary>
    public TextWriter Stdout { get; } = stdout;

    /// <summary>Where progress and messages go.</summary>
    public TextWriter Stderr { get; } = stderr;

    /// <summary>The configured store (Store:*), created and seeded from data/ when it is new, as the server does.</summary>
    public IDatasetStore OpenConfiguredStore() => StoreFactory.Open(Store.Options);

    /// <summary>The dataset at <paramref name="path"/>; without one, the configured store when Store:* is given, else the embedded dataset.</summary>
    public (Dataset Dataset, string Version) LoadDataset(string? path)
    {
        if (path is null)
        {
            if (Store.IsConfigured)
            {
                var configured = OpenConfiguredStore();
                try
                {
                    return (configured.Load(), configured.Version);
                }
                finally
                {
                    (configured as IDisposable)?.Dispose();
                }
            }
            return (EmbeddedDataset.Load(), EmbeddedDataset.Version);
        }
        if (!File.Exists(path) && !Directory.Exists(path)) throw new CliUsageException("--data", $"'{path}' does not exist");
        var s = DatasetLoader.Open(path);
        return (WithProgress(Stderr, $"Loading {path}", () => s.Load()), s.Version);
    }

    public ControlTimeline LoadTimeline(string? path)
    {
        var (dataset, version) = LoadDataset(path);
        return WithProgress(Stderr, "Indexing the control log", () => new ControlTimeline(dataset, version));
    }

    public static void Write(Dataset dataset, string path, TextWriter stderr)
    {
        WithProgress(stderr, $"Writing {path}", () =>
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            if (ext is not (".sqlite" or ".sqlite3" or ".db"))
            {
                if (File.Exists(path)) throw new CliUsageException("--out", $"'{path}' is a file; give a directory or a .sqlite file");
                Directory.CreateDirectory(path);
            }
            var store = DatasetLoader.Open(path);
            if (!store.IsEmpty) throw new CliUsageException("--out", $"'{path}' already holds a dataset; give a new path");
            store.Import(dataset);
            return 0;
        });
    }

    /// <summary>Runs <paramref name="work"/> with a Spectre status spinner when stderr is a terminal; quietly otherwise.</summary>
    public static T WithProgress<T>(TextWriter stderr, string title, Func<T> work) => WithProgress(stderr, title, _ => work());

    public static T WithProgress<T>(TextWriter stderr, string title, Func<Action<double>?, T> work)
    {
        if (Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error)) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
            result = work(p => task.Value = Math.Clamp(p, 0, 1));
            task.Value = 1.0;
        });
        return result;
    }
}
