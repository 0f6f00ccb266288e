using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Derivation;

/// <summary>The inferred-ground rule on small grids drawn as pictures (<see cref="PictureGrid"/>).</summary>
public class InferredGroundTests
{
    private static readonly DateOnly Day = new(2019, 12, 2);
    private static readonly DateTimeOffset Recorded = PictureGrid.Recorded;

    private static string Id(int col, int row) => PictureGrid.Id(col, row);

    /// <summary>A map of villages laid out as <paramref name="picture"/> (see <see cref="PictureGrid"/>).</summary>
    private static ControlMap Map(string[] picture, int maxInferredPlaces = ControlMap.DefaultMaxInferredPlaces,
        IEnumerable<ControlChange>? more = null) =>
        new(new ControlTimeline(PictureGrid.Of(picture, more), "grid"), maxInferredPlaces: maxInferredPlaces);

    private static Territory? Inferred(ControlMap map, string faction, DateOnly? day = null) =>
        map.Territories(map.Timeline.Snapshot(day ?? Day)).SingleOrDefault(t => t.Status == ControlMap.InferredStatus && t.Faction == faction);

    private static IEnumerable<Territory> AllInferred(ControlMap map) =>
        map.Territories(map.Timeline.Snapshot(Day)).Where(t => t.Status == ControlMap.InferredStatus);

    [Fact]
    public void An_unknown_village_inside_one_factions_ground_is_that_factions_inferred_ground_and_stays_unknown_itself()
    {
        var map = Map([
            "AAAAA",
            "AAAAA",
            "AA.AA",
            "AAAAA",
            "AAAAA"]);
        var snapshot = map.Timeline.Snapshot(Day);
        var inferred = Assert.Single(AllInferred(map));
        Assert.Equal("SAA", inferred.Faction);
        Assert.Equal([Id(2, 2)], inferred.Places.ToArray());
        Assert.Equal(map.Cells.CellAreaKm2(map.Timeline.PlaceIndex(Id(2, 2))), inferred.AreaKm2, 1e-9);
        // the place's own state is untouched: no faction, no source
        var state = snapshot.StateOf(Id(2, 2));
        Assert.Equal(PlaceStatus.Unknown, state.Status);
        Assert.Equal(-1, state.Controller);
        Assert.Equal(0, state.Sources);
        // held ground keeps its hole and its area; the inferred area is reported apart
        var held = map.Territories(snapshot).Single(t => t.Status == "held");
        Assert.DoesNotContain(Id(2, 2), held.Places);
        Assert.Equal(1, ((NetTopologySuite.Geometries.Polygon)held.Geometry).NumInteriorRings);
        Assert.Equal(held.AreaKm2, map.AreaByFaction(snapshot)["SAA"], 1e-6);
        Assert.Equal(inferred.AreaKm2, map.InferredAreaByFaction(snapshot)["SAA"], 1e-6);
    }

    [Fact]
    public void A_village_surrounded_only_by_unknown_villages_is_inferred_with_its_whole_enclosed_region()
    {
        var map = Map([
            "AAAAAAA",
            "AAAAAAA",
            "AA...AA",
            "AA...AA",
            "AA...AA",
            "AAAAAAA",
            "AAAAAAA"]);
        var inferred = Assert.Single(AllInferred(map));
        Assert.Equal(9, inferred.Places.Length);
        Assert.Contains(Id(3, 3), inferred.Places); // the centre touches no known village at all
        // one region, one polygon without holes
        Assert.IsType<NetTopologySuite.Geometries.Polygon>(inferred.Geometry);
        Assert.Equal(0, ((NetTopologySuite.Geometries.Polygon)inferred.Geometry).NumInteriorRings);
    }

    [Fact]
    public void A_region_larger_than_the_limit_stays_unknown_and_the_limit_counts_places()
    {
        string[] picture = [
            "AAAAAA",
            "AAAAAA",
            "AA..AA",
            "AA..AA",
            "AAAAAA",
            "AAAAAA"];
        Assert.Null(Inferred(Map(picture, maxInferredPlaces: 3), "SAA"));
        Assert.Equal(4, Inferred(Map(picture, maxInferredPlaces: 4), "SAA")!.Places.Length);
        Assert.Null(Inferred(Map(picture, maxInferredPlaces: 0), "SAA"));
    }

    [Fact]
    public void Unknown_villages_on_the_border_between_two_factions_stay_unknown()
    {
        var map = Map([
            "AAA.BBB",
            "AAA.BBB",
            "AAA.BBB",
            "AAA.BBB",
            "AAA.BBB"]);
        Assert.Empty(AllInferred(map));
    }

    [Fact]
    public void A_pocket_that_touches_two_factions_stays_unknown()
    {
        var map = Map([
            "AAAABBB",
            "AAAABBB",
            "AA..BBB",
            "AAAABBB",
            "AAAABBB"]);
        Assert.Empty(AllInferred(map));
    }

    [Fact]
    public void A_region_that_reaches_the_edge_of_the_datas_ground_stays_unknown()
    {
        // the unknown village at the top edge has A on three sides and open country (the boundary, the cap) on the fourth
        var map = Map([
            "AA.AA",
            "AAAAA",
            "AAAAA",
            "AAAAA"]);
        Assert.True(map.Cells.IsOpen(map.Timeline.PlaceIndex(Id(2, 0))));
        Assert.Empty(AllInferred(map));
    }

