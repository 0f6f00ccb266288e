using System.Collections.Immutable;
using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Clause and role analysis on sentences of our own with the shapes of real copy: agents that are not the subject,
/// agentless events, nominalisations, withdrawals, attribution across sentences, and the many things that change nothing.
/// </summary>
[Collection("ingest")]
public class ClauseRoleTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published = "2019-12-03", ReportIngester? ingester = null) =>
        (ingester ?? fx.Full).Ingest(text, new ReportInfo(D(published))).Facts;

    private static CandidateFact Only(IReadOnlyList<CandidateFact> facts, string place) => Assert.Single(facts, f => f.PlaceText == place);

    [Fact]
    public void Fighters_of_a_group_are_the_group_acting()
    {
        var f = Only(Read("Units of the Syrian Democratic Forces took Tabqa on Friday after a week of fighting."), "Tabqa");
        Assert.Equal(("SDF", "capture", D("2019-11-29")), (f.FactionId, f.Kind, f.DateFrom));
        var g = Only(Read("Fighters of the Syrian Democratic Forces captured Manbij on Friday."), "Manbij");
        Assert.Equal(("SDF", "capture"), (g.FactionId, g.Kind));
    }

    [Fact]
    public void Turkish_backed_rebels_are_the_SNA_once_it_exists_and_rebels_before()
    {
        const string text = "Turkish-backed rebels seized the village of Qabasin from the Islamic State.";
        Assert.Equal("SNA", Only(Read(text, "2019-06-01"), "Qabasin").FactionId);
        Assert.Equal("Rebels", Only(Read(text, "2016-11-20"), "Qabasin").FactionId);
        Assert.Equal("SNA", Only(Read("Ankara-backed factions overran Tal Abyad on Sunday.", "2019-10-15"), "Tal Abyad").FactionId);
    }

    [Fact]
    public void A_place_that_falls_with_no_agent_is_taken_by_the_side_advancing_in_the_sentences_before()
    {
        var f = Only(Read("Rebels pushed into the southern Idlib countryside on Thursday. Saraqib fell on Friday morning, residents said."), "Saraqib");
        Assert.Equal(("Rebels", "capture", D("2019-11-29"), "claimed", "residents"), (f.FactionId, f.Kind, f.DateFrom, f.Status, f.Claimant));
        var g = Only(Read("Government forces launched an assault on the Jabal al-Zawiya area on Monday. By nightfall, Kafr Nabl had been taken."), "Kafr Nabl");
        Assert.Equal(("SAA", "capture"), (g.FactionId, g.Kind));
    }

    [Fact]
    public void An_agentless_event_with_no_side_advancing_gives_nothing() =>
        Assert.Empty(Read("Saraqib fell on Friday morning, residents said."));

    [Fact]
    public void A_withdrawal_hands_the_place_to_whom_it_is_left_or_to_the_adversary()
    {
        var f = Only(Read("Government troops withdrew from Saraqib overnight, leaving the town to the rebels."), "Saraqib");
        Assert.Equal(("Rebels", "capture"), (f.FactionId, f.Kind));
        var g = Only(Read("Rebels and government forces fought for days around Morek. On Tuesday the rebels were forced to pull out of Morek."), "Morek");
        Assert.Equal(("SAA", "capture"), (g.FactionId, g.Kind));
    }

    [Fact]
    public void Nominalisations_name_the_capture_and_its_agent()
    {
        var f = Only(Read("The army's capture of Khan Shaykhun on Wednesday cut the last supply line."), "Khan Shaykhun");
        Assert.Equal(("SAA", "capture", D("2019-11-27")), (f.FactionId, f.Kind, f.DateFrom));
        var g = Only(Read("The seizure of Maarat al-Numan by government forces on Sunday followed weeks of shelling."), "Maarat al-Numan");
        Assert.Equal(("SAA", "capture", D("2019-12-01")), (g.FactionId, g.Kind, g.DateFrom));
        var h = Only(Read("Islamic State fighters advanced on Palmyra from the east. Palmyra's fall on Thursday stunned officials."), "Palmyra");
        Assert.Equal(("ISIS", "capture"), (h.FactionId, h.Kind));
    }

    [Theory]
    [InlineData("Government artillery shelled Kafr Nabl on Tuesday.")]
    [InlineData("Russian jets struck Ariha overnight, killing six civilians.")]
    [InlineData("Islamic State militants ambushed an army convoy near Sukhnah on Monday.")]
    [InlineData("The offensive aims at the capture of Saraqib before winter.")]
    [InlineData("Commanders said the capture of Saraqib would open the road to Aleppo.")]
    [InlineData("The rebels said their next target is Maarat al-Numan.")]
    [InlineData("Turkish troops set up a new observation post in Morek on Sunday.")]
    [InlineData("The SDF said it would withdraw from Manbij within weeks.")]
    [InlineData("The SDF agreed to pull out of Tal Rifaat under the deal.")]
    [InlineData("Government forces besieged Saraqib and cut its supply lines.")]
    [InlineData("Rebels withdrew from positions near Kafr Nabl on Monday.")]
    public void What_changes_nothing_gives_no_fact(string sentence) => Assert.Empty(Read(sentence));

    [Fact]
    public void A_denial_in_the_next_sentence_turns_the_capture_into_a_contest()
    {
        var f = Only(Read("State media said the army captured Kafr Nabl on Sunday. Rebel commanders denied this."), "Kafr Nabl");
        Assert.Equal(("SAA", "contested", "claimed"), (f.FactionId, f.Kind, f.Status));
        var g = Only(Read("Rebels denied that government forces had captured Kafr Nabl on Sunday."), "Kafr Nabl");
        Assert.Equal(("SAA", "contested"), (g.FactionId, g.Kind));
    }

    [Fact]
    public void The_same_capture_claimed_by_two_independent_sides_is_confirmed()
    {
        var f = Only(Read("The Observatory said government forces captured Kafr Nabl on Sunday. State television said the army had taken Kafr Nabl on Sunday."), "Kafr Nabl");
        Assert.Equal(("SAA", "capture", "confirmed"), (f.FactionId, f.Kind, f.Status));
        var one = Only(Read("State television said the army captured Kafr Nabl on Sunday."), "Kafr Nabl");
        Assert.Equal(("claimed", "State television"), (one.Status, one.Claimant));
    }

    [Fact]
    public void A_report_that_cannot_be_verified_stays_claimed() =>
        Assert.Equal("claimed", Only(Read("The army took Kafr Nabl on Sunday. This could not be independently verified."), "Kafr Nabl").Status);

    [Fact]
    public void The_town_its_capture_and_it_refer_to_the_place_the_report_is_about()
    {
        var facts = Read("Rebels launched an offensive on the town of Morek on Monday. Its capture on Tuesday opened the highway.");
        Assert.Equal(("Rebels", "capture", D("2019-12-03")), (Only(facts, "Morek").FactionId, Only(facts, "Morek").Kind, Only(facts, "Morek").DateFrom));
        var g = Only(Read("The village of Kafr Nabl lies on a hill. Government forces entered the village on Monday."), "Kafr Nabl");
        Assert.Equal(("SAA", "capture"), (g.FactionId, g.Kind));
    }

    [Fact]
    public void A_site_no_gazetteer_holds_is_emitted_unresolved_with_the_nearest_place_as_a_hint()
    {
        var f = Assert.Single(Read("Islamic State fighters seized the Tabqa military airport on Sunday after a two-day assault."));
        Assert.Equal(("ISIS", "capture", "unresolved"), (f.FactionId, f.Kind, f.Resolution));
        Assert.Contains("airport", f.PlaceText, StringComparison.Ordinal);
        Assert.NotNull(f.Near);
    }

    [Fact]
    public void A_faction_in_control_of_a_place_holds_it()
    {
        var f = Only(Read("A rebel spokesman said opposition fighters were now in full control of Maarat al-Numan."), "Maarat al-Numan");
        Assert.Equal(("Rebels", "hold", "claimed"), (f.FactionId, f.Kind, f.Status));
    }

    [Fact]
    public void A_place_held_since_a_date_was_captured_then() =>
        Assert.Equal(("ISIS", "capture"), (Only(Read("Islamic State fighters control much of the Euphrates valley. Al-Mayadin has been held by the militant group since late August 2014.", "2016-01-10"), "Al-Mayadin") is var f ? (f.FactionId, f.Kind) : default));

    [Fact]
    public void A_place_in_a_locative_phrase_is_still_the_antecedent_of_a_relative_clause()
    {
        var f = Only(Read("Hama lies 140 km south of Aleppo, which the rebels captured last week."), "Aleppo");
        Assert.Equal(("Rebels", "capture", D("2019-11-25"), D("2019-12-01")), (f.FactionId, f.Kind, f.DateFrom, f.DateTo));
    }

    [Fact]
    public void An_object_list_stops_at_an_appositive()
    {
        var facts = Read("Rebels took control of Khanasir, a town on the road connecting Aleppo with the city of Hama, on Monday.");
        Assert.Equal(["Khanasir"], facts.Select(f => f.PlaceText));
    }
}

