using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Timeline;

public class ResolutionRuleTests
{
    [Fact]
    public void A_place_with_no_records_is_unknown()
    {
        var t = new LogBuilder().Build();
        var s = t.At("a", "2019-12-01");
        Assert.Equal(PlaceStatus.Unknown, s.Status);
        Assert.Equal(-1, s.Controller);
        Assert.Null(s.Since);
    }

    [Fact]
    public void A_capture_holds_from_the_end_of_its_day_and_not_before()
    {
        var b = new LogBuilder();
        b.Add("a", "HTS", "2019-11-30");
        var t = b.Build();
        Assert.Equal(PlaceStatus.Unknown, t.At("a", "2019-11-29").Status);
        var s = t.At("a", "2019-11-30");
        Assert.Equal(PlaceStatus.Held, s.Status);
        Assert.Equal("HTS", t.Holder(s));
        Assert.Equal(new DateOnly(2019, 11, 30), s.Since);
        Assert.Equal(PlaceStatus.Unknown, t.Snapshot(new DateTime(2019, 11, 30, 12, 0, 0, DateTimeKind.Utc)).StateOf("a").Status);
    }

    [Fact]
    public void Two_untimed_changes_on_one_day_apply_in_order_of_record()
    {
        var b = new LogBuilder();
        b.Add("a", "ISIS", "2015-10-14");
        b.Add("a", "Rebels", "2015-10-14");
        var t = b.Build();
        var s = t.At("a", "2015-10-14");
        Assert.Equal(PlaceStatus.Held, s.Status);
        Assert.Equal("Rebels", t.Holder(s));
    }

    [Fact]
    public void Two_timed_changes_on_one_day_apply_in_order_of_time_not_of_record()
    {
        var b = new LogBuilder();
        b.Add("a", "Rebels", "2015-10-14", time: "18:00", source: "src1");
        b.Add("a", "ISIS", "2015-10-14", time: "09:00", source: "src2");
        var t = b.Build();
        Assert.Equal("Rebels", t.Holder(t.At("a", "2015-10-14")));
        var morning = t.Snapshot(new DateTime(2015, 10, 14, 10, 0, 0, DateTimeKind.Utc)).StateOf("a");
        Assert.Equal("ISIS", t.Holder(morning));
    }

