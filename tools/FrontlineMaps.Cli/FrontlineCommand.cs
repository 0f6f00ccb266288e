using System.CommandLine;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Cli;

/// <summary>The <c>frontline</c> command: snapshot, history, changes, timeline, area, generate, import, export.</summary>
public static class FrontlineCommand
{
    /// <summary>Runs the command line; returns the exit code (0 ok, 1 bad data, 2 bad usage).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var (rest, store) = StoreConfig.Read(args);
            var root = Build(new CliSession(store, stdout, stderr));
            var parsed = root.Parse(rest);
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliUsageException or ArgumentException)
        {
            stderr.WriteLine($"frontline: {e.Message}");
            return 2;
        }
        catch (StoreConfigurationException e)
        {
            stderr.WriteLine($"frontline: {e.Message}");
            return 2;
        }
        catch (System.Data.Common.DbException e)
        {
            // The database could not be reached or refused the work (Npgsql's message never repeats the password).
            stderr.WriteLine($"frontline: the store's database: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is DatasetFormatException or ImportException or IOException or UnauthorizedAccessException)
        {
            // Bad data or an unreadable/unwritable file: the message names the file (and line and field where there is one).
            stderr.WriteLine($"frontline: {e.Message}");
            return 1;
        }
    }

    private static RootCommand Build(CliSession session)
    {
        var data = new Option<string?>("--data")
        {
            Description = "Dataset to read: a directory of NDJSON files (docs/data-format.md) or a .sqlite file. Default: the configured store when Store:* settings are given (environment or --Store:...), else the embedded dataset.",
            Recursive = true,
        };
        var knownAt = new Option<string?>("--known-at")
        {
            Description = "The map as published then: only records recorded by this date (end of day, UTC) or RFC 3339 instant count.",
            Recursive = true,
        };

        var root = new RootCommand("FrontlineMaps: who held which place when, with sources.") { data, knownAt };

        MapCommands.Add(root, data, knownAt, session);
        DatasetCommands.Add(root, data, session);
        IngestCommands.Add(root, data, session);
        BuildDataCommand.Add(root, session.Stdout, session.Stderr);
        StoreCommands.Add(root, session.OpenConfiguredStore, session.Stdout, session.Stderr);

        return root;
    }
}
