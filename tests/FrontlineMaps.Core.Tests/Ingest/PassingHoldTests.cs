using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Holds told in passing, on sentences of our own with the shapes of real copy: sieges (the besieged side holds), places a
/// noun phrase or relative clause says are held, positions and bases in a place, where a side withdraws to, control kept.
/// A siege named only as an adjective, a past state, an observation post and a withdrawal not yet made give nothing.
/// </summary>
[Collection("ingest")]
public class PassingHoldTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published = "2019-08-14") =>
        fx.Full.Ingest(text, new ReportInfo(D(published))).Facts;

    private static (string, string) FactionAndKind(IReadOnlyList<CandidateFact> facts, string place) =>
        Assert.Single(facts, f => f.PlaceText == place) is var f ? (f.FactionId, f.Kind) : default;

    [Fact]
    public void A_place_besieged_by_one_side_is_held_by_its_adversary()
    {
        var facts = Read("Rebels fought hard for the area last week. Government troops completed the siege on the towns of Kafr Nabl and Hish on Monday.");
        Assert.Equal(("Rebels", "hold"), FactionAndKind(facts, "Kafr Nabl"));
        Assert.Equal(("Rebels", "hold"), FactionAndKind(facts, "Hish"));
        Assert.DoesNotContain(facts, f => f.FactionId == "SAA");
    }

    [Fact]
    public void A_side_besieged_in_a_place_holds_it() =>
        Assert.Equal(("ISIS", "hold"), FactionAndKind(Read("Islamic State fighters are besieged in the town of Maskanah, activists said.", "2017-06-01"), "Maskanah"));

    [Fact]
    public void Besieged_as_an_adjective_or_a_siege_of_the_past_gives_no_hold()
    {
        Assert.Empty(Read("Rebels and the army traded fire. An aid convoy reached the besieged town of Madaya on Monday, and jets struck two besieged villages nearby."));
        Assert.Empty(Read("Rebels and the army traded fire. Kafr Nabl was besieged by government troops for two months last year."));
    }

    [Fact]
    public void A_relative_clause_or_a_noun_phrase_can_say_who_holds_a_place()
    {
        Assert.Equal(("Rebels", "hold"), FactionAndKind(Read("Army units advanced towards Taftanaz, which is still under the control of the rebels."), "Taftanaz"));
        Assert.Equal(("Rebels", "hold"), FactionAndKind(Read("Saraqib is now the largest town in the province held by the rebels."), "Saraqib"));
    }

    [Fact]
    public void A_state_of_the_past_is_no_hold_now()
    {
        Assert.DoesNotContain(Read("Kafr Nabl and Hish, which were the last villages controlled by the rebels, emptied on Friday."), f => f.Kind == "hold");
        Assert.Empty(Read("Busra al-Harir, under rebel control from 2014 until 2018, is quiet now."));
    }

    [Fact]
    public void Positions_of_a_side_in_a_place_mean_it_holds_the_place_but_an_observation_post_does_not()
    {
        var facts = Read("Rebels shelled army positions in the villages of Hish and Kafr Nabl overnight.");
        Assert.Equal(("SAA", "hold"), FactionAndKind(facts, "Hish"));
        Assert.Equal(("SAA", "hold"), FactionAndKind(facts, "Kafr Nabl"));
        Assert.Empty(Read("Shells landed near a Turkish observation post in Morek on Sunday."));
    }

    [Fact]
    public void A_side_holds_the_place_it_withdraws_to_once_it_has_withdrawn()
    {
        Assert.Equal(("SAA", "hold"), FactionAndKind(Read("Government troops withdrew from Khan Shaykhun to the nearby town of Morek on Tuesday."), "Morek"));
        Assert.DoesNotContain(Read("Under the deal the fighters will withdraw to Morek within days."), f => f.PlaceText == "Morek");
    }

    [Fact]
    public void Control_kept_or_confirmed_is_a_hold()
    {
        Assert.Equal(("SDF", "hold"), FactionAndKind(Read("The SDF retained control of Tal Tamr despite the assault.", "2019-11-20"), "Tal Tamr"));
        var facts = Read("State media confirmed the army's control over Hish, Kafr Nabl and Tal Mardikh.");
        Assert.Equal(["Hish", "Kafr Nabl", "Tal Mardikh"], facts.Where(f => f is { FactionId: "SAA", Kind: "hold" }).Select(f => f.PlaceText));
    }

    [Fact]
    public void A_hold_told_in_passing_runs_from_the_narrative_date_to_the_report()
    {
        var f = Assert.Single(Read("Rebels captured Hish on Monday. Kafr Nabl, which is under the control of the army, lies to the south.", "2019-08-14"), x => x.PlaceText == "Kafr Nabl");
        Assert.Equal((D("2019-08-12"), D("2019-08-14")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void What_a_side_managed_to_do_it_did_and_what_it_never_managed_to_do_it_did_not()
    {
        var f = Assert.Single(Read("Government troops managed to break the siege of Kafr Nabl on Sunday."));
        Assert.Equal(("SAA", "hold"), (f.FactionId, f.Kind));
        Assert.Empty(Read("Government troops have not managed to break the siege of Kafr Nabl."));
    }
}