    [Fact]
    public void An_untimed_change_counts_as_the_end_of_its_day_after_timed_ones()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-12-01", source: "src1");
        b.Add("a", "HTS", "2019-12-01", time: "23:00", source: "src2");
        var t = b.Build();
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-12-01")));
    }

    [Fact]
    public void Rival_confirmed_facts_on_one_day_from_different_sources_make_the_place_contested()
    {
        var b = new LogBuilder();
        b.Add("a", "HTS", "2019-11-30", source: "src1");
        b.Add("a", "SAA", "2019-12-01", source: "src1");
        b.Add("a", "SNA", "2019-12-01", ChangeKind.Confirmation, source: "src2");
        var t = b.Build();
        var s = t.At("a", "2019-12-02");
        Assert.Equal(PlaceStatus.Contested, s.Status);
        Assert.Equal(["SAA", "SNA"], t.PartyIds(s));
        Assert.Equal("HTS", t.Holder(s)); // the last undisputed holder
        Assert.Equal(new DateOnly(2019, 12, 1), s.Since);
    }

    [Fact]
    public void One_source_telling_a_capture_and_a_recapture_on_one_day_is_not_a_contest()
    {
        var b = new LogBuilder();
        b.Add("a", "ISIS", "2015-10-14", source: "src3");
        b.Add("a", "Rebels", "2015-10-14", source: "src3");
        var t = b.Build();
        Assert.Equal(PlaceStatus.Held, t.At("a", "2015-10-14").Status);
    }

    [Fact]
    public void Rival_sources_that_agree_keep_the_place_held_and_add_their_sources()
    {
        var b = new LogBuilder();
        b.Add("a", "SDF", "2020-12-24", ChangeKind.Confirmation, source: "src1");
        b.Add("a", "SDF", "2020-12-24", ChangeKind.Confirmation, source: "src2");
        var t = b.Build();
        var s = t.At("a", "2020-12-25");
        Assert.Equal(PlaceStatus.Held, s.Status);
        Assert.Equal(2, s.Sources);
    }

    [Fact]
    public void A_confirmed_contest_names_the_attacker_and_the_holder()
    {
        var b = new LogBuilder();
        b.Add("a", "HTS", "2019-11-30");
        b.Add("a", "SAA", "2019-12-01", status: ChangeStatus.Contested);
        var t = b.Build();
        var s = t.At("a", "2019-12-01");
        Assert.Equal(PlaceStatus.Contested, s.Status);
        Assert.Equal(["HTS", "SAA"], t.PartyIds(s));
        Assert.Equal("HTS", t.Holder(s));
    }

    [Fact]
    public void A_claim_at_the_same_instant_as_a_confirmed_fact_changes_nothing()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-12-01", source: "src1");
        b.Add("a", "SNA", "2019-12-01", ChangeKind.Confirmation, ChangeStatus.Claimed, source: "src2");
        var t = b.Build();
        var s = t.At("a", "2019-12-01");
        Assert.Equal(PlaceStatus.Held, s.Status);
        Assert.Equal("SAA", t.Holder(s));
    }

    [Fact]
    public void A_later_claim_against_a_confirmed_holder_is_shown_as_a_claim_that_keeps_the_holder_as_a_party()
    {
        var b = new LogBuilder();
        b.Add("a", "SDF", "2020-12-01");
        b.Add("a", "SNA", "2020-12-24", status: ChangeStatus.Claimed, source: "src2");
        var t = b.Build();
        var s = t.At("a", "2020-12-24");
        Assert.Equal(PlaceStatus.Claimed, s.Status);
        Assert.Equal("SNA", t.Holder(s));
        Assert.Equal(["SDF", "SNA"], t.PartyIds(s));
        Assert.Null(s.LastConfirmed);
        // and a later confirmed fact ends the claim
        b.Add("a", "SDF", "2020-12-26", ChangeKind.Confirmation);
        t = b.Build();
        Assert.Equal(PlaceStatus.Held, t.At("a", "2020-12-26").Status);
        Assert.Equal("SDF", t.Holder(t.At("a", "2020-12-26")));
    }

    [Fact]
    public void A_claim_of_fighting_leaves_the_holder_as_controller()
    {
        var b = new LogBuilder();
        b.Add("a", "Rebels", "2015-10-01");
        b.Add("a", "ISIS", "2015-10-14", status: ChangeStatus.Claimed, claimOf: ChangeStatus.Contested);
        var t = b.Build();
        var s = t.At("a", "2015-10-14");
        Assert.Equal(PlaceStatus.Claimed, s.Status);
        Assert.Equal("Rebels", t.Holder(s));
        Assert.Equal(["ISIS", "Rebels"], t.PartyIds(s));
    }

    [Fact]
    public void A_claim_that_agrees_with_the_holder_only_adds_a_source()
    {
        var b = new LogBuilder();
        b.Add("a", "SNA", "2020-06-01");
        b.Add("a", "SNA", "2020-06-19", ChangeKind.Confirmation, ChangeStatus.Claimed, source: "src2");
        var t = b.Build();
        var s = t.At("a", "2020-06-20");
        Assert.Equal(PlaceStatus.Held, s.Status);
        Assert.Equal(new DateOnly(2020, 6, 1), s.LastConfirmed);
        Assert.Equal(2, s.Sources);
    }

    [Fact]
    public void A_confirmation_refreshes_last_confirmed_but_keeps_since()
    {
        var b = new LogBuilder();
        b.Add("a", "SNA", "2018-03-18");
        b.Add("a", "SNA", "2020-06-20", ChangeKind.Confirmation, source: "src2");
        var t = b.Build();
        var s = t.At("a", "2020-06-21");
        Assert.Equal(new DateOnly(2018, 3, 18), s.Since);
        Assert.Equal(new DateOnly(2020, 6, 20), s.LastConfirmed);
        Assert.Equal(new DateOnly(2018, 3, 18), t.At("a", "2019-01-01").LastConfirmed);
    }

    [Fact]
    public void A_confirmation_naming_a_new_holder_starts_its_state_on_the_report_day()
    {
        var b = new LogBuilder();
        b.Add("a", "SDF", "2020-12-24", ChangeKind.Confirmation);
        var t = b.Build();
        var s = t.At("a", "2020-12-25");
        Assert.Equal("SDF", t.Holder(s));
        Assert.Equal(new DateOnly(2020, 12, 24), s.Since);
    }

    [Fact]
    public void A_retracted_change_is_as_if_never_made_but_only_from_when_the_retraction_was_recorded()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01", recordedAt: new DateTimeOffset(2019, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var wrong = b.Add("a", "ISIS", "2019-02-01", recordedAt: new DateTimeOffset(2019, 2, 2, 0, 0, 0, TimeSpan.Zero));
        b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: wrong, recordedAt: new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var t = b.Build();
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-02-15")));
        Assert.True(t.IsRetracted(wrong));
        var publishedInFebruary = t.At("a", "2019-02-15", new DateTimeOffset(2019, 2, 20, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("ISIS", t.Holder(publishedInFebruary));
        Assert.False(t.IsRetracted(wrong, new DateTimeOffset(2019, 2, 20, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_correction_retracts_the_old_record_and_states_the_new_fact()
    {
        var b = new LogBuilder();
        var wrong = b.Add("a", "ISIS", "2019-02-01");
        b.Add("a", "SAA", "2019-02-01", retracts: wrong);
        var t = b.Build();
        var s = t.At("a", "2019-02-01");
        Assert.Equal("SAA", t.Holder(s));
        Assert.Equal(PlaceStatus.Held, s.Status);
        var history = t.History("a");
        Assert.Equal(2, history.Count);
        Assert.True(history[0].Retracted);
    }

    private static DateTimeOffset On(int month, int day) => new(2019, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_retracted_retraction_puts_its_target_back_from_when_it_was_recorded_and_a_third_retraction_withdraws_it_again()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01", recordedAt: On(1, 2));
        var capture = b.Add("a", "ISIS", "2019-02-01", recordedAt: On(2, 2));
        var x1 = b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: capture, recordedAt: On(3, 1));
        var x2 = b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: x1, recordedAt: On(4, 1));
        var x3 = b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: x2, recordedAt: On(5, 1));
        var t = b.Build();

        // Before X1: the capture stands. Between X1 and X2: retracted. Between X2 and X3: back. After X3: retracted again.
        Assert.Equal("ISIS", t.Holder(t.At("a", "2019-02-15", On(2, 20))));
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-02-15", On(3, 15))));
        Assert.True(t.IsRetracted(capture, On(3, 15)));
        Assert.Equal("ISIS", t.Holder(t.At("a", "2019-02-15", On(4, 15))));
        Assert.False(t.IsRetracted(capture, On(4, 15)));
        Assert.True(t.IsRetracted(x1, On(4, 15)));
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-02-15")));
        Assert.True(t.IsRetracted(capture));
        Assert.False(t.IsRetracted(x1));
        Assert.True(t.IsRetracted(x2));
        Assert.False(t.IsRetracted(x3));

        var between = t.History("a", On(4, 15));
        Assert.Equal([false, false, true, false], between.Select(h => h.Retracted).ToArray());
        Assert.Equal("ISIS", t.Holder(between[1].StateAfter));
        Assert.Equal([false, true, false, true, false], t.History("a").Select(h => h.Retracted).ToArray());
    }

    [Fact]
    public void A_record_with_two_retractions_stays_retracted_until_both_are_retracted()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01", recordedAt: On(1, 2));
        var capture = b.Add("a", "ISIS", "2019-02-01", recordedAt: On(2, 2));
        var first = b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: capture, recordedAt: On(3, 1));
        var second = b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: capture, recordedAt: On(3, 2));
        b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: first, recordedAt: On(4, 1));
        b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: second, recordedAt: On(5, 1));
        var t = b.Build();

        Assert.True(t.IsRetracted(capture, On(4, 15)));      // the second retraction still stands
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-02-15", On(4, 15))));
        Assert.False(t.IsRetracted(capture));                // both retracted: the capture counts again
        Assert.Equal("ISIS", t.Holder(t.At("a", "2019-02-15")));
    }

    [Fact]
    public void Retracting_a_correction_restores_the_record_it_corrected_and_drops_its_own_fact()
    {
        var b = new LogBuilder();
        var original = b.Add("a", "ISIS", "2019-02-01");
        var correction = b.Add("a", "SAA", "2019-02-01", retracts: original);
        b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: correction);
        var t = b.Build();
        Assert.Equal("ISIS", t.Holder(t.At("a", "2019-02-01")));
        Assert.False(t.IsRetracted(original));
        Assert.True(t.IsRetracted(correction));
    }

    [Fact]
    public void A_retraction_naming_itself_or_a_later_record_retracts_nothing()
    {
        // The validator refuses such data; the engine must still not loop or honour it.
        var b = new LogBuilder();
        b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: "c2");
        b.Add("a", "ISIS", "2019-02-01");
        b.Add("a", null, "2019-02-01", ChangeKind.Retraction, retracts: "c3");
        var t = b.Build();
        Assert.False(t.IsRetracted("c2"));
        Assert.False(t.IsRetracted("c3"));
        Assert.Equal("ISIS", t.Holder(t.At("a", "2019-02-01")));
    }

    [Fact]
    public void The_map_as_published_on_a_date_ignores_records_made_later()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01", recordedAt: new DateTimeOffset(2019, 1, 5, 0, 0, 0, TimeSpan.Zero));
        b.Add("a", "HTS", "2019-01-02", recordedAt: new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var t = b.Build();
        Assert.Equal("HTS", t.Holder(t.At("a", "2019-02-01")));
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-02-01", new DateTimeOffset(2019, 2, 1, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal(PlaceStatus.Unknown, t.At("a", "2019-02-01", new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero)).Status);
    }

    [Fact]
    public void An_approximate_change_takes_effect_at_the_end_of_its_range()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-12-01", approxTo: "2019-12-31");
        var t = b.Build();
        Assert.Equal(PlaceStatus.Unknown, t.At("a", "2019-12-15").Status);
        Assert.Equal("SAA", t.Holder(t.At("a", "2019-12-31")));
    }

    [Fact]
    public void Equal_maps_on_two_dates_share_one_state_key()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01");
        b.Add("b", "HTS", "2019-03-01");
        var t = b.Build();
        Assert.Equal(t.StateKeyAt(new DateOnly(2019, 1, 10)), t.StateKeyAt(new DateOnly(2019, 2, 20)));
        Assert.NotEqual(t.StateKeyAt(new DateOnly(2019, 2, 20)), t.StateKeyAt(new DateOnly(2019, 3, 1)));
        Assert.Equal(long.MinValue, t.StateKeyAt(new DateOnly(2018, 1, 1)));
    }

    [Fact]
    public void The_change_feed_selects_effective_days_in_a_half_open_interval()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01");
        b.Add("b", "HTS", "2019-01-02");
        b.Add("c", "SNA", "2019-01-03");
        var t = b.Build();
        var feed = t.Changes(new DateOnly(2019, 1, 2), new DateOnly(2019, 1, 3));
        Assert.Equal(["b"], feed.Select(c => c.PlaceId));
    }

    [Fact]
    public void Diff_lists_places_gained_and_lost_per_faction()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01");
        b.Add("b", "SAA", "2019-01-01");
        b.Add("a", "HTS", "2019-02-01");
        b.Add("c", "HTS", "2019-02-02");
        var t = b.Build();
        var diff = t.Diff(new DateOnly(2019, 1, 15), new DateOnly(2019, 2, 15)).ToDictionary(d => d.FactionId);
        Assert.Equal(["a", "c"], diff["HTS"].Gained.ToArray());
        Assert.Empty(diff["HTS"].Lost);
        Assert.Equal(["a"], diff["SAA"].Lost.ToArray());
        Assert.Empty(diff["SAA"].Gained);
    }

    [Fact]
    public void Change_dates_count_records_per_faction_and_skip_retracted_ones()
    {
        var b = new LogBuilder();
        b.Add("a", "SAA", "2019-01-01");
        b.Add("b", "SAA", "2019-01-01");
        var wrong = b.Add("c", "HTS", "2019-01-01");
        b.Add("c", null, "2019-01-01", ChangeKind.Retraction, retracts: wrong);
        b.Add("c", "HTS", "2019-01-05");
        var t = b.Build();
        var ticks = t.ChangeDates();
        Assert.Equal(2, ticks.Length);
        Assert.Equal(2, ticks[0].Total);
        Assert.Equal(2, ticks[0].PerFaction["SAA"]);
        Assert.False(ticks[0].PerFaction.ContainsKey("HTS"));
        Assert.Equal(new DateOnly(2019, 1, 5), ticks[1].Day);
    }

    [Fact]
    public void Declared_allies_and_members_of_one_coalition_are_allied_and_others_are_not()
    {
        var t = new LogBuilder().Ally("SAA", "ISIS").Build();
        var day = new DateOnly(2019, 1, 1);
        Assert.True(t.AreAllied(t.FactionIndex("ISIS"), t.FactionIndex("SAA"), day));
        Assert.False(t.AreAllied(t.FactionIndex("SAA"), t.FactionIndex("HTS"), day));
    }
}
