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
}
