using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>The same append rules hold in both stores, and a refused append leaves the store as it was.</summary>
public sealed class AppendRuleTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private IDatasetStore Store(string kind)
    {
        IDatasetStore store = kind == "directory" ? new DirectoryStore(_temp.Sub("data")) : new SqliteStore(_temp.File("data.sqlite"));
        store.Import(Fixtures.Small());
        return store;
    }

    public static TheoryData<string, string, string, string> Rules()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var store in new[] { "directory", "sqlite" })
        {
            data.Add(store, "unknown place", "place", "unknown place 'nowhere'");
            data.Add(store, "unknown faction", "faction", "unknown faction 'XYZ'");
            data.Add(store, "unknown source", "sources[0].source", "unknown source 'S9'");
            data.Add(store, "id already in the log", "id", "duplicate id 'c3'");
            data.Add(store, "id twice in the batch", "id", "duplicate id 'c7'");
            data.Add(store, "retracting an unknown record", "retracts", "unknown record 'c99'");
            data.Add(store, "retracting a later record of the batch", "retracts", "'c8' is not an earlier record");
            data.Add(store, "retraction with a faction", "faction", "a retraction names no faction");
            data.Add(store, "capture without sources", "sources", "at least one source is required");
            data.Add(store, "time with seconds", "valid_from", "whole minutes");
        }
        return data;
    }

    internal static ControlChange Bad(string rule) => rule switch
    {
        "unknown place" => Fixtures.Change("c8", "nowhere", "SAA"),
        "unknown faction" => Fixtures.Change("c8", "aleppo", "XYZ"),
        "unknown source" => Fixtures.Change("c8", "aleppo", "SAA", sources: [new Citation("S9")]),
        "id already in the log" => Fixtures.Change("c3", "aleppo", "SAA"),
        "id twice in the batch" => Fixtures.Change("c7", "aleppo", "SAA"),
        "retracting an unknown record" => Fixtures.Change("c8", "aleppo", null, kind: ChangeKind.Retraction, sources: [], retracts: "c99"),
        "retracting a later record of the batch" => Fixtures.Change("c8b", "aleppo", null, kind: ChangeKind.Retraction, sources: [], retracts: "c8"),
        "retraction with a faction" => Fixtures.Change("c8", "aleppo", "SAA", kind: ChangeKind.Retraction, sources: [], retracts: "c1"),
        "capture without sources" => Fixtures.Change("c8", "aleppo", "SAA", sources: []),
        "time with seconds" => Fixtures.Change("c8", "aleppo", "SAA", time: new GroundTime(new DateOnly(2018, 1, 1), new TimeOnly(6, 30, 15))),
        _ => throw new ArgumentException(rule),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_bad_change_in_the_middle_of_a_batch_is_rejected_and_nothing_is_appended(string kind, string rule, string field, string reason)
    {
        var store = Store(kind);
        var version = store.Version;
        var batch = new[] { Fixtures.Change("c7", "hill-123", "SAA"), Bad(rule), Fixtures.Change("c8", "aleppo", "SDF") };

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(batch));

        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.Equal(kind == "directory" ? 9 : 8, error.Line); // after the header and c1-c6 (lines 2-7, seq 1-6) and c7
        Assert.EndsWith("changes" + (kind == "directory" ? ".ndjson" : ""), error.File);
        Assert.Equal(version, store.Version);
        IDatasetStore reopened = kind == "directory" ? new DirectoryStore(_temp.File("data")) : new SqliteStore(_temp.File("data.sqlite"));
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6"], reopened.Load().Changes.Select(c => c.Id));
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("sqlite")]
    public void A_good_batch_is_appended_whole_and_a_correction_may_retract_a_change_of_the_same_batch(string kind)
    {
        var store = Store(kind);

        store.Append(
        [
            Fixtures.Change("c7", "hill-123", "SAA"),
            Fixtures.Change("c8", "hill-123", "NDF", retracts: "c7"),
            Fixtures.Change("c9", "hill-123", null, kind: ChangeKind.Retraction, sources: [], retracts: "c8"),
        ]);

        Assert.Equal(["c7", "c8", "c9"], store.Load().Changes.Skip(6).Select(c => c.Id));
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("sqlite")]
    public void New_factions_sources_and_places_are_validated_with_the_changes_that_use_them(string kind)
    {
        var store = Store(kind);
        var version = store.Version;

        var error = Assert.Throws<DatasetFormatException>(() => store.Append(new DatasetAdditions(
            [new Faction("RU", "Russian Armed Forces", "Russia", "#0000cc", [], Allies: ["SAA", "IR"])],
            [],
            [new Place("new-village", "New Village", [], PlaceKind.Village, 37.3, 36.3, AdminUnits.None)],
            [Fixtures.Change("c7", "new-village", "RU")])));

        Assert.Equal("allies", error.Field);
        Assert.Equal("unknown faction 'IR'", error.Reason);
        Assert.Equal(version, store.Version);
        Assert.Equal(6, store.Load().Factions.Length);
        Assert.Equal(4, store.Load().Places.Length);
    }
}
