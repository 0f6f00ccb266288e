using System.Collections.Immutable;
using System.Diagnostics;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using Xunit.Abstractions;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// A dataset of the size of the real one (6,230 places, 20,000 changes) generated in code: it goes through both
/// stores intact. Timings are written to the test output for information, not asserted.
/// </summary>
public sealed class ScaleTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dataset Generate(int placeCount, int changeCount)
    {
        var random = new Random(20260130);
        string[] factionIds = ["SAA", "SDF", "HTS", "SNA", "ISIS"];
        var factions = factionIds.Select((id, i) => new Faction(id, id + " forces", id, $"#{i * 40 + 20:x2}{i * 30 + 10:x2}00", [])).ToImmutableArray();
        var sources = Enumerable.Range(0, 400)
            .Select(i => new Source($"src-{i}", "Publisher " + (i % 7), $"Report {i}", $"https://example.org/report/{i}", new DateOnly(2015, 1, 1).AddDays(i * 4)))
            .ToImmutableArray();
        var places = Enumerable.Range(0, placeCount)
            .Select(i => new Place($"place-{i:D5}", $"Place {i}", i % 3 == 0 ? [$"مكان {i}"] : [], (PlaceKind)(i % 7),
                Math.Round(35.7 + random.NextDouble() * 6.5, 6), Math.Round(32.3 + random.NextDouble() * 5, 6),
                new AdminUnits("Gov " + (i % 14), "District " + (i % 60), null, $"C{i:D5}"), i % 2 == 0 ? random.Next(50, 50000) : null))
            .ToImmutableArray();
        var changes = ImmutableArray.CreateBuilder<ControlChange>(changeCount);
        for (var i = 0; i < changeCount; i++)
        {
            var day = new DateOnly(2015, 1, 1).AddDays(i * 2000 / changeCount);
            var recorded = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i);
            var place = places[random.Next(places.Length)].Id;
            changes.Add(i > 0 && i % 50 == 0
                ? new ControlChange($"chg-{i:D6}", changes[i - 1].PlaceId, null, new GroundTime(day), ChangeKind.Retraction, ChangeStatus.Held, [], recorded, "editor", changes[i - 1].Id)
                : new ControlChange($"chg-{i:D6}", place, factionIds[random.Next(factionIds.Length)],
                    new GroundTime(day, i % 5 == 0 ? new TimeOnly(random.Next(24), random.Next(60)) : null), (ChangeKind)(i % 2),
                    (ChangeStatus)(i % 3), [new Citation($"src-{random.Next(400)}"), new Citation($"src-{random.Next(400)}", i % 4 == 0 ? "local activists" : null)],
                    recorded, "editor", ClaimOf: i % 3 == 2 && i % 2 == 0 ? ChangeStatus.Contested : ChangeStatus.Held));
        }
        return new Dataset(new DatasetInfo("Generated", ["generated in code"]), factions, places, sources, changes.MoveToImmutable());
    }

    [Fact]
    public void Six_thousand_places_and_twenty_thousand_changes_go_through_both_stores_intact()
    {
        var clock = Stopwatch.StartNew();
        var dataset = Generate(6230, 20000);
        Lap("generate 6,230 places + 20,000 changes");
        DatasetValidator.Validate(dataset);
        Lap("validate");
        var version = DatasetVersion.Compute(dataset);
        Lap("version hash");

        var sqlite = new SqliteStore(_temp.File("scale.sqlite"));
        sqlite.Import(dataset);
        Lap("SQLite import (one transaction)");
        var fromSqlite = new SqliteStore(_temp.File("scale.sqlite")).Load();
        Lap("SQLite load (fresh store, validated)");
        var fresh = new SqliteStore(_temp.File("scale.sqlite"));
        fresh.Append([new ControlChange("extra-1", "place-00001", "SAA", new GroundTime(new DateOnly(2021, 1, 1)), ChangeKind.Capture, ChangeStatus.Held,
            [new Citation("src-1")], DateTimeOffset.UnixEpoch, "editor")]);
        Lap("SQLite append of 1 change (load + validate + insert)");

        var dir = _temp.Sub("scale");
        DatasetFiles.Write(dir, fromSqlite);
        Lap("directory write");
        var fromDirectory = new DirectoryStore(dir).Load();
        Lap("directory load (streaming parse, validated)");
        output.WriteLine($"changes.ndjson: {new FileInfo(Path.Combine(dir, DatasetFiles.Changes)).Length / 1024} KiB, scale.sqlite: {new FileInfo(_temp.File("scale.sqlite")).Length / 1024} KiB");

        Assert.Equal(6230, fromSqlite.Places.Length);
        Assert.Equal(20000, fromSqlite.Changes.Length);
        Assert.Equal(version, DatasetVersion.Compute(fromSqlite));
        Assert.Equal(version, DatasetVersion.Compute(fromDirectory));
        Assert.Equal(20001, fresh.Load().Changes.Length);
        Assert.NotEqual(version, fresh.Version);

        void Lap(string what)
        {
            output.WriteLine($"{what}: {clock.ElapsedMilliseconds} ms");
            clock.Restart();
        }
    }
}
