using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// How much of a place a capture takes, on sentences of our own: the whole place, a part of it (a contest), or only
/// something that lies in or near it (no fact for the place); and whether an entry is told as done or as a fight.
/// </summary>
[Collection("ingest")]
public class CaptureScopeTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published = "2019-12-03") =>
        fx.Full.Ingest(text, new ReportInfo(D(published))).Facts;

    private static CandidateFact Only(IReadOnlyList<CandidateFact> facts, string place) => Assert.Single(facts, f => f.PlaceText == place);

    [Theory]
    [InlineData("Government troops recaptured a gas field east of the central city of Homs on Tuesday.", "Homs")]
    [InlineData("The army took several hills southwest of the former rebel bastion of Yabroud.", "Yabroud")]
    [InlineData("Rebels seized an artillery academy in the southern suburbs of Aleppo after a week of fighting.", "Aleppo")]
    [InlineData("Islamist fighters took the border post at the town of Kassab on Friday.", "Kassab")]
    [InlineData("Rebels captured a strategic village outside of Aleppo on Thursday.", "Aleppo")]
    [InlineData("The army liberated two villages of Tal Abyad district on Thursday.", "Tal Abyad")]
    [InlineData("Government forces regained control of 400 km² of Idlib countryside this week.", "Idlib")]
    [InlineData("The militants seized a town that lies near a highway leading to the capital, Damascus.", "Damascus")]
    [InlineData("Government troops recaptured more ground from the rebels in their push towards the strategic city of Saraqib.", "Saraqib")]
    [InlineData("The rebels say they are fighting to \"liberate\" the city of Aleppo.", "Aleppo")]
    public void A_thing_taken_in_or_near_a_place_is_not_the_place(string sentence, string place) =>
        Assert.DoesNotContain(Read(sentence), f => f.PlaceText == place && f.Kind == "capture");

    [Theory]
    [InlineData("Kurdish fighters captured a district of Tal Abyad on Monday.", "Tal Abyad")]
    [InlineData("Nusra Front fighters seized the old quarter of Maaloula after days of fighting.", "Maaloula")]
    [InlineData("Government forces took an eastern neighbourhood in Sheikh Miskeen overnight.", "Sheikh Miskeen")]
    [InlineData("The Syrian Democratic Forces are now in control of 60 percent of Hajin.", "Hajin")]
    [InlineData("Government forces seized Saraqib's northern and eastern districts overnight.", "Saraqib")]
    public void A_part_of_a_place_taken_makes_it_contested(string sentence, string place) =>
        Assert.Equal("contested", Only(Read(sentence), place).Kind);

    [Fact]
    public void Places_named_after_including_or_namely_are_taken_even_when_the_object_is_located_first()
    {
        var facts = Read("Government forces captured several villages in the Hama countryside, including Souran and Taybat al-Imam.");
        Assert.Equal(["Souran", "Taybat al-Imam"], facts.Where(f => f.Kind == "capture").Select(f => f.PlaceText));
        Assert.Equal(["Lawf", "Qamhana"], Read("The army liberated the two towns of Lawf and Qamhana.").Select(f => f.PlaceText));
        var g = Read("On Sunday the army captured two more villages in Idlib province, namely Kafr Nabl and Hass.");
        Assert.Equal(["Kafr Nabl", "Hass"], g.Where(f => f.Kind == "capture").Select(f => f.PlaceText));
    }
}

/// <summary>Cues that tell no event, and entries told as done or as a fight, on sentences of our own.</summary>
[Collection("ingest")]
public class EventOrNotTests(IngestFixture fx)
{
    private IReadOnlyList<CandidateFact> Read(string text, string published = "2019-12-03") =>
        fx.Full.Ingest(text, new ReportInfo(DateOnly.Parse(published, CultureInfo.InvariantCulture))).Facts;

