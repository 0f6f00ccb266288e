using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>Small datasets built in code, and helpers to compare and lay them out on disk.</summary>
internal static class Fixtures
{
    public const string BoundaryGeoJson = """{"type":"Polygon","coordinates":[[[36,35],[38,35],[38,37],[36,37],[36,35]]]}""";

    public static readonly DateTimeOffset Recorded = new(2020, 1, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 6 factions (lines 2-7 of factions.ndjson), 2 sources (lines 2-3), 4 places (lines 2-5) and 6 changes (lines 2-7)
    /// exercising every optional field: a timed change, an approximate range, a claim of contest with a claimant,
    /// a retraction and a correction.
    /// </summary>
    public static Dataset Small() => new(
        new DatasetInfo("Test (reports 2016-2017)", ["GeoNames (CC BY 4.0)", "Test data"]),
        [
            new Faction("GOV", "Government coalition", "Gov", "#aa0000", []),
            new Faction("SAA", "Syrian Arab Army", "SAA", "#cc0000", ["Assad's forces", "regime forces"], Parent: "GOV", Allies: ["NDF"]),
            new Faction("NDF", "National Defence Forces", "NDF", "#dd3333", [], Parent: "GOV"),
            new Faction("JAN", "Jabhat al-Nusra", "Nusra", "#333333", ["al-Nusra Front"], ValidTo: new DateOnly(2017, 1, 28), SucceededBy: "HTS"),
            new Faction("HTS", "Hay'at Tahrir al-Sham", "HTS", "#444444", [], ValidFrom: new DateOnly(2017, 1, 28)),
            new Faction("SDF", "Syrian Democratic Forces", "SDF", "#ffcc00", ["قوات سوريا الديمقراطية"],
                Allies: [new Alliance("SAA", new DateOnly(2016, 2, 1), new DateOnly(2016, 6, 1)), new Alliance("HTS", To: new DateOnly(2017, 3, 1))]),
        ],
        [
            new Place("aleppo", "Aleppo", ["حلب", "Halab"], PlaceKind.City, 37.16, 36.2, new AdminUnits("Aleppo", "Jebel Saman", "Jebel Saman", "C1007"), 2098210),
            new Place("tal-rifaat", "Tal Rifaat", ["تل رفعت"], PlaceKind.Town, 37.0975, 36.4717, new AdminUnits("Aleppo", "Azaz", null, null), 20514),
            new Place("kafr-naya", "Kafr Naya", [], PlaceKind.Village, 37.0167, 36.3, AdminUnits.None, LocationIsApproximate: true, Note: "placed from a description"),
            new Place("hill-123", "Hill 123", [], PlaceKind.Hill, 36.9, 36.1, AdminUnits.None),
        ],
        [
            new Source("S1", "SOHR", "Regime forces advance north of Aleppo", "https://www.syriahr.com/en/1", new DateOnly(2016, 2, 3)),
            new Source("S2", "Reuters", "Kurdish-led forces take Tal Rifaat", null, new DateOnly(2016, 2, 16), PublishedIsInferred: true),
        ],
        [
            Change("c1", "aleppo", "SAA", new GroundTime(new DateOnly(2016, 2, 3)), sources: [new Citation("S1")]),
            Change("c2", "tal-rifaat", "SDF", new GroundTime(new DateOnly(2016, 2, 15), new TimeOnly(6, 30)), status: ChangeStatus.Contested,
                sources: [new Citation("S1"), new Citation("S2", "local activists")]),
            Change("c3", "aleppo", "SAA", new GroundTime(new DateOnly(2016, 12, 1), ApproxTo: new DateOnly(2016, 12, 31)), kind: ChangeKind.Confirmation),
            Change("c4", "kafr-naya", "HTS", new GroundTime(new DateOnly(2017, 3, 1)), status: ChangeStatus.Claimed,
                sources: [new Citation("S2", "Hay'at Tahrir al-Sham")]) with { ClaimOf = ChangeStatus.Contested, Note = "\"we stormed the village\"" },
            Change("c5", "kafr-naya", null, new GroundTime(new DateOnly(2017, 3, 1)), kind: ChangeKind.Retraction, sources: [], retracts: "c4"),
            Change("c6", "tal-rifaat", "SDF", new GroundTime(new DateOnly(2016, 2, 16)), sources: [new Citation("S2")], retracts: "c2")
                with { RecordedAt = new DateTimeOffset(2020, 1, 2, 5, 4, 5, 500, TimeSpan.FromHours(2)) },
        ],
        BoundaryGeoJson);

    public static ControlChange Change(string id, string place, string? faction, GroundTime? time = null, ChangeKind kind = ChangeKind.Capture,
        ChangeStatus status = ChangeStatus.Held, ImmutableArray<Citation>? sources = null, string? retracts = null) =>
        new(id, place, faction, time ?? new GroundTime(new DateOnly(2018, 1, 1)), kind, status, sources ?? [new Citation("S1")], Recorded, "editor", retracts);

    public static void AssertSameContent(Dataset expected, Dataset actual)
    {
        Assert.Equal(expected.Info.Name, actual.Info.Name);
        Assert.Equal(expected.Info.Attribution.OrEmpty().ToArray(), actual.Info.Attribution.OrEmpty().ToArray());
        Assert.Equal(expected.BoundaryGeoJson, actual.BoundaryGeoJson);
        Assert.Equal(expected.Factions.Select(Plain), actual.Factions.Select(Plain));
        Assert.Equal(expected.Factions.Select(f => f.Aliases.OrEmpty()), actual.Factions.Select(f => f.Aliases.OrEmpty()), SequenceComparer);
        Assert.Equal(expected.Factions.Select(f => f.Allies.OrEmpty()), actual.Factions.Select(f => f.Allies.OrEmpty()), new ArrayComparer<Alliance>());
        Assert.Equal(expected.Sources.ToArray(), actual.Sources.ToArray());
        Assert.Equal(expected.Places.Select(p => p with { AlternateNames = default }), actual.Places.Select(p => p with { AlternateNames = default }));
        Assert.Equal(expected.Places.Select(p => p.AlternateNames.OrEmpty()), actual.Places.Select(p => p.AlternateNames.OrEmpty()), SequenceComparer);
        Assert.Equal(expected.Changes.Select(c => c with { Sources = default }), actual.Changes.Select(c => c with { Sources = default }));
        Assert.Equal(expected.Changes.Select(c => c.Sources.OrEmpty()), actual.Changes.Select(c => c.Sources.OrEmpty()), new ArrayComparer<Citation>());

        static Faction Plain(Faction f) => f with { Aliases = default, Allies = default };
    }

    private static readonly ArrayComparer<string> SequenceComparer = new();

    private sealed class ArrayComparer<T> : IEqualityComparer<ImmutableArray<T>>
    {
        public bool Equals(ImmutableArray<T> x, ImmutableArray<T> y) => x.SequenceEqual(y);

        public int GetHashCode(ImmutableArray<T> obj) => obj.Length;
    }

    /// <summary>The bytes of every file in a directory, by name (temp and lock files included, to catch leftovers).</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string directory) =>
        new(Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f)!, File.ReadAllBytes), StringComparer.Ordinal);

    public static void AssertSameFiles(string expectedDirectory, string actualDirectory)
    {
        var expected = Snapshot(expectedDirectory);
        var actual = Snapshot(actualDirectory);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }
}

/// <summary>A temp directory deleted with everything in it.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flm-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Sub(string name)
    {
        var path = File(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
