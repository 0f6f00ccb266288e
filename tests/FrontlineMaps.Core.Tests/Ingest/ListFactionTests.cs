using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Lists of places taken and factions named by description, on sentences of our own with the shapes of real copy:
/// "the areas seized were A, B and C", "several areas, including the town of P", an appositive that describes the
/// agent, "the Kurds", and the rebels of the 2024 offensive.
/// </summary>
[Collection("ingest")]
public class ListFactionTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published = "2019-12-03") =>
        fx.Full.Ingest(text, new ReportInfo(D(published))).Facts;

    [Fact]
    public void A_list_of_areas_seized_is_a_list_of_captures_by_the_side_advancing()
    {
        var facts = Read("Government forces pushed north of Hama on Tuesday. Among the villages seized were Kafr Nabudah, Qasabiyah and Habit.", "2019-05-22");
        Assert.Equal(["Kafr Nabudah", "Qasabiyah", "Habit"], facts.Where(f => f.Kind == "capture").Select(f => f.PlaceText));
        Assert.All(facts, f => Assert.Equal("SAA", f.FactionId));
    }

    [Fact]
    public void A_list_introduced_as_villages_goes_on_through_names_no_gazetteer_knows()
    {
        var facts = Read("On Monday the YPG seized the villages of Khan Tuman, Zorbanet Kebir, Qeshlokan, Habit, Merdinok Tahtani and Ghuzelat after heavy fighting.", "2015-03-03");
        Assert.Equal(["Khan Tuman", "Zorbanet Kebir", "Qeshlokan", "Habit", "Merdinok Tahtani", "Ghuzelat"], facts.Select(f => f.PlaceText));
        // without the settlement word an unknown name is no place taken
        Assert.DoesNotContain(Read("On Monday the YPG seized Khan Tuman, Zorbanet Kebir and Habit.", "2015-03-03"), f => f.PlaceText == "Zorbanet Kebir");
    }

    [Fact]
    public void A_colon_that_opens_the_list_of_places_taken_does_not_end_the_clause()
    {
        var facts = Read("By the evening the Syrian army had taken the following villages: Habit, Zorbanet Kebir and Khan Tuman.", "2019-08-12");
        Assert.Equal(["Habit", "Zorbanet Kebir", "Khan Tuman"], facts.Select(f => f.PlaceText));
        Assert.All(facts, f => Assert.Equal(("SAA", "capture"), (f.FactionId, f.Kind)));
        // any other colon still ends it
        Assert.Empty(Read("The Syrian army had taken the hills: Habit was shelled all night.", "2019-08-12"));
    }

    [Fact]
    public void A_headline_opening_with_the_bare_word_Army_is_the_government_army()
    {
        var f = Assert.Single(Read("Army retakes Khan Tuman\nThe town had been shelled for weeks.", "2016-05-10"));
        Assert.Equal(("Khan Tuman", "SAA", "capture"), (f.PlaceText, f.FactionId, f.Kind));
    }

    [Fact]
    public void Areas_taken_including_a_town_take_the_town_whole()
    {
        var f = Assert.Single(Read("The army captured several areas west of the highway on Sunday, including the town of Khan Tuman.", "2020-02-10"));
        Assert.Equal(("Khan Tuman", "SAA", "capture"), (f.PlaceText, f.FactionId, f.Kind));
    }

    [Fact]
    public void An_appositive_describing_the_agent_does_not_act()
    {
        var f = Assert.Single(Read("The Syrian Democratic Forces - an alliance of Kurdish and Arab rebel groups - gained control over Tabqa on Monday.", "2017-05-11"));
        Assert.Equal(("Tabqa", "SDF"), (f.PlaceText, f.FactionId));
    }

    [Fact]
    public void The_Kurds_are_the_Kurdish_forces_of_the_date() =>
        Assert.Equal("YPG", Assert.Single(Read("Afterwards the Kurds overran Suluk on Sunday.", "2015-06-16"), f => f.Kind == "capture").FactionId);

    [Fact]
    public void The_rebels_of_the_2024_offensive_are_the_HTS_led_command_and_the_new_government_from_its_end()
    {
        Assert.Equal("HTS", Assert.Single(Read("Rebels captured Saraqib on Friday.", "2024-12-01")).FactionId);
        Assert.Equal("SyrianGov2025", Assert.Single(Read("Rebels captured Homs on Sunday.", "2024-12-09")).FactionId);
        Assert.Equal("Rebels", Assert.Single(Read("Rebels captured Saraqib on Friday.", "2016-06-05")).FactionId);
    }
}

/// <summary>Places that are no places: countries, outlets and groups with place-like names, site words standing alone; and lists told as areas captured by a side.</summary>
[Collection("ingest")]
public class NoPlaceAndParticipleTests(IngestFixture fx)
{
    private IReadOnlyList<CandidateFact> Read(string text, string published) =>
        fx.Full.Ingest(text, new ReportInfo(DateOnly.Parse(published, CultureInfo.InvariantCulture))).Facts;

    [Theory]
    [InlineData("The militants seized Iraqi border posts on Monday, Al Arabiya said.")]
    [InlineData("Al Qaeda took the base on Monday.")]
    [InlineData("Rebels captured the Brigade on Monday.")]
    public void A_country_an_outlet_or_a_lone_site_word_is_no_place(string sentence) =>
        Assert.Empty(Read(sentence, "2014-08-10"));

    [Fact]
    public void Areas_that_were_captured_by_a_side_are_captures_and_areas_it_has_taken_are_holds()
    {
        var taken = Read("Among the areas captured by the Syrian army were the towns of Kafr Zita and Kafr Nabudah.", "2019-08-23");
        Assert.Equal([("Kafr Zita", "capture"), ("Kafr Nabudah", "capture")], taken.Select(f => (f.PlaceText, f.Kind)));
        var held = Read("The areas taken by the Syrian army include the towns of Kafr Zita and Kafr Nabudah.", "2019-08-23");
        Assert.All(held, f => Assert.Equal("hold", f.Kind));
    }

    [Fact]
    public void The_areas_of_a_list_of_villages_are_the_villages_taken_whole()
    {
        var facts = Read("Government forces succeeded in liberating the areas of Kafr Zita and Kafr Nabudah on Friday.", "2019-08-23");
        Assert.All(facts, f => Assert.Equal("capture", f.Kind));
        Assert.Equal(2, facts.Count);
    }
}
