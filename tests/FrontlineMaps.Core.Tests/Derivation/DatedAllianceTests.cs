using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Derivation;

/// <summary>Alliances with half-open validity intervals decide where fronts run on each date.</summary>
public class DatedAllianceTests
{
    private static readonly DateOnly AllianceFrom = AllianceGrid.From;
    private static readonly DateOnly AllianceTo = AllianceGrid.To;

    private static Dataset Grid(ImmutableArray<Alliance> saaAllies = default, ImmutableArray<Alliance> sdfAllies = default) =>
        AllianceGrid.With(saaAllies, sdfAllies);

    private static Dataset AlliedGrid() => AllianceGrid.Allied();

    private static ControlMap Map(Dataset dataset) => new(new ControlTimeline(dataset, "grid"));

    private static int Fronts(ControlMap map, DateOnly day) => map.FrontLines(map.Timeline.Snapshot(day)).Count;

    [Fact]
    public void Two_factions_allied_from_2016_to_mid_2018_have_no_front_in_2017_and_a_front_in_2019()
    {
        var map = Map(AlliedGrid());
        Assert.Equal(0, Fronts(map, new DateOnly(2017, 5, 1)));
        var front = Assert.Single(map.FrontLines(map.Timeline.Snapshot(new DateOnly(2019, 1, 1))));
        Assert.Equal(["SAA", "SDF"], front.Factions.ToArray());
        Assert.Equal(["p10", "p11", "p12", "p20", "p21", "p22"], front.Places.ToArray());
    }

    [Fact]
    public void The_first_day_of_an_alliance_has_no_front_and_the_day_before_has_one()
    {
        var map = Map(AlliedGrid());
        Assert.Equal(1, Fronts(map, AllianceFrom.AddDays(-1)));
        Assert.Equal(0, Fronts(map, AllianceFrom));
    }

    [Fact]
    public void The_day_an_alliance_ends_has_a_front_and_the_day_before_has_none()
    {
        var map = Map(AlliedGrid());
        Assert.Equal(0, Fronts(map, AllianceTo.AddDays(-1)));
        Assert.Equal(1, Fronts(map, AllianceTo));
    }

    [Fact]
    public void A_dated_alliance_declared_on_either_side_counts_for_both()
    {
        var map = Map(Grid(saaAllies: [new Alliance("SDF", AllianceFrom, AllianceTo)]));
        var t = map.Timeline;
        Assert.True(t.AreAllied(t.FactionIndex("SDF"), t.FactionIndex("SAA"), new DateOnly(2017, 5, 1)));
        Assert.False(t.AreAllied(t.FactionIndex("SDF"), t.FactionIndex("SAA"), new DateOnly(2019, 1, 1)));
        Assert.Equal(0, Fronts(map, new DateOnly(2017, 5, 1)));
        Assert.Equal(1, Fronts(map, new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public void An_alliance_open_at_one_end_holds_until_its_end_or_from_its_start()
    {
        var untilTo = Map(Grid(sdfAllies: [new Alliance("SAA", To: AllianceTo)]));
        Assert.Equal(0, Fronts(untilTo, new DateOnly(2015, 12, 2)));
        Assert.Equal(1, Fronts(untilTo, AllianceTo));
        var fromOn = Map(Grid(sdfAllies: [new Alliance("SAA", From: AllianceFrom)]));
        Assert.Equal(1, Fronts(fromOn, new DateOnly(2015, 12, 2)));
        Assert.Equal(0, Fronts(fromOn, new DateOnly(2025, 1, 1)));
    }

    [Fact]
    public void A_plain_ally_id_is_allied_on_every_day_as_before()
    {
        var map = Map(Grid(sdfAllies: ["SAA"]));
        Assert.Empty(map.Timeline.AllianceChangeDays);
        foreach (var day in new[] { new DateOnly(2015, 12, 2), AllianceFrom, new DateOnly(2017, 5, 1), AllianceTo, new DateOnly(2030, 1, 1) })
            Assert.Equal(0, Fronts(map, day));
        Assert.Equal(1, Fronts(Map(Grid()), new DateOnly(2017, 5, 1)));
    }

    [Fact]
    public void Dates_on_either_side_of_an_alliance_change_have_different_state_keys_although_no_place_changed_hands()
    {
        var t = Map(AlliedGrid()).Timeline;
        Assert.Equal([AllianceFrom, AllianceTo], t.AllianceChangeDays.ToArray());
        Assert.Equal(t.StateKeyAt(new DateOnly(2016, 3, 1)), t.StateKeyAt(new DateOnly(2018, 5, 31)));
        Assert.NotEqual(t.StateKeyAt(AllianceTo.AddDays(-1)), t.StateKeyAt(AllianceTo));
        Assert.NotEqual(t.StateKeyAt(AllianceFrom.AddDays(-1)), t.StateKeyAt(AllianceFrom));
        Assert.Equal(t.StateKeyAt(new DateOnly(2019, 1, 1)), t.StateKeyAt(new DateOnly(2024, 1, 1)));
        // Without dated alliances the keys are those of the control log alone.
        var plain = Map(Grid(sdfAllies: ["SAA"])).Timeline;
        Assert.Equal(plain.StateKeyAt(new DateOnly(2015, 12, 2)), plain.StateKeyAt(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void A_faction_record_reads_plain_ids_and_dated_objects_and_writes_them_back_in_the_same_shape()
    {
        const string json = """
            {"id":"SDF","name":"Syrian Democratic Forces","short_name":"SDF","color":"#ffcc00",
             "allies":["Rebels",{"faction":"SAA","from":"2016-01-01","to":"2018-06-01"},{"faction":"HTS","to":"2017-03-01"}]}
            """;
        using var doc = JsonDocument.Parse(json);
        var faction = RecordJson.ReadFaction(doc.RootElement);
        Assert.Equal([new Alliance("Rebels"), new Alliance("SAA", AllianceFrom, AllianceTo), new Alliance("HTS", null, new DateOnly(2017, 3, 1))],
            faction.Allies.ToArray());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
            DatasetWriter.WriteAllies(w, faction.Allies);
        Assert.Equal("""["Rebels",{"faction":"SAA","from":"2016-01-01","to":"2018-06-01"},{"faction":"HTS","to":"2017-03-01"}]""",
            System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("""[{"faction":"SAA","since":"2016-01-01"}]""", "factions[0].allies[0].since", "unknown member")]
    [InlineData("""[{"from":"2016-01-01"}]""", "factions[0].allies[0].faction", "required")]
    [InlineData("""[{"faction":"SAA","to":"June 2018"}]""", "factions[0].allies[0].to", "expected a date YYYY-MM-DD")]
    [InlineData("""[12]""", "factions[0].allies", "element 0")]
    public void A_malformed_ally_is_refused_naming_the_member(string allies, string field, string reason)
    {
        using var doc = JsonDocument.Parse($$"""{"id":"SDF","name":"SDF","short_name":"SDF","color":"#ffcc00","allies":{{allies}}}""");
        var e = Assert.Throws<DatasetFormatException>(() => RecordJson.ReadFaction(doc.RootElement, "factions[0]."));
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
