using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Timeline;

/// <summary>
/// Property tests of <see cref="ControlTimeline.Update"/>: a timeline updated batch by batch answers every query exactly as a
/// timeline built from scratch on the same data, and what its <see cref="TimelineEdit"/> says is unchanged is unchanged.
/// </summary>
public class IncrementalTimelineTests
{
    private static readonly string[] FactionIds = ["SAA", "SNA", "HTS", "ISIS", "SDF"];
    private static readonly DateOnly Start = new(2019, 1, 1);

    /// <summary>Random data that grows by appended batches, as a store returns it after each write.</summary>
    private sealed class Data(int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly List<string> _ids = [];
        private readonly List<string> _retractions = [];
        private DateTimeOffset _clock = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private int _sources = 2;

        public Dataset Dataset { get; private set; } = new(new DatasetInfo("incremental", []),
            [.. FactionIds.Select(id => new Faction(id, id, id, "#888888", []))],
            [.. Enumerable.Range(0, 6).Select(NewPlace)],
            [new Source("s0", "s0", "s0", null, null), new Source("s1", "s1", "s1", null, null)],
            []);

        private static Place NewPlace(int i) => new($"p{i}", $"p{i}", [], PlaceKind.Village, 36 + i * 0.01, 35, AdminUnits.None);

        /// <summary>Appends one batch: sometimes a new place or source, then changes, retractions (of retractions too) and reviews.</summary>
        public Dataset Append(int records)
        {
            var places = Dataset.Places;
            var sources = Dataset.Sources;
            if (_rng.NextDouble() < 0.25) places = places.Add(NewPlace(places.Length));
            if (_rng.NextDouble() < 0.25) sources = sources.Add(new Source($"s{_sources++}", "p", "t", null, null));
            var changes = ImmutableArray.CreateBuilder<ControlChange>();
            for (var r = 0; r < records; r++)
            {
                // Mostly forward in recorded time, sometimes back-dated (an import of older reports), sometimes the same instant.
                var roll = _rng.NextDouble();
                var recorded = roll < 0.15 ? _clock.AddHours(-_rng.Next(1, 400)) : roll < 0.3 ? _clock : _clock = _clock.AddHours(_rng.Next(1, 30));
                var id = $"c{_ids.Count + 1}";
                var place = places[_rng.Next(places.Length)].Id;
                var day = Start.AddDays(_rng.Next(0, 90));
                var time = _rng.NextDouble() < 0.2 ? new TimeOnly(_rng.Next(24), _rng.Next(60)) : (TimeOnly?)null;
                DateOnly? approx = _rng.NextDouble() < 0.05 ? day.AddDays(_rng.Next(1, 9)) : null;
                ControlChange change;
                if (_ids.Count > 0 && _rng.NextDouble() < 0.15)
                {
                    var target = _retractions.Count > 0 && _rng.NextDouble() < 0.4 ? _retractions[_rng.Next(_retractions.Count)] : _ids[_rng.Next(_ids.Count)];
                    change = new ControlChange(id, place, null, new GroundTime(day), ChangeKind.Retraction, ChangeStatus.Held, [], recorded, "t", Retracts: target);
                    _retractions.Add(id);
                }
                else
                {
                    var status = _rng.NextDouble() switch { < 0.15 => ChangeStatus.Claimed, < 0.3 => ChangeStatus.Contested, _ => ChangeStatus.Held };
                    var kind = _rng.NextDouble() < 0.3 ? ChangeKind.Confirmation : ChangeKind.Capture;
                    var reviews = _ids.Count > 0 && _rng.NextDouble() < 0.1 ? _ids[_rng.Next(_ids.Count)] : null;
                    change = new ControlChange(id, place, FactionIds[_rng.Next(FactionIds.Length)], new GroundTime(day, time, approx), kind, status,
                        [new Citation(sources[_rng.Next(sources.Length)].Id)], recorded, "t",
                        ClaimOf: _rng.NextDouble() < 0.5 ? ChangeStatus.Contested : ChangeStatus.Held,
                        Reviews: reviews, Verdict: reviews is null ? null : ReviewVerdict.Confirmed);
                }
                _ids.Add(id);
                changes.Add(change);
            }
            // As a store's appended read does: the same record objects first, the new ones after.
            Dataset = Dataset with { Places = places, Sources = sources, Changes = Dataset.Changes.AddRange(changes) };
            return Dataset;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_timeline_updated_batch_by_batch_answers_every_query_as_one_built_from_scratch(int seed)
    {
        var data = new Data(seed);
        var rng = new Random(seed * 7);
        var incremental = new ControlTimeline(data.Append(40), "v0");
        var keptTotal = 0;
        for (var batch = 1; batch <= 25; batch++)
        {
            // Warm some of the previous timeline's caches (knowledge views, change dates), which an update carries over.
            var previous = incremental;
            var instants = previous.Log.Select(c => (DateTimeOffset?)c.RecordedAt).Distinct().ToList();
            for (var w = 0; w < 3 && instants.Count > 0; w++)
            {
                var knownAt = instants[rng.Next(instants.Count)];
                previous.Snapshot(Start.AddDays(rng.Next(90)), knownAt);
                previous.ChangeDates(knownAt);
            }
            previous.ChangeDates();
            var before = Snapshots(previous, rng);

            var dataset = data.Append(rng.Next(0, 8) switch { 0 => 0, < 6 => rng.Next(1, 4), _ => rng.Next(5, 40) });
            var version = $"v{batch}";
            incremental = previous.Update(dataset, version);
            Assert.NotNull(incremental.Edit);
            var fresh = new ControlTimeline(dataset, version);
            AssertSame(fresh, incremental, rng);

            // What the edit keeps is unchanged: a cache entry of the previous timeline, keyed by a knowledge version (its cut-off)
            // and a state key, serves every request of the new timeline with the same keys: the states at it, and the records of
            // its day and the 30 days before with their flags (the tiles' changes layer).
            var kept = 0;
            foreach (var (day, knownAt, snapshot) in before)
            {
                var cutoff = previous.KnowledgeCutoff(previous.VersionOf(knownAt));
                if (!incremental.Edit!.Keeps(snapshot.StateKey, cutoff)) continue;
                var now = incremental.Snapshot(day, cutoff);
                if (now.StateKey != snapshot.StateKey) continue; // a new key: no request of the new timeline finds the entry
                kept++;
                for (var p = 0; p < previous.Places.Length; p++) AssertState(snapshot[p], now[p]);
                if (snapshot.StateKey == long.MinValue) continue;
                var end = TimeKey.DayOf(snapshot.StateKey);
                var old = previous.Changes(end.AddDays(-30), end.AddDays(1), cutoff);
                Assert.Equal(old, incremental.Changes(end.AddDays(-30), end.AddDays(1), cutoff));
                foreach (var c in old) Assert.Equal(previous.IsRetracted(c.Id, cutoff), incremental.IsRetracted(c.Id, cutoff));
            }
            // The previous latest view's entries also serve the new latest view where the edit keeps them.
            foreach (var (day, knownAt, snapshot) in before)
            {
                if (knownAt is not null || !incremental.Edit!.Keeps(snapshot.StateKey, null)) continue;
                Assert.Contains(incremental.VersionOf(null), incremental.KeptVersions(previous, previous.VersionOf(null), snapshot.StateKey));
                var now = incremental.Snapshot(day);
                if (now.StateKey != snapshot.StateKey) continue;
                kept++;
                for (var p = 0; p < previous.Places.Length; p++) AssertState(snapshot[p], now[p]);
            }
            keptTotal += kept;
        }
        Assert.True(keptTotal > 0, "no cache entry was kept: the test checks nothing");
    }

    [Fact]
    public void Data_that_is_not_an_append_is_built_from_scratch()
    {
        var data = new Data(9);
        var first = new ControlTimeline(data.Append(30), "a");
        var rewritten = data.Dataset with { Changes = [.. data.Dataset.Changes.Take(10).Select(c => c with { })] };
        var next = first.Update(rewritten, "b");
        Assert.Null(next.Edit);
        AssertSame(new ControlTimeline(rewritten, "b"), next, new Random(1));
    }

    private static List<(DateOnly Day, DateTimeOffset? KnownAt, Snapshot Snapshot)> Snapshots(ControlTimeline t, Random rng)
    {
        var cutoffs = KnowledgeCutoffs(t);
        var result = new List<(DateOnly, DateTimeOffset?, Snapshot)>();
        for (var q = 0; q < 40; q++)
        {
            var day = Start.AddDays(rng.Next(-3, 100));
            var knownAt = cutoffs[rng.Next(cutoffs.Count)];
            result.Add((day, knownAt, t.Snapshot(day, knownAt)));
        }
        return result;
    }

    private static List<DateTimeOffset?> KnowledgeCutoffs(ControlTimeline t)
    {
        var cutoffs = t.Log.Select(c => (DateTimeOffset?)c.RecordedAt).Distinct().ToList();
        cutoffs.AddRange(t.Log.Take(5).Select(c => (DateTimeOffset?)c.RecordedAt.AddMinutes(-1)));
        cutoffs.Add(null);
        cutoffs.Add(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return cutoffs;
    }

    private static void AssertSame(ControlTimeline expected, ControlTimeline actual, Random rng)
    {
        Assert.Equal(expected.DataVersion, actual.DataVersion);
        Assert.Equal(expected.Log, actual.Log);
        Assert.Equal(expected.Places, actual.Places);
        Assert.Equal(expected.FirstDate, actual.FirstDate);
        Assert.Equal(expected.LastDate, actual.LastDate);
        foreach (var p in expected.Places) Assert.Equal(expected.PlaceIndex(p.Id), actual.PlaceIndex(p.Id));
        var cutoffs = KnowledgeCutoffs(expected);
        foreach (var knownAt in cutoffs)
        {
            Assert.Equal(expected.VersionOf(knownAt), actual.VersionOf(knownAt));
            Assert.Equal(expected.LastRecordedAt(knownAt), actual.LastRecordedAt(knownAt));
        }
        // Every cut-off the previous timeline had cached, and random others: snapshots at every day, histories, feeds, flags.
        foreach (var knownAt in cutoffs.OrderBy(_ => rng.Next()).Take(12).Append(null))
        {
            for (var day = Start.AddDays(-2); day <= Start.AddDays(100); day = day.AddDays(1))
            {
                var e = expected.Snapshot(day, knownAt);
                var a = actual.Snapshot(day, knownAt);
                Assert.Equal(e.StateKey, a.StateKey);
                Assert.Equal(expected.StateKeyAt(day, knownAt), actual.StateKeyAt(day, knownAt));
                for (var p = 0; p < e.Count; p++)
                {
                    AssertState(e[p], a[p]);
                    Assert.Equal(e.StatusOf(p), a.StatusOf(p));
                    Assert.Equal(e.ControllerOf(p), a.ControllerOf(p));
                }
            }
            var instant = Start.AddDays(rng.Next(90)).ToDateTime(new TimeOnly(rng.Next(24), rng.Next(60)), DateTimeKind.Utc);
            var ei = expected.Snapshot(instant, knownAt);
            var ai = actual.Snapshot(instant, knownAt);
            Assert.Equal(ei.StateKey, ai.StateKey);
            for (var p = 0; p < ei.Count; p++) AssertState(ei[p], ai[p]);
            foreach (var place in expected.Places)
            {
                var eh = expected.History(place.Id, knownAt);
                var ah = actual.History(place.Id, knownAt);
                Assert.Equal(eh.Count, ah.Count);
                for (var i = 0; i < eh.Count; i++)
                {
                    Assert.Same(eh[i].Change, ah[i].Change);
                    Assert.Equal(eh[i].Retracted, ah[i].Retracted);
                    AssertState(eh[i].StateAfter, ah[i].StateAfter);
                }
            }
            var from = Start.AddDays(rng.Next(-5, 60));
            var to = from.AddDays(rng.Next(1, 50));
            Assert.Equal(expected.Changes(from, to, knownAt), actual.Changes(from, to, knownAt));
            Assert.Equal(expected.Changes(Start.AddDays(-10), Start.AddDays(120), knownAt), actual.Changes(Start.AddDays(-10), Start.AddDays(120), knownAt));
            foreach (var c in expected.Log) Assert.Equal(expected.IsRetracted(c.Id, knownAt), actual.IsRetracted(c.Id, knownAt));
            var ed = expected.ChangeDates(knownAt);
            var ad = actual.ChangeDates(knownAt);
            Assert.Equal(ed.Select(d => (d.Day, d.Total, string.Join(',', d.PerFaction))), ad.Select(d => (d.Day, d.Total, string.Join(',', d.PerFaction))));
            var diffFrom = Start.AddDays(rng.Next(90));
            var diffTo = diffFrom.AddDays(rng.Next(1, 30));
            Assert.Equal(Describe(expected.Diff(diffFrom, diffTo, knownAt)), Describe(actual.Diff(diffFrom, diffTo, knownAt)));
        }
    }

    private static IEnumerable<string> Describe(IReadOnlyList<FactionDiff> diffs) =>
        diffs.Select(d => $"{d.FactionId}+{string.Join(',', d.Gained)}-{string.Join(',', d.Lost)}");

    private static void AssertState(PlaceState expected, PlaceState actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Controller, actual.Controller);
        Assert.Equal(expected.Since, actual.Since);
        Assert.Equal(expected.LastConfirmed, actual.LastConfirmed);
        Assert.Equal(expected.Parties.ToArray(), actual.Parties.ToArray());
        Assert.Equal(expected.Sources, actual.Sources);
        Assert.Equal(expected.LastChange, actual.LastChange);
    }
}
