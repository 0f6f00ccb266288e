using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Core.Tests.Timeline;

/// <summary>
/// Property tests: the indexed engine must agree with a naive reference that replays the log from the start for every question.
/// </summary>
public class ReferenceReplayTests
{
    private static readonly string[] Factions = ["SAA", "SNA", "HTS", "ISIS", "Rebels", "SDF"];

    private static (LogBuilder Builder, Dataset Dataset) RandomLog(int seed, int records)
    {
        var rng = new Random(seed);
        var b = new LogBuilder();
        var ids = new List<string>();
        var retractions = new List<string>();
        var places = new[] { "a", "b", "c" };
        var start = new DateOnly(2019, 1, 1);
        var clock = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < records; i++)
        {
            clock = clock.AddHours(rng.Next(0, 3) * 12); // repeated recording instants happen
            var place = places[rng.Next(places.Length)];
            var day = start.AddDays(rng.Next(0, 40)).ToString("yyyy-MM-dd");
            var roll = rng.NextDouble();
            if (roll < 0.12 && ids.Count > 0)
            {
                // Half the retractions target another retraction when there is one, so chains (and second retractions of the
                // same record) are common.
                var target = retractions.Count > 0 && rng.NextDouble() < 0.5 ? retractions[rng.Next(retractions.Count)] : ids[rng.Next(ids.Count)];
                retractions.Add($"c{ids.Count + 1}");
                ids.Add(b.Add(place, null, day, ChangeKind.Retraction, retracts: target, recordedAt: clock));
                continue;
            }
            var kind = rng.NextDouble() < 0.3 ? ChangeKind.Confirmation : ChangeKind.Capture;
            var status = rng.NextDouble() switch { < 0.15 => ChangeStatus.Claimed, < 0.3 => ChangeStatus.Contested, _ => ChangeStatus.Held };
            var time = rng.NextDouble() < 0.2 ? $"{rng.Next(24):00}:{rng.Next(60):00}" : null;
            var approx = rng.NextDouble() < 0.05 ? start.AddDays(rng.Next(40, 50)).ToString("yyyy-MM-dd") : null;
            ids.Add(b.Add(place, Factions[rng.Next(Factions.Length)], day, kind, status, source: $"src{rng.Next(1, 4)}", time: time,
                recordedAt: clock, claimOf: rng.NextDouble() < 0.5 ? ChangeStatus.Contested : ChangeStatus.Held, approxTo: approx));
        }
        return (b, b.Dataset());
    }

    /// <summary>The naive reference: filter and replay the whole log for one place and one question.</summary>
    private static PlaceState Replay(Dataset d, string place, long key, DateTimeOffset? knownAt)
    {
        var log = d.Changes;
        var visible = log.Where(c => knownAt is null || c.RecordedAt <= knownAt).ToList();
        var retracted = RetractedAmong(visible);
        var facts = Enumerable.Range(0, log.Length)
            .Where(i => visible.Contains(log[i]) && !retracted.Contains(log[i].Id) && log[i].Kind != ChangeKind.Retraction
                        && log[i].PlaceId == place && log[i].ValidTime.Key <= key)
            .OrderBy(i => log[i].ValidTime.Key).ThenBy(i => i)
            .ToArray();
        var last = PlaceState.Unknown;
        var table = new FactionTable([.. d.Factions], d.Factions.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i));
        // The resolver may also emit a faction's end after the last record: only what happened by the key counts.
        ControlResolver.Resolve(facts, log, table, (long k, in PlaceState s) => { if (k <= key) last = s; });
        return last;
    }

    /// <summary>
    /// The chain rule, naively: a record is retracted when some record retracts it and is not itself retracted. Resolved by
    /// recursion on each record's retractors (targets are earlier records, so it ends), with no use of log order.
    /// </summary>
    private static HashSet<string> RetractedAmong(List<ControlChange> visible)
    {
        bool IsRetracted(string id) => visible.Any(c => c.Retracts == id && !IsRetracted(c.Id));
        return visible.Select(c => c.Id).Where(IsRetracted).ToHashSet();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Snapshots_agree_with_replaying_the_log_for_every_date_and_every_knowledge_cut_off(int seed)
    {
        var (_, dataset) = RandomLog(seed, 120);
        var timeline = new ControlTimeline(dataset, "ref");
        var rng = new Random(seed * 31);
        var recorded = dataset.Changes.Select(c => (DateTimeOffset?)c.RecordedAt).Distinct().ToList();
        recorded.Add(null);
        recorded.Add(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero));
        for (var q = 0; q < 60; q++)
        {
            var day = new DateOnly(2018, 12, 25).AddDays(rng.Next(0, 60));
            var knownAt = recorded[rng.Next(recorded.Count)];
            var useInstant = rng.NextDouble() < 0.3;
            var instant = day.ToDateTime(new TimeOnly(rng.Next(24), rng.Next(60)), DateTimeKind.Utc);
            var snapshot = useInstant ? timeline.Snapshot(instant, knownAt) : timeline.Snapshot(day, knownAt);
            var key = useInstant ? TimeKey.At(instant) : TimeKey.EndOfDay(day);
            foreach (var place in new[] { "a", "b", "c" })
            {
                var expected = Replay(dataset, place, key, knownAt);
                var actual = snapshot.StateOf(place);
                Assert.Equal(expected.Status, actual.Status);
                Assert.Equal(expected.Controller, actual.Controller);
                Assert.Equal(expected.Since, actual.Since);
                Assert.Equal(expected.LastConfirmed, actual.LastConfirmed);
                Assert.Equal(expected.Parties.ToArray(), actual.Parties.ToArray());
                Assert.Equal(expected.Sources, actual.Sources);
            }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    public void Retracted_flags_agree_with_resolving_retraction_chains_naively_at_every_knowledge_cut_off(int seed)
    {
        var (_, dataset) = RandomLog(seed, 120);
        var timeline = new ControlTimeline(dataset, "ref");
        var cutOffs = dataset.Changes.Select(c => (DateTimeOffset?)c.RecordedAt).Distinct().Append(null).ToList();
        var chains = 0;
        foreach (var knownAt in cutOffs)
        {
            var visible = dataset.Changes.Where(c => knownAt is null || c.RecordedAt <= knownAt).ToList();
            var expected = RetractedAmong(visible);
            foreach (var c in dataset.Changes)
                Assert.Equal(expected.Contains(c.Id), timeline.IsRetracted(c.Id, knownAt));
            foreach (var place in new[] { "a", "b", "c" })
                foreach (var entry in timeline.History(place, knownAt))
                    Assert.Equal(expected.Contains(entry.Change.Id), entry.Retracted);
            chains += visible.Count(c => c.Retracts is { } r && visible.Any(t => t.Id == r && t.Retracts is not null));
        }
        Assert.True(chains > 0, "the generator made no retraction of a retraction");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void The_validators_retracted_set_built_record_by_record_agrees_with_the_timeline_and_with_validating_the_whole_log(int seed)
    {
        var (_, generated) = RandomLog(seed, 150);
        // The generator's claim_of is random on every record; the format allows it on claims only.
        var dataset = generated with { Changes = [.. generated.Changes.Select(c => c.Status == ChangeStatus.Claimed ? c : c with { ClaimOf = ChangeStatus.Held })] };
        var timeline = new ControlTimeline(dataset, "ref");
        var expected = dataset.Changes.Where(c => timeline.IsRetracted(c.Id)).Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);

        var whole = DatasetValidator.ValidateWithIds(dataset, DatasetLayout.Canonical);
        Assert.Equal(expected, whole.Retracted.Order(StringComparer.Ordinal).ToArray());

        var current = dataset with { Changes = [] };
        var ids = DatasetValidator.ValidateWithIds(current, DatasetLayout.Canonical);
        foreach (var c in dataset.Changes)
        {
            var additions = DatasetAdditions.OfChanges([c]);
            current = additions.ApplyTo(current);
            ids = DatasetValidator.ValidateAdditions(ids, current, additions, DatasetLayout.Canonical);
        }
        Assert.Equal(expected, ids.Retracted.Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void The_state_key_changes_exactly_when_some_place_changes(int seed)
    {
        var (_, dataset) = RandomLog(seed, 80);
        var timeline = new ControlTimeline(dataset, "ref");
        var day = new DateOnly(2018, 12, 28);
        for (var k = 0; k < 60; k++, day = day.AddDays(1))
        {
            var a = timeline.Snapshot(day);
            var b = timeline.Snapshot(day.AddDays(1));
            var same = Enumerable.Range(0, a.Count).All(i => a[i] == b[i] || (a[i].Status == b[i].Status && a[i].Controller == b[i].Controller
                && a[i].Since == b[i].Since && a[i].LastConfirmed == b[i].LastConfirmed && a[i].Sources == b[i].Sources
                && a[i].Parties.SequenceEqual(b[i].Parties)));
            if (timeline.StateKeyAt(day) == timeline.StateKeyAt(day.AddDays(1))) Assert.True(same, $"equal state keys but different maps on {day}");
        }
    }
}