    [Theory]
    [InlineData("If the rebels capture Saraqib, the highway to Aleppo will be cut.")]
    [InlineData("Should government forces seize Kafr Nabl, the southern front would collapse.")]
    [InlineData("Government troops are moving toward capturing the town of Saraqib.")]
    [InlineData("The offensive is aimed at capturing Maarat al-Numan before the winter.")]
    [InlineData("Militants shelled the recently liberated villages near Kafr Nabl.")]
    [InlineData("Army units struck rebel positions in Idlib, near the liberated town of Hass.")]
    public void Conditions_purposes_and_participles_used_as_adjectives_tell_no_capture(string sentence) =>
        Assert.DoesNotContain(Read(sentence), f => f.Kind == "capture");

    [Fact]
    public void A_capture_after_already_or_recently_is_still_a_capture() =>
        Assert.Equal("capture", Assert.Single(Read("The army has already captured the town of Kafr Nabl, state media said.")).Kind);

    [Theory]
    [InlineData("Kurdish fighters entered Abu Hamam and four other villages without any clashes on Tuesday.", "capture")]
    [InlineData("Rebels entered the city of Hama on Thursday amid fierce clashes with government forces.", "contested")]
    [InlineData("Israeli troops advanced into the village of Ain Ziwan with armoured vehicles.", "contested")]
    [InlineData("Government forces advanced into Deir Hafer following the withdrawal of the SDF.", "capture")]
    [InlineData("Islamic State fighters entered Kobani after three weeks of fighting around the town.", "contested")]
    [InlineData("Government forces entered Maarat al-Numan on Tuesday and were combing its districts.", "contested")]
    [InlineData("The army entered all areas of the town of Khan Shaykhun after the defeat of the rebels.", "capture")]
    public void An_entry_is_a_capture_when_told_as_done_and_a_contest_when_told_as_a_fight_or_a_push(string sentence, string kind) =>
        Assert.Equal(kind, Read(sentence, "2025-12-20").First().Kind);
}

/// <summary>Capture verbs and phrasings beyond "captured" and "took control of", on sentences of our own.</summary>
[Collection("ingest")]
public class CaptureVerbTests(IngestFixture fx)
{
    private IReadOnlyList<CandidateFact> Read(string text, string published) =>
        fx.Full.Ingest(text, new ReportInfo(DateOnly.Parse(published, CultureInfo.InvariantCulture))).Facts;

    [Theory]
    [InlineData("Kurdish fighters wrested Manbij from the Islamic State on Monday.", "2019-06-10", "Manbij", "SDF")]
    [InlineData("The villages of Hass and Kafr Nabl have all fallen to government forces.", "2019-06-10", "Kafr Nabl", "SAA")]
    [InlineData("Government forces launched an assault on Kafr Nabl on Monday. The town of Kafr Nabl has been cleared of terrorists, state media said.", "2019-06-10", "Kafr Nabl", "SAA")]
    [InlineData("On Monday, the SDF handed over the town of Ayn Issa to the Syrian army.", "2019-10-20", "Ayn Issa", "SAA")]
    [InlineData("The army freed Hass and Kafr Nabl on Monday after a week of fighting.", "2019-06-10", "Hass", "SAA")]
    [InlineData("After a night of fighting Saraqib is back under the control of the Syrian army.", "2019-06-10", "Saraqib", "SAA")]
    [InlineData("Rebel fighters ousted Islamic State militants from Dabiq on Sunday.", "2016-10-17", "Dabiq", "Rebels")]
    [InlineData("Government forces announced the expulsion of Islamic State fighters from al-Qaryatain on Sunday.", "2016-04-04", "al-Qaryatain", "SAA")]
    [InlineData("Rebels won control of Jisr al-Shughour on Saturday, commanders said.", "2015-04-26", "Jisr al-Shughour", "Rebels")]
    public void Other_verbs_of_capture_give_a_capture_by_their_agent(string text, string published, string place, string faction)
    {
        var f = Assert.Single(Read(text, published), f => f.PlaceText == place);
        Assert.Equal((faction, "capture"), (f.FactionId, f.Kind));
    }

