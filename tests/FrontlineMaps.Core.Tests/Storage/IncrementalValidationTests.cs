using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>Validating only the appended records gives exactly the verdict of validating the combined dataset.</summary>
public sealed class IncrementalValidationTests
{
    private static DatasetFormatException? Outcome(Action validate)
    {
        try
        {
            validate();
            return null;
        }
        catch (DatasetFormatException e)
        {
            return e;
        }
    }

    public static TheoryData<string> Rules()
    {
        var data = new TheoryData<string>();
        foreach (var row in AppendRuleTests.Rules().Where(r => (string)r[0] == "sqlite"))
            data.Add((string)row[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_bad_change_in_a_batch_gets_the_same_error_either_way(string rule)
    {
        var dataset = Fixtures.Small();
        var additions = DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA"), AppendRuleTests.Bad(rule), Fixtures.Change("c8", "aleppo", "SDF")]);
        var ids = DatasetValidator.ValidateWithIds(dataset, DatasetLayout.Canonical);

        var whole = Outcome(() => DatasetValidator.Validate(additions.ApplyTo(dataset), DatasetLayout.Canonical));
        var incremental = Outcome(() => DatasetValidator.ValidateAdditions(ids, additions.ApplyTo(dataset), additions, DatasetLayout.Canonical));

        Assert.NotNull(whole);
        Assert.Equal(whole.Message, incremental?.Message);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_write_APIs_check_of_a_loaded_dataset_gives_the_message_of_checking_the_whole(string rule)
    {
        using var temp = new TempDir();
        var store = new SqliteStore(temp.File("data.sqlite"));
        store.Import(Fixtures.Small());
        var additions = DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA"), AppendRuleTests.Bad(rule), Fixtures.Change("c8", "aleppo", "SDF")]);

        // The loaded dataset is known to the validator (only the additions are checked); an equal copy is not (checked whole).
        var incremental = Outcome(() => DatasetValidator.ValidateAdditions(store.Load(), additions));
        var whole = Outcome(() => DatasetValidator.ValidateAdditions(store.Load() with { }, additions));

        Assert.NotNull(whole);
        Assert.Equal(whole.Message, incremental?.Message);
    }

    [Fact]
    public void The_write_APIs_check_of_a_loaded_dataset_does_not_check_the_stored_records_again()
    {
        // A record written before the text rule (a control character) still opens, and the store takes writes beside it: the
        // write API's check reads only the additions, as the store's own check does.
        using var temp = new TempDir();
        var store = new SqliteStore(temp.File("data.sqlite"));
        store.Import(Fixtures.Small());
        using (var connection = store.OpenConnection())
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "UPDATE places SET record = json_set(record, '$.name', 'Hill' || char(7) || '123') WHERE id = 'hill-123'";
            cmd.ExecuteNonQuery();
        }
        var loaded = store.Load();
        var additions = DatasetAdditions.OfChanges([Fixtures.Change("c7", "hill-123", "SAA")]);

        DatasetValidator.ValidateAdditions(loaded, additions);
        store.Append(additions);

        Assert.Equal("Hill\u0007123", store.Load().Places.Single(p => p.Id == "hill-123").Name);
        Assert.Equal("c7", store.Load().Changes[^1].Id);
        var whole = Assert.Throws<DatasetFormatException>(() => DatasetValidator.ValidateAdditions(loaded with { }, additions));
        Assert.Equal(("places", 0, "name"), (whole.File, whole.Line, whole.Field));
    }

    [Fact]
    public void New_factions_sources_and_places_are_checked_with_the_changes_that_use_them_and_the_ids_grow()
    {
        var dataset = Fixtures.Small();
        var ids = DatasetValidator.ValidateWithIds(dataset, DatasetLayout.Canonical);
        var bad = new DatasetAdditions([new Faction("RU", "Russian Armed Forces", "Russia", "#0000cc", [], Allies: ["SAA", "IR"])], [],
            [new Place("p5", "P5", [], PlaceKind.Village, 37, 36, AdminUnits.None)], [Fixtures.Change("c7", "p5", "RU")]);
        var good = bad with { Factions = [bad.Factions[0] with { Allies = ["SAA"] }] };

        Assert.Equal(Outcome(() => DatasetValidator.Validate(bad.ApplyTo(dataset), DatasetLayout.Canonical))?.Message,
            Outcome(() => DatasetValidator.ValidateAdditions(ids, bad.ApplyTo(dataset), bad, DatasetLayout.Canonical))?.Message);
        var grown = DatasetValidator.ValidateAdditions(ids, good.ApplyTo(dataset), good, DatasetLayout.Canonical);

        Assert.Equal(7, grown.Factions.Count);
        Assert.Equal(6, ids.Factions.Count); // the earlier index is left as it was
        Assert.Equal(6, grown.Changes["c7"]);
        var repeat = DatasetAdditions.OfChanges([Fixtures.Change("c7", "p5", "RU")]);
        var again = Outcome(() => DatasetValidator.ValidateAdditions(grown, repeat.ApplyTo(good.ApplyTo(dataset)), repeat, DatasetLayout.Canonical));
        Assert.Equal("changes.ndjson:9: field 'id': duplicate id 'c7' (first at changes.ndjson:8)", again?.Message);
    }

    // The review rules read state other records left behind (which claims were retracted, which were confirmed and by whom):
    // validating only the tail must carry that state from the validated head, wherever the head ends.
    private static readonly ControlChange Claim = Fixtures.Change("claim", "hill-123", "HTS", status: ChangeStatus.Claimed) with { ClaimOf = ChangeStatus.Contested };

    private static ControlChange Review(string id, ReviewVerdict verdict = ReviewVerdict.Confirmed, string reviews = "claim") => Claim with
    {
        Id = id, Reviews = reviews, Verdict = verdict,
        Status = verdict == ReviewVerdict.Confirmed ? ChangeStatus.Contested : ChangeStatus.Claimed,
        ClaimOf = verdict == ReviewVerdict.Confirmed ? ChangeStatus.Held : ChangeStatus.Contested,
    };

    private static ControlChange Retract(string id, string target) =>
        Fixtures.Change(id, "hill-123", null, kind: ChangeKind.Retraction, sources: [], retracts: target);

    private static ControlChange[] Scenario(string name) => name switch
    {
        "confirmed" => [Claim, Review("r1")],
        "disputed then confirmed" => [Claim, Review("r1", ReviewVerdict.Disputed), Review("r2")],
        "already confirmed" => [Claim, Review("r1"), Fixtures.Change("x", "aleppo", "SAA"), Review("r2")],
        "confirmation retracted, then confirmed again" => [Claim, Review("r1"), Retract("u1", "r1"), Review("r2")],
        "confirmed again, then a third time" => [Claim, Review("r1"), Retract("u1", "r1"), Review("r2"), Review("r3")],
        "claim retracted" => [Claim, Fixtures.Change("x", "aleppo", "SAA"), Retract("u1", "claim"), Review("r1", ReviewVerdict.Disputed)],
        "review of a review" => [Claim, Review("r1", ReviewVerdict.Disputed), Review("r2", reviews: "r1")],
        "review of a held record" => [Claim, Review("r1", reviews: "c1") with { PlaceId = "aleppo", FactionId = "SAA" }],
        "review of a retraction" => [Claim, Retract("u1", "claim"), Review("r1", reviews: "u1")],
        "review of a later record" => [Review("r1"), Claim],
        "review restating another faction" => [Claim, Fixtures.Change("x", "aleppo", "SAA"), Review("r1") with { FactionId = "SDF" }],
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string, string?> ReviewScenarios() => new()
    {
        { "confirmed", null },
        { "disputed then confirmed", null },
        { "already confirmed", "'claim' was already confirmed by 'r1'" },
        { "confirmation retracted, then confirmed again", null },
        { "confirmed again, then a third time", "'claim' was already confirmed by 'r2'" },
        { "claim retracted", "'claim' has been retracted" },
        { "review of a review", "'r1' is itself a review" },
        { "review of a held record", "'c1' is not a claimed record" },
        { "review of a retraction", "'u1' is not a claimed record" },
        { "review of a later record", "'claim' is not an earlier record" },
        { "review restating another faction", "expected 'HTS'" },
    };

    [Theory]
    [MemberData(nameof(ReviewScenarios))]
    public void The_review_rules_give_the_same_verdict_wherever_the_validated_part_ends(string scenario, string? expected)
    {
        var records = Scenario(scenario);
        var all = DatasetAdditions.OfChanges(records).ApplyTo(Fixtures.Small());
        var whole = Outcome(() => DatasetValidator.Validate(all, DatasetLayout.Canonical));
        if (expected is null)
            Assert.Null(whole);
        else
            Assert.Contains(expected, whole?.Message);

        for (var split = 0; split < records.Length; split++)
        {
            var head = DatasetAdditions.OfChanges(records[..split]).ApplyTo(Fixtures.Small());
            if (Outcome(() => DatasetValidator.Validate(head, DatasetLayout.Canonical)) is not null)
                continue; // an invalid head never reaches a store: there is nothing to append to
            var ids = DatasetValidator.ValidateWithIds(head, DatasetLayout.Canonical);
            var tail = DatasetAdditions.OfChanges(records[split..]);
            var incremental = Outcome(() => DatasetValidator.ValidateAdditions(ids, tail.ApplyTo(head), tail, DatasetLayout.Canonical));
            Assert.True(whole?.Message == incremental?.Message, $"split after {split}: whole '{whole?.Message}', incremental '{incremental?.Message}'");
        }
    }
}
