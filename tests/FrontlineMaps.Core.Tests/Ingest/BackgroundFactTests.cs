using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// What is no fact of the report. History told to explain the news: an event dated only by a month or a year that ended weeks
/// before publication is background; and the towns a road links are not taken with the road. Our own sentences, with the shapes of real copy.
/// </summary>
[Collection("ingest")]
public class BackgroundFactTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published) => fx.Full.Ingest(text, new ReportInfo(D(published))).Facts;

    [Fact]
    public void A_capture_dated_only_by_a_year_long_past_gives_no_fact_but_the_days_news_does()
    {
        var facts = Read("Government forces captured Morek on Tuesday. Rebels had seized the town in 2014.", "2019-08-24");
        var f = Assert.Single(facts);
        Assert.Equal(("Morek", "SAA", "capture"), (f.PlaceText, f.FactionId, f.Kind));
        Assert.Equal(D("2019-08-20"), f.DateFrom);
    }

    [Fact]
    public void A_capture_dated_only_by_a_month_long_past_gives_no_fact()
    {
        Assert.Empty(Read("The Islamic State captured Palmyra in May 2015, the monitor recalled.", "2016-03-20"));
    }

    [Fact]
    public void A_capture_in_the_month_just_ended_is_still_news()
    {
        var f = Assert.Single(Read("The Islamic State captured Palmyra in May 2015, the monitor said.", "2015-06-03"));
        Assert.Equal(("ISIS", D("2015-05-01"), D("2015-05-31")), (f.FactionId, f.DateFrom, f.DateTo));
    }

    [Fact]
    public void A_month_long_past_does_not_move_the_narrative_date()
    {
        var facts = Read("Rebels laid siege to the air base near Azaz in December 2012. The rebels captured Morek.", "2013-08-06");
        var f = Assert.Single(facts, f => f.PlaceText == "Morek");
        Assert.True(f.DateTo >= D("2013-08-03"), $"dated {f.DateFrom}..{f.DateTo}");
    }

    [Theory]
    [InlineData("Government forces took the highway linking Morek and Hama on Monday.")]
    [InlineData("Rebels seized the road connecting Saraqib with Idlib on Monday.")]
    [InlineData("A motorway linking Homs and Hama has been cleared of militants, state media said.")]
    public void Towns_a_road_links_are_not_places_taken(string sentence) =>
        Assert.DoesNotContain(Read(sentence, "2016-05-04"), f => f.Kind is "capture" or "contested" && f.Resolution == "resolved");
}