    [Fact]
    public void A_region_reaching_the_edge_through_a_corridor_of_unknown_villages_stays_unknown()
    {
        var map = Map([
            "AAAAAA",
            "AAAAAA",
            "AA....",
            "AAAAAA",
            "AAAAAA"]);
        Assert.Empty(AllInferred(map));
    }

    [Fact]
    public void A_claimed_or_contested_neighbour_or_an_allys_village_leaves_the_pocket_unknown()
    {
        Assert.Empty(AllInferred(Map(["AAAAA", "AAaAA", "AA.AA", "AAAAA", "AAAAA"])));
        Assert.Empty(AllInferred(Map(["AAAAA", "AAxAA", "AA.AA", "AAAAA", "AAAAA"])));
        Assert.Empty(AllInferred(Map(["AAAAA", "AARAA", "AA.AA", "AAAAA", "AAAAA"])));
    }

    [Fact]
    public void Two_pockets_of_two_factions_are_two_inferred_classes()
    {
        var map = Map([
            "AAAABBBB",
            "AAAABBBB",
            "A.AABB.B",
            "AAAABBBB",
            "AAAABBBB"]);
        Assert.Equal([Id(1, 2)], Inferred(map, "SAA")!.Places.ToArray());
        Assert.Equal([Id(6, 2)], Inferred(map, "HTS")!.Places.ToArray());
    }

    [Fact]
    public void Inferred_ground_changes_neither_the_front_lines_nor_the_held_territory()
    {
        string[] picture = [
            "AAAABBBB",
            "AAAABBBB",
            "A.AABB.B",
            "AAAABBBB",
            "AAAABBBB"];
        var with = Map(picture);
        var without = Map(picture, maxInferredPlaces: 0);
        var snapshot = with.Timeline.Snapshot(Day);
        var other = without.Timeline.Snapshot(Day);
        var front = Assert.Single(with.FrontLines(snapshot));
        var reference = Assert.Single(without.FrontLines(other));
        Assert.Equal(reference.Places.ToArray(), front.Places.ToArray());
        Assert.True(reference.Geometry.EqualsExact(front.Geometry));
        Assert.DoesNotContain(front.Places, p => p == Id(1, 2) || p == Id(6, 2));
        var held = with.Territories(snapshot).Where(t => t.Status == "held").ToList();
        var heldReference = without.Territories(other).ToList();
        Assert.Equal(heldReference.Count, held.Count);
        foreach (var t in held)
        {
            var r = heldReference.Single(x => x.Faction == t.Faction);
            Assert.Equal(r.Places.ToArray(), t.Places.ToArray());
            Assert.True(r.Geometry.EqualsExact(t.Geometry));
        }
        Assert.Equal(without.AreaByFaction(other), with.AreaByFaction(snapshot));
    }

    [Fact]
    public void The_rule_applies_on_every_date_from_that_dates_states()
    {
        // on 2019-12-01 the ring is SAA's and the centre unknown; on 2020-01-10 HTS takes the ring's east village
        var capture = new ControlChange("east", Id(3, 2), "HTS", new GroundTime(new DateOnly(2020, 1, 10)), ChangeKind.Capture,
            ChangeStatus.Held, [new Citation("s")], Recorded.AddDays(1), "test");
        var map = Map([
            "AAAAA",
            "AAAAA",
            "AA.AA",
            "AAAAA",
            "AAAAA"], more: [capture]);
        Assert.Empty(map.Territories(map.Timeline.Snapshot(new DateOnly(2019, 11, 30))));   // before anything: nothing at all
        Assert.NotNull(Inferred(map, "SAA", new DateOnly(2019, 12, 1)));
        Assert.Null(Inferred(map, "SAA", new DateOnly(2020, 1, 10)));
        Assert.Null(Inferred(map, "HTS", new DateOnly(2020, 1, 10)));
        var series = map.AreaSeries(new DateOnly(2019, 12, 1), new DateOnly(2020, 1, 10), AreaStep.Day);
        Assert.True(series[0].InferredKm2["SAA"] > 0);
        Assert.Empty(series[^1].InferredKm2);
    }

    [Fact]
    public void Every_cell_lists_its_edge_neighbours_as_the_adjacency_does_and_only_edge_cells_are_open()
    {
        var map = Map(["AAAA", "AAAA", "AAAA", "AAAA"]);
        var cells = map.Cells;
        var fromAdjacency = Enumerable.Range(0, cells.Count).Select(_ => new SortedSet<int>()).ToArray();
        foreach (var a in cells.Adjacency)
        {
            fromAdjacency[a.A].Add(a.B);
            fromAdjacency[a.B].Add(a.A);
        }
        for (var i = 0; i < cells.Count; i++) Assert.Equal(fromAdjacency[i], cells.NeighboursOf(i).ToArray());
        var open = Enumerable.Range(0, cells.Count).Where(cells.IsOpen).Select(i => map.Timeline.Places[i].Id).ToHashSet();
        Assert.Equal(12, open.Count);
        Assert.DoesNotContain(Id(1, 1), open);
        Assert.DoesNotContain(Id(2, 2), open);
    }
}
