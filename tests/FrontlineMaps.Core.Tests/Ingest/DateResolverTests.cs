using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>Relative dates resolve against the publication date, never the clock.</summary>
public class DateResolverTests
{
    private static DateMention One(string text, string published) =>
        Assert.Single(DateResolver.Find(text, DateOnly.Parse(published, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("On Wednesday, the town fell.", "2015-10-14", "2015-10-14", "2015-10-14")]   // published on a Wednesday
    [InlineData("On Saturday the army attacked.", "2019-12-02", "2019-11-30", "2019-11-30")]
    [InlineData("Last weekend, fighting resumed.", "2019-12-03", "2019-11-30", "2019-12-01")]
    [InlineData("A ground attack was launched a week ago.", "2020-12-25", "2020-12-16", "2020-12-20")]
    [InlineData("In the evening of December 24, shelling resumed.", "2020-12-25", "2020-12-24", "2020-12-24")]
    [InlineData("On December 28 the village was taken.", "2020-01-03", "2019-12-28", "2019-12-28")] // the year before
    [InlineData("The town fell yesterday.", "2016-02-06", "2016-02-05", "2016-02-05")]
    [InlineData("The town fell on 12 May after three days.", "2017-06-02", "2017-05-12", "2017-05-12")]
    [InlineData("Earlier in June, reinforcements arrived.", "2020-06-23", "2020-06-01", "2020-06-23")]
    [InlineData("The group seized the city in 2014.", "2017-06-02", "2014-01-01", "2014-12-31")]
    [InlineData("The town changed hands last month.", "2017-06-02", "2017-05-01", "2017-05-31")]
    [InlineData("The army took the district earlier this week.", "2026-01-10", "2026-01-05", "2026-01-10")]   // a Saturday: from Monday
    [InlineData("Clashes broke out in the town last night.", "2019-10-31", "2019-10-30", "2019-10-31")]
    [InlineData("The town was captured in April last year.", "2017-06-02", "2016-04-01", "2016-04-30")]
    [InlineData("The town fell last September.", "2017-06-02", "2016-09-01", "2016-09-30")]
    [InlineData("The town fell last June.", "2017-06-20", "2016-06-01", "2016-06-30")]       // not the June of writing
    public void A_date_expression_resolves_to_a_day_or_a_range(string text, string published, string from, string to)
    {
        var d = One(text, published);
        Assert.Equal((from, to), (d.From.ToString("yyyy-MM-dd"), d.To.ToString("yyyy-MM-dd")));
    }

    [Fact]
    public void A_dateline_dates_the_writing_and_a_timeline_entry_further_down_dates_its_event()
    {
        Assert.True(One("HOMS, July 3 (Agency) -- Troops took the town.", "2015-07-03").IsDateline);
        Assert.True(One("date 2024-12-11 Rebels said they had taken the city.", "2024-12-11").IsDateline);
        var timeline = DateResolver.Find("Control of terrain\n\nA summary.\n\nThe month in brief.\n\nOctober was quiet.\n\nNovember 5 - Rebels seized the town.", new DateOnly(2015, 12, 23));
        Assert.False(Assert.Single(timeline).IsDateline);
        Assert.False(One("On July 3 troops took the town.", "2015-07-03").IsDateline);
    }

    [Fact]
    public void A_date_that_dates_a_statement_is_marked_as_speech()
    {
        Assert.True(One("The Front said on Sunday that it held the town.", "2019-12-02").IsSpeech);
        Assert.False(One("On Sunday the Front held the town.", "2019-12-02").IsSpeech);
    }
}
