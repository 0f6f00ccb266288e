using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Holds and states told in passing, on sentences of our own with the shapes of real copy: held-adjectives wherever they
/// stand, strongholds, broken sieges, "in control over"; and entries, which are captures unless told as a fight.
/// </summary>
[Collection("ingest")]
public class HoldStateTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published = "2019-12-03") =>
        fx.Full.Ingest(text, new ReportInfo(D(published))).Facts;

    private static CandidateFact Only(IReadOnlyList<CandidateFact> facts, string place) => Assert.Single(facts, f => f.PlaceText == place);

    [Fact]
    public void A_held_adjective_states_a_hold_even_inside_a_place_phrase_or_a_modal_clause()
    {
        var f = Only(Read("The convoy stopped near the rebel-held town of Saraqib on Monday."), "Saraqib");
        Assert.Equal(("Rebels", "hold"), (f.FactionId, f.Kind));
        var facts = Read("The army is expected to enter SDF-held Manbij and Tabqa within days.");
        Assert.Equal(["hold", "hold"], facts.Where(x => x.FactionId == "SDF").Select(x => x.Kind));
        Assert.DoesNotContain(facts, x => x.FactionId == "SAA");
    }

    [Fact]
    public void A_multi_word_faction_before_held_is_the_holder_and_the_appositive_names_the_place()
    {
        var f = Only(Read("Troops moved on al-Mayadin, the last Islamic State-held town on the river.", "2017-10-10"), "al-Mayadin");
        Assert.Equal(("ISIS", "hold"), (f.FactionId, f.Kind));
    }

    [Fact]
    public void A_held_part_of_a_city_is_not_the_city() =>
        Assert.DoesNotContain(Read("Jets struck rebel-held eastern Aleppo overnight.", "2016-10-10"), f => f.PlaceText == "Aleppo");

    [Fact]
    public void A_stronghold_is_held_by_the_group_it_belongs_to()
    {
        Assert.Equal(("ISIS", "hold"), (Only(Read("Jets pounded the ISIS stronghold of Maskanah on Friday.", "2017-03-20"), "Maskanah") is var f ? (f.FactionId, f.Kind) : default));
        Assert.Equal("SAA", Only(Read("Rebels shelled Mhardeh, a stronghold of the army, on Friday.", "2019-06-07"), "Mhardeh").FactionId);
    }

    [Fact]
    public void Breaking_a_siege_means_the_besieged_side_holds_the_place()
    {
        var facts = Read("Government forces broke the long siege of Nubl and Zahraa on Wednesday.", "2016-02-04");
        Assert.Equal(["SAA", "SAA"], facts.Select(f => f.FactionId));
        Assert.All(facts, f => Assert.Equal("hold", f.Kind));
    }

    [Fact]
    public void Being_in_full_control_over_a_town_is_a_hold() =>
        Assert.Equal(("SAA", "hold"), (Only(Read("Syrian troops are now in full control over Manbij.", "2019-10-15"), "Manbij") is var f ? (f.FactionId, f.Kind) : default));

    [Fact]
    public void Turkey_controlled_ground_is_held_by_the_factions_Turkey_backs() =>
        Assert.Equal("SNA", Only(Read("Shells fell on the Turkey-controlled town of Azaz.", "2019-03-04"), "Azaz").FactionId);

    [Fact]
    public void A_fact_dated_only_by_the_dateline_may_have_happened_the_day_before()
    {
        var f = Only(Read("Rebels captured Saraqib, the Observatory said.", "2019-12-03"), "Saraqib");
        Assert.True(f.DateFrom <= D("2019-12-02") && f.DateTo == D("2019-12-03"));
    }
}