    [Theory]
    [InlineData("The SDF agreed to hand over Ayn Issa to the army next month.")]
    [InlineData("Rebels freed dozens of prisoners near Kafr Nabl.")]
    public void What_is_not_done_or_frees_people_gives_no_capture(string text) =>
        Assert.DoesNotContain(Read(text, "2019-10-20"), f => f.Kind == "capture");
}

/// <summary>A passive in a relative clause, on sentences of our own.</summary>
[Collection("ingest")]
public class RelativePassiveTests(IngestFixture fx)
{
    [Fact]
    public void A_passive_in_a_relative_clause_is_about_its_antecedent_only()
    {
        var facts = fx.Full.Ingest("Fighting broke out at the village of al-Amarna, 10 km south of the town of Jarablus, which was seized by Turkish-backed rebels this week.",
            new ReportInfo(new DateOnly(2016, 8, 27))).Facts;
        Assert.Equal(["Jarablus"], facts.Where(f => f.Kind == "capture").Select(f => f.PlaceText));
    }
}

/// <summary>Lists of places taken, on sentences of our own.</summary>
[Collection("ingest")]
public class TakenListTests(IngestFixture fx)
{
    [Fact]
    public void A_list_of_places_liberated_as_follows_takes_its_agent_from_the_operation_before_and_goes_on_past_unknown_names()
    {
        var facts = fx.Full.Ingest("The Syrian army operation south of Maarat al-Numan went on overnight. The villages and areas liberated since last night are as follows: Hass, Qarrat Zlimbo, Kafr Nabl and Maar Shurin.",
            new ReportInfo(new DateOnly(2019, 12, 22))).Facts;
        Assert.All(facts, f => Assert.Equal(("SAA", "capture"), (f.FactionId, f.Kind)));
        Assert.Contains(facts, f => f.PlaceText == "Kafr Nabl");
        Assert.Contains(facts, f => f.PlaceText == "Hass");
    }

    [Fact]
    public void Regaining_control_over_a_town_is_its_capture() =>
        Assert.Equal(("SAA", "capture"), Assert.Single(fx.Full.Ingest("The operations resulted in the army regaining control over the town of Kafr Nabl.",
            new ReportInfo(new DateOnly(2019, 12, 22))).Facts) is var f ? (f.FactionId, f.Kind) : default);
}

/// <summary>Agentless liberations, on sentences of our own.</summary>
[Collection("ingest")]
public class AgentlessLiberationTests(IngestFixture fx)
{
    private IReadOnlyList<CandidateFact> Read(string text, string published) =>
        fx.Full.Ingest(text, new ReportInfo(DateOnly.Parse(published, CultureInfo.InvariantCulture))).Facts;

    [Fact]
    public void A_side_announcing_that_a_place_was_cleared_of_its_enemy_is_the_agent()
    {
        var f = Assert.Single(Read("YPG commanders announced that the town of Tal Abyad has been cleared of Islamic State fighters.", "2015-06-16"));
        Assert.Equal(("Tal Abyad", "YPG", "capture"), (f.PlaceText, f.FactionId, f.Kind));
    }

    [Fact]
    public void A_part_of_a_place_cleared_is_a_contest() =>
        Assert.Equal("contested", Assert.Single(Read("Manbij Military Council fighters said that 90 percent of Manbij had been cleared of Islamic State fighters.", "2016-08-01")).Kind);

    [Fact]
    public void A_place_that_only_locates_the_subject_of_an_agentless_capture_is_not_taken() =>
        Assert.DoesNotContain(Read("Government forces pressed their offensive on Monday. Another village to the south of the rebel bastion of Saraqib was recaptured today.", "2019-12-03"),
            f => f.PlaceText == "Saraqib" && f.Kind == "capture");
}