/// <summary>The dated lexicon over a catalogue with the new faction ids (YPG until 2015-10-10, SDF after; the government after 2024-12-08).</summary>
[Collection("ingest")]
public class FactionLexiconTests(IngestFixture fx)
{
    private static readonly DateOnly AssadFell = new(2024, 12, 8);

    private ReportIngester WithNewIds()
    {
        // The catalogue of the test: the fixture's factions (which may already hold the new ids) with these three as written here.
        var factions = fx.Factions.Where(f => f.Id is not ("YPG" or "SyrianGov2025" or "Druze")).Select(f => f.Id switch
        {
            "SAA" => f with { ValidTo = AssadFell },
            "SDF" => f with { Aliases = [.. f.Aliases.Where(a => a is not ("YPG" or "People's Protection Units" or "Kurdish units"))] },
            _ => f,
        }).Append(new Faction("YPG", "People's Protection Units", "YPG", "#e6b800", ["YPG", "YPJ"], ValidTo: new DateOnly(2015, 10, 10), SucceededBy: "SDF"))
          .Append(new Faction("SyrianGov2025", "Syrian government (from 2024-12-08)", "Government", "#2b8cbe", ["government forces", "General Security"], ValidFrom: AssadFell))
          .Append(new Faction("Druze", "Suwayda Druze factions", "Druze", "#756bb1", ["Druze factions"]))
          .ToImmutableArray();
        return new ReportIngester(factions, fx.Gazetteer);
    }

