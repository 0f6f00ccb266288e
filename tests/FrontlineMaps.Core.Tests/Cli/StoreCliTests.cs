using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Cli;

namespace FrontlineMaps.Core.Tests.CliTests;

/// <summary>The editor side of the CLI on a real SQLite store: keys, export and import, backup of a live store.</summary>
public sealed class StoreCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("frontline-store-cli-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void Keys_are_created_listed_and_revoked_and_only_their_hash_is_stored()
    {
        var db = PathOf("keys.sqlite");
        var created = CliRunner.Run("keys", "create", "--role", "reviewer", "--name", "rania", $"--Store:Path={db}");
        Assert.Equal(0, created.ExitCode);
        var token = created.Stdout.Trim();
        Assert.StartsWith("flm_", token);

        var store = new SqliteStore(db);
        var key = store.FindKey(token);
        Assert.NotNull(key);
        Assert.Equal(ApiRole.Reviewer, key.Role);
        Assert.Equal("rania", key.Name);
        Assert.DoesNotContain(token, File.ReadAllText(db, System.Text.Encoding.Latin1) + ReadWal(db));
        // The store was created and seeded from data/ on first use, as the server does.
        Assert.Equal(EmbeddedDataset.Version, store.Version);

        Assert.Equal(2, CliRunner.Run("keys", "create", "--role", "editor", "--name", "rania", "--Store:Path", db).ExitCode); // names are unique
        Assert.NotEqual(0, CliRunner.Run("keys", "create", "--role", "superuser", "--name", "x", $"--Store:Path={db}").ExitCode);
        var list = CliRunner.Run("keys", "list", $"--Store:Path={db}");
        Assert.Contains("rania\treviewer", list.Stdout);
        Assert.DoesNotContain(token, list.Stdout);

        Assert.Equal(0, CliRunner.Run("keys", "revoke", "rania", $"--Store:Path={db}").ExitCode);
        Assert.False(new SqliteStore(db).FindKey(token)!.IsActive);
        Assert.Equal(2, CliRunner.Run("keys", "revoke", "nobody", $"--Store:Path={db}").ExitCode);
    }

    [Fact]
    public void A_postgres_store_without_a_usable_connection_string_is_a_clear_error_that_never_shows_the_password()
    {
        var missing = CliRunner.Run("keys", "list", "--Store:Provider=postgres");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Store:ConnectionString", missing.Stderr);
        var malformed = CliRunner.Run("keys", "list", "--Store:Provider=postgres", "--Store:ConnectionString=Host=127.0.0.1;Password=s3cret;Colour=blue");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("Store:ConnectionString", malformed.Stderr);
        Assert.DoesNotContain("s3cret", malformed.Stderr);
        var unknown = CliRunner.Run("keys", "list", "--Store:Provider=oracle");
        Assert.Contains("Store:Provider", unknown.Stderr);
    }

    [Fact]
    public void Export_then_import_round_trips_to_an_identical_store_with_reviews_and_retractions()
    {
        var source = PathOf("live.sqlite");
        var store = (SqliteStore)StoreFactory.Open(new StoreOptions { Path = source });
        var now = DateTimeOffset.Parse("2026-11-29T10:00:00Z");
        Citation[] cite = [new("aranews-2015-10-14-aleppo")];
        var claim = new ControlChange("t-claim", "abu-qalqal", "SDF", new GroundTime(new DateOnly(2020, 3, 1)), ChangeKind.Capture, ChangeStatus.Claimed,
            [.. cite], now, "editor");
        store.Append(new DatasetAdditions(
            [new Faction("LDF", "Local Defence Forces", "LDF", "#336699", ["NDF"])],
            [new Source("t-src", "Publisher", "Title \"quoted\", with, commas", "https://example.org/a?b=c", new DateOnly(2020, 3, 2))],
            [new Place("t-place", "Tall Test", ["تل"], PlaceKind.Hill, 37.21, 36.33, new AdminUnits("Aleppo", null, null, null), Note: "line\nbreak", ValidFrom: new DateOnly(2019, 6, 1))],
            [claim,
             claim with { Id = "t-review", Status = ChangeStatus.Held, RecordedAt = now.AddMinutes(5), RecordedBy = "reviewer", Reviews = "t-claim", Verdict = ReviewVerdict.Confirmed },
             new ControlChange("t-fact", "t-place", "LDF", new GroundTime(new DateOnly(2020, 3, 3), new TimeOnly(14, 30)), ChangeKind.Capture, ChangeStatus.Held,
                 [new Citation("t-src", "locals")], now.AddMinutes(6), "reviewer"),
             new ControlChange("t-retract", "t-place", null, new GroundTime(new DateOnly(2020, 3, 3), new TimeOnly(14, 30)), ChangeKind.Retraction, ChangeStatus.Held,
                 [], now.AddMinutes(7), "reviewer", Retracts: "t-fact")]));
        var version = store.Version;

        var exported = PathOf("export");
        Assert.Equal(0, CliRunner.Run("export", "--data", source, "--out", exported).ExitCode);
        Assert.Contains("\"verdict\":\"confirmed\"", File.ReadAllText(Path.Combine(exported, "changes.ndjson")));
        Assert.Contains("\"valid_from\":\"2019-06-01\"", File.ReadAllText(Path.Combine(exported, "places.ndjson")));
        var copy = PathOf("copy.sqlite");
        var imported = CliRunner.Run("import", "dataset", exported, "--Store:Path=" + copy);
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal(version, new SqliteStore(copy).Version);
        Assert.Equal(store.Load(), new SqliteStore(copy).Load(), DatasetComparer.Instance);

        // The change log as GeoJSON and CSV.
        var geojson = PathOf("changes.geojson");
        var csv = PathOf("changes.csv");
        Assert.Equal(0, CliRunner.Run("export", "--data", copy, "--format", "geojson", "--out", geojson).ExitCode);
        Assert.Equal(0, CliRunner.Run("export", "--data", copy, "--format", "csv", "--out", csv).ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(geojson));
        Assert.Equal(store.Load().Changes.Length, doc.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(store.Load().Changes.Length + 1, File.ReadAllLines(csv).Length);
        Assert.Contains("t-review", File.ReadAllText(csv));

        Assert.NotEqual(0, CliRunner.Run("import", "dataset", exported, "--Store:Path=" + copy).ExitCode); // not empty any more
    }

    [Fact]
    public async Task Backup_copies_a_live_store_while_it_is_being_written()
    {
        var db = PathOf("busy.sqlite");
        var store = (SqliteStore)StoreFactory.Open(new StoreOptions { Path = db });
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
                store.Append([new ControlChange($"b-{n++}", "ad-dana", "SAA", new GroundTime(new DateOnly(2020, 1, 1 + n % 28)), ChangeKind.Capture,
                    ChangeStatus.Claimed, [new Citation("aranews-2015-10-14-aleppo")], DateTimeOffset.UtcNow, "writer")]);
            return n;
        });
        await Task.Delay(200);
        var backups = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var target = PathOf($"backup-{i}.sqlite");
            var r = CliRunner.Run("backup", "--out", target, $"--Store:Path={db}");
            Assert.True(r.ExitCode == 0, r.Stderr);
            backups.Add(target);
        }
        stop.Cancel();
        var written = await writer;
        Assert.True(written > 0);
        foreach (var b in backups)
        {
            var copy = new SqliteStore(b).Load(); // opens and validates: one consistent state
            Assert.True(copy.Changes.Length >= EmbeddedDataset.Load().Changes.Length);
        }
        Assert.NotEqual(0, CliRunner.Run("backup", "--out", backups[0], $"--Store:Path={db}").ExitCode); // never overwrites
    }

    private static string ReadWal(string db) => File.Exists(db + "-wal") ? File.ReadAllText(db + "-wal", System.Text.Encoding.Latin1) : "";

    /// <summary>Compares datasets record by record (immutable arrays compare by reference otherwise).</summary>
    private sealed class DatasetComparer : IEqualityComparer<Dataset>
    {
        public static readonly DatasetComparer Instance = new();

        public bool Equals(Dataset? x, Dataset? y) => x is not null && y is not null
            && DatasetVersion.Compute(x) == DatasetVersion.Compute(y)
            && x.Changes.Select(c => (c.Id, c.Reviews, c.Verdict, c.Retracts, c.RecordedAt)).SequenceEqual(y.Changes.Select(c => (c.Id, c.Reviews, c.Verdict, c.Retracts, c.RecordedAt)));

        public int GetHashCode(Dataset obj) => 0;
    }
}
