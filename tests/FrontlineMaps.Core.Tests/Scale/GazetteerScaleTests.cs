using System.Diagnostics;
using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Import;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Core.Tests.Cli;
using Xunit.Abstractions;

namespace FrontlineMaps.Core.Tests.Scale;

/// <summary>
/// The real 6,230-place Wikipedia map of Syria goes through the importer, the SQLite store, the timeline and the spatial
/// derivation, as a user's import would. Timings go to the test log; they are not pass/fail.
/// </summary>
public class GazetteerScaleTests(ITestOutputHelper output)
{
    private static string WikipediaMap => RepoPaths.Shared("data", "gazetteer", "wikipedia-syria-detailed-map-2026-01-30.json");

    [Fact]
    public void The_Wikipedia_map_of_6230_places_loads_through_SQLite_and_every_place_has_the_controller_the_map_gives()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-scale-");
        try
        {
            var clock = Stopwatch.StartNew();
            var dataset = GazetteerImport.Import("wikipedia", WikipediaMap);
            output.WriteLine($"import: {clock.ElapsedMilliseconds} ms ({dataset.Places.Length:N0} places, {dataset.Changes.Length:N0} changes)");

            clock.Restart();
            var db = Path.Combine(dir.FullName, "syria.sqlite");
            new SqliteStore(db).Import(dataset);
            output.WriteLine($"SQLite import: {clock.ElapsedMilliseconds} ms");

            clock.Restart();
            var store = new SqliteStore(db);
            var loaded = store.Load();
            output.WriteLine($"SQLite load: {clock.ElapsedMilliseconds} ms");
            Assert.Equal(6230, loaded.Places.Length);

            clock.Restart();
            var timeline = new ControlTimeline(loaded, store.Version);
            output.WriteLine($"timeline index: {clock.ElapsedMilliseconds} ms");

            clock.Restart();
            var snapshot = timeline.Snapshot(new DateOnly(2026, 1, 30));
            output.WriteLine($"snapshot: {clock.Elapsed.TotalMilliseconds:F2} ms");

            // Expected controllers computed from the file itself, independently of the importer.
            using var doc = JsonDocument.Parse(File.ReadAllText(WikipediaMap));
            var owners = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("owner").GetString()).ToList();
            var expectedHeld = owners.Count(o => !string.IsNullOrEmpty(o));
            var held = Enumerable.Range(0, snapshot.Count).Count(i => snapshot.StatusOf(i) == PlaceStatus.Held);
            Assert.Equal(expectedHeld, held);
            Assert.Equal(owners.Count(o => o == "SDF"), Enumerable.Range(0, snapshot.Count).Count(i => snapshot.ControllerOf(i) == timeline.FactionIndex("SDF")));

            clock.Restart();
            var map = new ControlMap(timeline);
            output.WriteLine($"cells (once per gazetteer): {clock.ElapsedMilliseconds} ms");
            clock.Restart();
            var territories = map.Territories(snapshot);
            output.WriteLine($"territory: {clock.Elapsed.TotalMilliseconds:F1} ms");
            clock.Restart();
            var fronts = map.FrontLines(snapshot);
            output.WriteLine($"front lines: {clock.Elapsed.TotalMilliseconds:F1} ms");
            foreach (var t in territories) output.WriteLine($"  {t.Faction,-14} {t.Status,-9} {t.AreaKm2,10:F0} km²  {t.Places.Length,5} places");
            foreach (var f in fronts) output.WriteLine($"  front {string.Join('/', f.Factions),-22} {f.LengthKm,8:F0} km");

            Assert.Contains(territories, t => t.Faction == "SDF" && t.AreaKm2 > 1000);
            Assert.Contains(fronts, f => f.Factions.Contains("SDF") && f.Factions.Contains(WikipediaMapImporter.DefaultGovernmentFactionId) && f.LengthKm > 20);
            var area = map.AreaByFaction(snapshot);
            // Syria is about 185,000 km²; held ground can't exceed it.
            Assert.InRange(area.Values.Sum(), 20_000, 190_000);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void The_imported_SQLite_file_opens_in_the_sqlite3_shell_in_WAL_mode_with_every_change()
    {
        var dir = Directory.CreateTempSubdirectory("frontline-sqlite3-");
        try
        {
            var db = Path.Combine(dir.FullName, "syria.sqlite");
            var r = CliRunner.Run("import", "wikipedia", WikipediaMap, "--out", db);
            Assert.Equal(0, r.ExitCode);
            var psi = new ProcessStartInfo("sqlite3", [db, "PRAGMA journal_mode;", "SELECT count(*) FROM changes;", "SELECT count(*) FROM places;"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["wal", "6230", "6230"], lines);
        }
        finally { dir.Delete(true); }
    }
}
