using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Storage.Postgres;

namespace FrontlineMaps.Core.Tests.Cli;

/// <summary><c>frontline keys</c>, <c>import dataset</c>, <c>export</c> and <c>backup</c> with <c>Store:Provider=postgres</c>.</summary>
public sealed class PostgresCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("frontline-pg-cli-");
    private TestDatabase? _database;

    public void Dispose()
    {
        _database?.Dispose();
        _dir.Delete(true);
    }

    private CliRunner.Result Run(params string[] args) =>
        CliRunner.Run([.. args, "--Store:Provider=postgres", "--Store:ConnectionString=" + _database!.ConnectionString]);

    [SkippableFact]
    public void An_export_imports_into_an_empty_database_and_keys_and_exports_work_there()
    {
        _database = new TestDatabase();
        var exported = Path.Combine(_dir.FullName, "export");
        Assert.Equal(0, CliRunner.RunOnEmbedded("export", "--out", exported).ExitCode); // the embedded dataset

        var imported = Run("import", "dataset", exported);
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Contains($"PostgreSQL database '{_database.Name}'", imported.Stderr);
        using (var store = new PostgresStore(_database.ConnectionString))
            Assert.Equal(EmbeddedDataset.Version, store.Version);
        Assert.NotEqual(0, Run("import", "dataset", exported).ExitCode); // not empty any more

        var token = Run("keys", "create", "--role", "editor", "--name", "pg editor").Stdout.Trim();
        Assert.StartsWith("flm_", token);
        using (var store = new PostgresStore(_database.ConnectionString))
            Assert.Equal("pg editor", store.FindKey(token)?.Name);
        Assert.Contains("pg editor\teditor", Run("keys", "list").Stdout);
        Assert.Equal(0, Run("keys", "revoke", "pg editor").ExitCode);
        Assert.Contains("pg editor\teditor", Run("keys", "list").Stdout);
        Assert.DoesNotContain("active", Run("keys", "list").Stdout);

        var csv = Path.Combine(_dir.FullName, "changes.csv");
        Assert.Equal(0, Run("export", "--format", "csv", "--out", csv).ExitCode);
        Assert.Equal(EmbeddedDataset.Load().Changes.Length + 1, File.ReadAllLines(csv).Length);

        var backup = Run("backup", "--out", Path.Combine(_dir.FullName, "copy.sqlite"));
        Assert.Equal(2, backup.ExitCode);
        Assert.Contains("pg_dump", backup.Stderr);
    }
}
