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
}
