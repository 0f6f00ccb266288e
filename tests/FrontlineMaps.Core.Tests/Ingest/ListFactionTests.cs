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