    /// <summary>The catalogue as it was before the post-2024 ids (no YPG, SyrianGov2025, Druze, Israel).</summary>
    private ImmutableArray<Faction> WithoutNewIds() =>
        [.. fx.Factions.Where(f => f.Id is not ("YPG" or "SyrianGov2025" or "Druze" or "Israel"))];

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void The_YPG_is_the_YPG_before_the_SDF_was_founded_and_the_SDF_after()
    {
        var ingester = WithNewIds();
        const string text = "YPG fighters captured Tal Abyad on Tuesday.";
        Assert.Equal("YPG", Assert.Single(ingester.Ingest(text, new ReportInfo(D("2015-06-20"))).Facts).FactionId);
        Assert.Equal("SDF", Assert.Single(ingester.Ingest(text, new ReportInfo(D("2019-06-20"))).Facts).FactionId);
        // a catalogue without a YPG: the SDF stands for it
        Assert.Equal("SDF", Assert.Single(new ReportIngester(WithoutNewIds(), fx.Gazetteer).Ingest(text, new ReportInfo(D("2015-06-20"))).Facts).FactionId);
    }

    [Fact]
    public void Government_words_mean_the_new_government_after_2024_12_08_and_allies_are_the_old_ones()
    {
        var ingester = WithNewIds();
        var f = Assert.Single(ingester.Ingest("Government forces entered Suwayda city on Monday.", new ReportInfo(D("2025-07-16"))).Facts);
        Assert.Equal(("SyrianGov2025", "capture"), (f.FactionId, f.Kind));
        var g = Assert.Single(ingester.Ingest("Government forces entered Saraqib on Monday.", new ReportInfo(D("2020-02-05"))).Facts);
        Assert.Equal("SAA", g.FactionId);
        var h = Assert.Single(ingester.Ingest("Hezbollah fighters captured Qusayr on Wednesday.", new ReportInfo(D("2013-06-06"))).Facts);
        Assert.Equal("SAA", h.FactionId);
    }

    [Theory]
    [InlineData("Jaish al-Islam fighters recaptured Douma on Friday.", "2016-05-01", "Rebels")]
    [InlineData("The Sultan Murad Division seized Tal Abyad on Friday.", "2019-10-13", "SNA")]
    [InlineData("The Manbij Military Council captured Manbij on Friday.", "2016-08-14", "SDF")]
    [InlineData("The Tiger Forces captured Khan Shaykhun on Friday.", "2019-08-24", "SAA")]
    [InlineData("The Nusra Front captured Idlib on Friday.", "2015-03-30", "Nusra")]
    public void Group_names_resolve_to_their_faction_on_the_date(string sentence, string published, string faction) =>
        Assert.Equal(faction, Assert.Single(fx.Full.Ingest(sentence, new ReportInfo(D(published))).Facts).FactionId);

    [Fact]
    public void A_lexicon_target_the_catalogue_lacks_is_replaced_by_its_stand_in_or_dropped()
    {
        var byId = WithoutNewIds().ToDictionary(f => f.Id, StringComparer.Ordinal);
        Assert.Equal(["SDF"], FactionLexicon.Resolve([new DatedFaction("YPG", To: new DateOnly(2015, 10, 10))], byId).Select(o => o.Id));
        Assert.Empty(FactionLexicon.Resolve([new DatedFaction("Israel")], byId));
    }
}
