using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Timeline;

/// <summary>A faction that ceased to exist holds nothing afterwards: its places pass to its successor or become unknown.</summary>
public class CeasedFactionTests
{
    [Fact]
    public void A_place_held_by_an_army_that_ceased_is_unknown_from_the_day_it_ceased_and_held_before()
    {
        var b = new LogBuilder().Ends("SAA", "2024-12-08");
        b.Add("a", "SAA", "2016-03-01");
        var t = b.Build();

        Assert.Equal(("SAA", PlaceStatus.Held), (t.Holder(t.At("a", "2024-12-07")), t.At("a", "2024-12-07").Status));
        var after = t.At("a", "2024-12-08");
        Assert.Equal((null, PlaceStatus.Unknown), (t.Holder(after), after.Status));
        Assert.Equal(PlaceStatus.Unknown, t.At("a", "2026-01-30").Status);
    }

    [Fact]
    public void The_places_of_a_faction_that_became_another_pass_to_it_on_that_day()
    {
        var b = new LogBuilder().Ends("HTS", "2025-01-29", successor: "SNA");
        b.Add("a", "HTS", "2024-11-30");
        var t = b.Build();

        var before = t.At("a", "2025-01-28");
        Assert.Equal(("HTS", PlaceStatus.Held), (t.Holder(before), before.Status));
        var after = t.At("a", "2025-01-29");
        Assert.Equal(("SNA", PlaceStatus.Held, new DateOnly(2025, 1, 29)), (t.Holder(after), after.Status, after.Since));
        Assert.Equal(["SNA"], t.PartyIds(after));
    }

    [Fact]
    public void A_capture_before_the_end_stands_and_a_report_on_the_day_of_the_end_decides_the_place()
    {
        var b = new LogBuilder().Ends("SAA", "2024-12-08");
        b.Add("a", "SAA", "2016-03-01");
        b.Add("a", "Rebels", "2024-12-05");   // taken before the army ceased: the end changes nothing
        b.Add("b", "SAA", "2016-03-01");
        b.Add("b", "HTS", "2024-12-08", time: "00:00"); // at the very instant of the end: the report decides
        var t = b.Build();

        Assert.Equal("Rebels", t.Holder(t.At("a", "2025-06-01")));
        Assert.Equal("HTS", t.Holder(t.At("b", "2024-12-08")));
    }

    [Fact]
    public void A_contested_place_keeps_its_parties_when_one_of_them_ceased()
    {
        var b = new LogBuilder().Ends("SAA", "2024-12-08");
        b.Add("a", "SAA", "2016-03-01");
        b.Add("a", "Rebels", "2024-12-01", status: ChangeStatus.Contested);
        var t = b.Build();

        Assert.Equal(PlaceStatus.Contested, t.At("a", "2025-01-10").Status);
    }
}
