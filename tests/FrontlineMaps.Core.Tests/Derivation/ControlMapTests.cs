using System.Collections.Immutable;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Derivation;

public class ControlMapTests
{
    private static readonly DateTimeOffset Recorded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A 4 x 3 grid of villages 5 km apart near Saraqib; the west column and the east column are given to factions.</summary>
    private static ControlMap Map(Func<int, int, (string Faction, ChangeStatus Status)?> assign, params (string A, string B)[] allies)
    {
        var factions = new[] { "SAA", "HTS", "SNA", "ISIS" }
            .Select(id => new Faction(id, id, id, "#888888", [], Allies: [.. allies.Where(a => a.A == id).Select(a => a.B)]))
            .ToImmutableArray();
        var places = new List<Place>();
        var changes = new List<ControlChange>();
        for (var col = 0; col < 4; col++)
            for (var row = 0; row < 3; row++)
            {
                var id = $"p{col}{row}";
                places.Add(new Place(id, id, [], PlaceKind.Village, 36.60 + col * 0.055, 35.80 + row * 0.045, AdminUnits.None));
                if (assign(col, row) is { } a)
                    changes.Add(new ControlChange($"c{id}", id, a.Faction, new GroundTime(new DateOnly(2019, 12, 1)), ChangeKind.Capture, a.Status,
                        [new Citation("s")], Recorded.AddSeconds(changes.Count), "test"));
            }
        var dataset = new Dataset(new DatasetInfo("grid", []), factions, [.. places], [new Source("s", "p", "t", null, null)], [.. changes]);
        return new ControlMap(new ControlTimeline(dataset, "grid"));
    }

    private static readonly DateOnly Day = new(2019, 12, 2);

    [Fact]
    public void Two_halves_held_by_rival_factions_give_two_territories_and_one_front_between_them()
    {
        var map = Map((col, _) => (col < 2 ? "SAA" : "HTS", ChangeStatus.Held));
        var snapshot = map.Timeline.Snapshot(Day);
        var territories = map.Territories(snapshot);
        Assert.Equal(["HTS", "SAA"], territories.Select(t => t.Faction).Order(StringComparer.Ordinal));
        Assert.All(territories, t => Assert.Equal("held", t.Status));
        Assert.Equal(["p00", "p01", "p02", "p10", "p11", "p12"], territories.Single(t => t.Faction == "SAA").Places.ToArray());
        var front = Assert.Single(map.FrontLines(snapshot));
        Assert.Equal(["HTS", "SAA"], front.Factions.ToArray());
        Assert.Equal(["p10", "p11", "p12", "p20", "p21", "p22"], front.Places.ToArray());
        // the front runs north-south between columns 1 and 2: about as long as the grid is tall, not more than the cells' height
        Assert.InRange(front.LengthKm, 9, 30);
        var area = map.AreaByFaction(snapshot);
        Assert.Equal(territories.Sum(t => t.AreaKm2), area.Values.Sum(), 1e-6);
    }

    [Fact]
    public void Allied_neighbours_form_no_front_line()
    {
        var map = Map((col, _) => (col < 2 ? "HTS" : "SNA", ChangeStatus.Held), ("HTS", "SNA"));
        Assert.Empty(map.FrontLines(map.Timeline.Snapshot(Day)));
    }

    [Fact]
    public void Contested_places_form_their_own_class_and_unknown_places_claim_no_ground()
    {
        var map = Map((col, _) => col switch
        {
            0 => ("SAA", ChangeStatus.Held),
            1 => ("HTS", ChangeStatus.Contested),
            2 => ("HTS", ChangeStatus.Held),
            _ => null,
        });
        var snapshot = map.Timeline.Snapshot(Day);
        var territories = map.Territories(snapshot).ToDictionary(t => t.Faction);
        Assert.Equal("contested", territories[ControlMap.ContestedClass].Status);
        Assert.Equal(["p10", "p11", "p12"], territories[ControlMap.ContestedClass].Places.ToArray());
        Assert.DoesNotContain(territories.Values.SelectMany(t => t.Places), p => p.StartsWith("p3", StringComparison.Ordinal));
        // a contested column separates the rivals: no SAA/HTS edge touches, so no front line
        Assert.Empty(map.FrontLines(snapshot));
    }

    [Fact]
    public void A_claimed_place_is_claimed_territory_of_the_claimed_faction()
    {
        var map = Map((col, _) => col == 0 ? ("ISIS", ChangeStatus.Claimed) : col == 3 ? ("SAA", ChangeStatus.Held) : null);
        var territories = map.Territories(map.Timeline.Snapshot(Day));
        var claimed = Assert.Single(territories, t => t.Status == "claimed");
        Assert.Equal("ISIS", claimed.Faction);
    }

    [Fact]
    public void The_area_series_steps_by_month_from_the_first_day()
    {
        var map = Map((col, _) => (col < 2 ? "SAA" : "HTS", ChangeStatus.Held));
        var series = map.AreaSeries(new DateOnly(2019, 10, 31), new DateOnly(2020, 1, 31), AreaStep.Month);
        Assert.Equal([new DateOnly(2019, 10, 31), new DateOnly(2019, 11, 30), new DateOnly(2019, 12, 31), new DateOnly(2020, 1, 31)], series.Select(s => s.Day));
        Assert.Empty(series[0].Km2);
        Assert.True(series[2].Km2["SAA"] > 0);
    }
}
