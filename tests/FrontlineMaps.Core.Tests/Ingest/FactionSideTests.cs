using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Which side a named group is on the date and in the place of the fact, on sentences of our own with the shapes of real
/// copy: foreign armies whose ground is held by the Syrians they back, the Turkish-backed factions of the Idlib front,
/// the southern rebels of December 2024.
/// </summary>
[Collection("ingest")]
public class FactionSideTests(IngestFixture fx)
{
    private IReadOnlyList<CandidateFact> Read(string text, string published) =>
        fx.Full.Ingest(text, new ReportInfo(DateOnly.Parse(published, CultureInfo.InvariantCulture))).Facts;

    private string FactionOf(string text, string published, string place) =>
        Assert.Single(Read(text, published), f => f.PlaceText == place).FactionId;

    [Fact]
    public void A_town_the_Turkish_army_takes_is_held_by_the_factions_it_backs()
    {
        Assert.Equal("SNA", FactionOf("The Turkish military said on Sunday that its troops had captured Tal Abyad.", "2019-10-14", "Tal Abyad"));
        Assert.Equal("SNA", FactionOf("Turkey seized the town of Jandairis on Thursday, the ministry said.", "2018-03-09", "Jandairis"));
        // before the SNA was founded, the Turkish-backed factions were rebels
        Assert.Equal("Rebels", FactionOf("Turkish troops took al-Bab on Thursday after weeks of fighting.", "2017-02-24", "al-Bab"));
    }

    [Fact]
    public void On_the_Idlib_front_the_Turkish_backed_factions_are_the_rebels()
    {
        Assert.Equal("Rebels", FactionOf("Turkish-backed fighters retook Saraqib on Thursday.", "2020-02-28", "Saraqib"));
        Assert.Equal("Rebels", FactionOf("Turkish troops recaptured Nayrab on Tuesday.", "2020-02-26", "Nayrab"));
        // north of Aleppo they are the SNA
        Assert.Equal("SNA", FactionOf("Turkish-backed fighters took Tal Rifaat on Sunday.", "2024-12-02", "Tal Rifaat"));
    }

    [Fact]
    public void A_town_Russian_troops_enter_is_held_by_the_government()
    {
        Assert.Equal("SAA", FactionOf("Russian military police entered Saraqib on Monday.", "2020-03-03", "Saraqib"));
    }

    [Fact]
    public void The_southern_rebels_of_December_2024_were_not_the_HTS_led_command()
    {
        Assert.Equal("Rebels", FactionOf("Rebels took control of Daraa on Saturday.", "2024-12-07", "Daraa"));
        Assert.Equal("HTS", FactionOf("Rebels took control of Hama on Thursday.", "2024-12-06", "Hama"));
    }

    [Theory]
    [InlineData("Turkey-backed Free Syrian Army fighters took the village of Maranaz on Saturday.", "2019-05-05", "Maranaz", "SNA")]
    [InlineData("Pro-Turkish factions took control of Tal Rifaat on Sunday.", "2024-12-02", "Tal Rifaat", "SNA")]
    [InlineData("A U.S.-backed alliance of Kurdish and Arab fighters captured Tabqa on Wednesday.", "2017-05-11", "Tabqa", "SDF")]
    [InlineData("On Monday “Israeli” soldiers took the village of Hader.", "2024-12-10", "Hader", "Israel")]
    [InlineData("Anti-regime groups seized Hama on Thursday.", "2024-12-06", "Hama", "HTS")]
    [InlineData("The jihadist rebels recaptured Kabani on Friday.", "2019-12-07", "Kabani", "HTS")]
    [InlineData("The Democratic Union Party said its fighters had taken Tal Hamis on Friday.", "2015-02-28", "Tal Hamis", "YPG")]
    [InlineData("Fighters of the Islamic Front and the Nusra Front seized the village of Kasab on Sunday.", "2014-03-24", "Kasab", "Rebels")]
    public void Groups_named_in_the_words_of_real_copy_are_their_side(string sentence, string published, string place, string faction) =>
        Assert.Equal(faction, FactionOf(sentence, published, place));

    [Fact]
    public void Internal_security_forces_are_the_government_of_the_date()
    {
        Assert.Equal("SAA", FactionOf("Internal security forces entered Busra al-Sham on Tuesday.", "2018-07-18", "Busra al-Sham"));
        Assert.Equal("SyrianGov2025", FactionOf("Internal security forces entered Busra al-Sham on Tuesday.", "2025-03-05", "Busra al-Sham"));
    }

    [Fact]
    public void The_jihadists_are_the_jihadist_group_of_the_report_not_the_latest_group_named()
    {
        var text = "Islamic State fighters attacked Palmyra in August. US-backed forces advanced north of Raqqa. The jihadists seized al-Qaryatain on Sunday.";
        Assert.Equal("ISIS", FactionOf(text, "2017-10-03", "al-Qaryatain"));
    }

    [Theory]
    [InlineData("The Turkish army and the Syrian National Army, formerly known as the Free Syrian Army, took Ras al-Ain on Saturday.", "2019-10-13", "Ras al-Ain", "SNA")]
    [InlineData("Turkey's state news agency said allied Syrian forces had captured Suluk on Sunday.", "2019-10-14", "Suluk", "SNA")]
    [InlineData("The YPG, backed by allied Syrian rebels and coalition jets, took Tal Abyad on Tuesday.", "2015-06-17", "Tal Abyad", "YPG")]
    [InlineData("An alliance of Kurdish and Arab rebel forces took full control of Kobani on Monday.", "2015-01-27", "Kobani", "YPG")]
    public void An_agent_named_through_another_group_is_the_group_that_holds_the_ground(string sentence, string published, string place, string faction) =>
        Assert.Equal(faction, FactionOf(sentence, published, place));

    [Fact]
    public void The_army_is_not_a_foreign_army_named_only_as_a_modifier()
    {
        const string text = "Government forces encircled the Turkish military post in Morek. The army captured Kafr Zita on Friday.";
        Assert.Equal("SAA", FactionOf(text, "2019-08-24", "Kafr Zita"));
    }

    [Fact]
    public void The_army_of_a_report_about_a_group_named_an_army_is_that_group()
    {
        const string text = "The Syrian National Army took the centre of Tal Rifaat on Sunday. The army also took the village of Hirbil.";
        Assert.Equal("SNA", FactionOf(text, "2024-12-02", "Hirbil"));
    }

    [Fact]
    public void A_pronoun_that_captures_is_the_group_that_speaks_before_it()
    {
        Assert.Equal("Rebels", FactionOf("Rebels said they captured the village of Dabiq on Sunday.", "2016-10-17", "Dabiq"));
        Assert.Equal("ISIS", FactionOf("The Islamic State said it had taken Morek overnight.", "2015-10-20", "Morek"));
    }
}
