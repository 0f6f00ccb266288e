using System.Globalization;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// The date a fact gets when its clause names none, on sentences of our own with the shapes of real copy: states told in
/// the present hold on the day of writing.
/// </summary>
[Collection("ingest")]
public class FactDatingTests(IngestFixture fx)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<CandidateFact> Read(string text, string published) => fx.Full.Ingest(text, new ReportInfo(D(published))).Facts;

    [Fact]
    public void A_state_told_in_the_present_holds_from_the_narrative_date_to_the_day_of_writing()
    {
        var f = Assert.Single(Read("Government aircraft struck targets west of Aleppo on Monday. The rebel-held town of Atarib is now quiet.", "2012-11-21"));
        Assert.Equal(("hold", D("2012-11-19"), D("2012-11-21")), (f.Kind, f.DateFrom, f.DateTo));
        var g = Assert.Single(Read("Kurdish officials spoke of heavy losses on Monday. Qamishli remains under the control of the Syrian Democratic Forces.", "2019-11-15"));
        Assert.Equal((D("2019-11-11"), D("2019-11-15")), (g.DateFrom, g.DateTo));
    }

    [Fact]
    public void A_state_told_in_the_past_keeps_the_narrative_date()
    {
        var f = Assert.Single(Read("Kurdish officials spoke of heavy losses on Monday. Qamishli was under the control of the Syrian Democratic Forces.", "2019-11-15"));
        Assert.Equal((D("2019-11-11"), D("2019-11-11")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void An_event_told_in_an_after_clause_happened_before_the_sentence_date()
    {
        var f = Assert.Single(Read("The army sent reinforcements to Hama on Sunday after the rebels seized Morek.", "2019-12-03"), f => f.PlaceText == "Morek");
        Assert.Equal((D("2019-11-28"), D("2019-12-01")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void A_capture_after_fighting_since_a_day_came_on_or_after_that_day()
    {
        var f = Assert.Single(Read("Government forces regained Morek after battles that had raged since Wednesday, the monitor said.", "2014-10-24"));
        Assert.Equal((D("2014-10-22"), D("2014-10-24")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void An_event_in_the_present_perfect_runs_from_the_narrative_date_to_the_day_of_writing()
    {
        var f = Assert.Single(Read("Heavy fighting was reported near the town on Tuesday. Government troops have now taken full control of Morek.", "2019-08-24"));
        Assert.Equal((D("2019-08-20"), D("2019-08-24")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void An_event_a_day_before_another_counts_back_from_the_narrative_date()
    {
        var facts = Read("On Tuesday the army pushed north of Yabroud. The advance came a day after the troops took control of the village of al-Sahel.", "2014-03-05");
        var f = Assert.Single(facts, f => f.PlaceText == "al-Sahel");
        Assert.Equal((D("2014-03-03"), D("2014-03-03")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void An_event_that_comes_a_day_after_a_dated_one_is_a_day_later()
    {
        var f = Assert.Single(Read("The capture of Morek comes one day after government forces took the checkpoints around the town on Sunday.", "2014-12-16"), f => f.PlaceText == "Morek");
        Assert.Equal((D("2014-12-15"), D("2014-12-15")), (f.DateFrom, f.DateTo));
    }

    [Fact]
    public void A_year_named_in_passing_does_not_date_the_next_event()
    {
        var f = Assert.Single(Read("Rebels first held the hills in 2016, residents recalled. Government troops captured Anadan.", "2020-02-17"));
        Assert.True(f.DateFrom >= D("2020-02-10"), $"dated {f.DateFrom}");
    }

    [Fact]
    public void A_nominalised_capture_with_no_date_refers_to_the_capture_already_told()
    {
        var facts = Read("Government forces first captured Kafr Nabudah on May 8. Fighting resumed nearby on Wednesday. The initial capture of the village opened the road north.", "2019-05-27");
        var f = Assert.Single(facts, f => f.Kind == "capture");
        Assert.Equal((D("2019-05-08"), D("2019-05-08")), (f.DateFrom, f.DateTo));
    }
}
