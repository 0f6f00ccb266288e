using System.Diagnostics;
using System.Runtime.InteropServices;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Generation;
using Xunit.Abstractions;

namespace FrontlineMaps.Core.Tests.Generation;

public sealed class DatasetGeneratorTests(ITestOutputHelper output)
{
    private static readonly GeneratorOptions Small = new() { Places = 2_000, Changes = 40_000, Seed = 7 };

    private static readonly Lazy<Dataset> SmallDataset = new(() => DatasetGenerator.Generate(Small));

    [Fact]
    public void The_same_seed_gives_the_same_dataset()
    {
        var a = DatasetGenerator.Generate(Small);
        var b = DatasetGenerator.Generate(Small);

        Assert.Equal(a.Info.Name, b.Info.Name);
        Assert.Equal(a.Factions.Select(f => (f.Id, f.Name, f.Color)), b.Factions.Select(f => (f.Id, f.Name, f.Color)));
        Assert.Equal(a.Sources.ToArray(), b.Sources.ToArray());
        Assert.Equal(a.Places, b.Places, PlaceComparer);
        Assert.Equal(a.Changes.Length, b.Changes.Length);
        for (int i = 0; i < a.Changes.Length; i++) Assert.True(SameChange(a.Changes[i], b.Changes[i]), $"change {i} differs");
    }

    [Fact]
    public void A_different_seed_gives_a_different_dataset()
    {
        var a = SmallDataset.Value;
        var b = DatasetGenerator.Generate(Small with { Seed = 8 });

        Assert.NotEqual(a.Places.Select(p => (p.Lon, p.Lat)), b.Places.Select(p => (p.Lon, p.Lat)));
        Assert.Contains(b.Sources[0].Title, "synthetic generator, seed 8", StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_ids_and_factions_match_the_options()
    {
        var d = SmallDataset.Value;

        Assert.Equal(Small.Places, d.Places.Length);
        Assert.Equal(Small.Changes, d.Changes.Length);
        Assert.Equal(["F1", "F2", "F3", "F4", "F5", "F6"], d.Factions.Select(f => f.Id));
        Assert.Equal(d.Factions.Length, d.Factions.Select(f => f.Color).Distinct().Count());
        Assert.All(d.Factions, f => Assert.Matches("^#[0-9a-f]{6}$", f.Color));
        Assert.All(d.Factions, f => Assert.True(!f.Allies.IsDefault && f.Allies.IsEmpty));
        var source = Assert.Single(d.Sources);
        Assert.Equal("synthetic generator, seed 7", source.Title);
        Assert.Null(source.Url);
        Assert.Equal("p000001", d.Places[0].Id);
        Assert.Equal("p002000", d.Places[^1].Id);
        Assert.Equal("c0000001", d.Changes[0].Id);
        Assert.Equal("c0040000", d.Changes[^1].Id);
        Assert.Equal(d.Places.Length, d.Places.Select(p => p.Id).Distinct().Count());
        Assert.Equal(d.Changes.Length, d.Changes.Select(c => c.Id).Distinct().Count());
        Assert.All(d.Places, p =>
        {
            Assert.Equal(PlaceKind.Village, p.Kind);
            Assert.InRange(p.Lon, Small.MinLon, Small.MaxLon);
            Assert.InRange(p.Lat, Small.MinLat, Small.MaxLat);
        });
    }

    [Fact]
    public void Every_change_refers_to_an_existing_place_faction_and_source()
    {
        var d = SmallDataset.Value;
        var places = d.Places.Select(p => p.Id).ToHashSet();
        var factions = d.Factions.Select(f => f.Id).ToHashSet();
        var sources = d.Sources.Select(s => s.Id).ToHashSet();

        foreach (var c in d.Changes)
        {
            Assert.Contains(c.PlaceId, places);
            Assert.NotNull(c.FactionId);
            Assert.Contains(c.FactionId, factions);
            Assert.False(c.Sources.IsDefaultOrEmpty);
            Assert.All(c.Sources, s => Assert.Contains(s.SourceId, sources));
            Assert.Equal("generator", c.RecordedBy);
            Assert.InRange(c.ValidTime.Day, Small.From, Small.To);
        }
    }

    [Fact]
    public void Changes_are_sorted_by_valid_time_and_strictly_increasing_per_place()
    {
        var d = SmallDataset.Value;
        var last = new Dictionary<string, DateOnly>();
        for (int i = 0; i < d.Changes.Length; i++)
        {
            var c = d.Changes[i];
            if (i > 0)
            {
                Assert.True(d.Changes[i - 1].ValidTime.Key <= c.ValidTime.Key, $"change {c.Id} is out of valid-time order");
                Assert.True(d.Changes[i - 1].RecordedAt < c.RecordedAt, $"change {c.Id} is out of record order");
            }
            if (last.TryGetValue(c.PlaceId, out var previous)) Assert.True(c.ValidTime.Day > previous, $"{c.PlaceId} has two changes on or before {c.ValidTime}");
            last[c.PlaceId] = c.ValidTime.Day;
        }
        // Every place has an initial state on the first day.
        Assert.Equal(d.Places.Length, d.Changes.Count(c => c.ValidTime.Day == Small.From));
    }

    [Fact]
    public void The_mix_of_kinds_and_statuses_is_mostly_captures_with_some_confirmations_contests_and_claims()
    {
        var d = SmallDataset.Value;
        double Share(Func<ControlChange, bool> f) => (double)d.Changes.Count(f) / d.Changes.Length;

        double captures = Share(c => c.Kind == ChangeKind.Capture && c.Status == ChangeStatus.Held);
        double confirmations = Share(c => c.Kind == ChangeKind.Confirmation);
        double contested = Share(c => c.Status == ChangeStatus.Contested);
        double claimed = Share(c => c.Status == ChangeStatus.Claimed);
        output.WriteLine($"captures {captures:P1}, confirmations {confirmations:P1}, contested {contested:P1}, claimed {claimed:P1}");

        Assert.InRange(confirmations, 0.09, 0.15);
        Assert.InRange(contested, 0.025, 0.035);
        Assert.InRange(claimed, 0.025, 0.035);
        Assert.InRange(captures, 0.75, 0.85);
        Assert.DoesNotContain(d.Changes, c => c.Kind == ChangeKind.Retraction);
        // A confirmation is by the faction that holds the place at that moment.
        var holder = new Dictionary<string, string>();
        foreach (var c in d.Changes)
        {
            if (c.Status != ChangeStatus.Held) continue;
            if (c.Kind == ChangeKind.Confirmation) Assert.Equal(holder[c.PlaceId], c.FactionId);
            else Assert.NotEqual(holder.GetValueOrDefault(c.PlaceId), c.FactionId);
            holder[c.PlaceId] = c.FactionId!;
        }
    }

    [Fact]
    public void All_changes_share_one_citation_array()
    {
        var d = SmallDataset.Value;
        var first = ImmutableCollectionsMarshal.AsArray(d.Changes[0].Sources);
        Assert.All(d.Changes, c => Assert.Same(first, ImmutableCollectionsMarshal.AsArray(c.Sources)));
    }

    [Fact]
    public void Fronts_are_contiguous_far_below_random_labels()
    {
        var d = SmallDataset.Value;
        var neighbours = NearestNeighbours(d.Places, 6);
        var index = d.Places.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rng = new Random(1);
        var dates = new[] { new DateOnly(2012, 6, 15), new DateOnly(2015, 3, 1), new DateOnly(2018, 6, 15), new DateOnly(2022, 11, 30) };
        var changedSince = 0;
        int[]? previous = null;
        foreach (var date in dates)
        {
            var labels = ControllersAt(d, index, date);
            double clustered = FrontShare(labels, neighbours);
            var shuffled = labels.ToArray();
            rng.Shuffle(shuffled);
            double random = FrontShare(shuffled, neighbours);
            output.WriteLine($"{date}: front share {clustered:P1}, random labels {random:P1}");
            Assert.True(clustered < 0.5 * random, $"{date}: front share {clustered:P3} is not below half of random {random:P3}");
            Assert.True(clustered > 0.02, $"{date}: no fronts at all ({clustered:P3})");
            if (previous is not null) changedSince += labels.Zip(previous).Count(x => x.First != x.Second);
            previous = labels;
        }
        // The fronts drift: between the sample dates a good part of the places changed hands.
        Assert.True(changedSince > d.Places.Length / 2, $"only {changedSince} place changes between the sample dates");
    }

    [Fact]
    public void Too_many_changes_or_bad_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetGenerator.Generate(new GeneratorOptions { Places = 10, Changes = 10 * 5113 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetGenerator.Generate(new GeneratorOptions { Factions = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetGenerator.Generate(new GeneratorOptions { To = new DateOnly(2000, 1, 1) }));
    }

    [Fact]
    public void Fewer_changes_than_places_give_initial_states_only_and_progress_reaches_one()
    {
        var reported = new List<double>();
        var d = DatasetGenerator.Generate(new GeneratorOptions { Places = 100, Changes = 40, Seed = 3, Progress = reported.Add });

        Assert.Equal(40, d.Changes.Length);
        Assert.All(d.Changes, c => Assert.Equal(new DateOnly(2011, 1, 1), c.ValidTime.Day));
        Assert.Equal(40, d.Changes.Select(c => c.PlaceId).Distinct().Count());
        Assert.Equal(0, reported[0]);
        Assert.Equal(1, reported[^1]);
        Assert.Equal(reported.OrderBy(x => x), reported);
    }

    [Fact]
    public void Fifty_thousand_places_and_a_million_changes_are_generated_in_seconds()
    {
        GC.Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var phases = new List<string>();
        var d = DatasetGenerator.Generate(new GeneratorOptions { Progress = f => phases.Add($"{f:P0} at {sw.Elapsed.TotalSeconds:F2} s") });
        sw.Stop();
        output.WriteLine(string.Join(", ", phases));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"50,000 x 1,000,000: {sw.Elapsed.TotalSeconds:F2} s, allocated {allocated / 1e6:F0} MB, dataset retains {retained / 1e6:F0} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");

        Assert.Equal(50_000, d.Places.Length);
        Assert.Equal(1_000_000, d.Changes.Length);
        Assert.Equal("c1000000", d.Changes[^1].Id);
        GC.KeepAlive(d);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------------

    private static readonly IEqualityComparer<Place> PlaceComparer = EqualityComparer<Place>.Create(
        (a, b) => a!.Id == b!.Id && a.Name == b.Name && a.Lon == b.Lon && a.Lat == b.Lat && a.Kind == b.Kind,
        p => p.Id.GetHashCode(StringComparison.Ordinal));

    private static bool SameChange(ControlChange a, ControlChange b) =>
        a.Id == b.Id && a.PlaceId == b.PlaceId && a.FactionId == b.FactionId && a.ValidTime == b.ValidTime && a.Kind == b.Kind
        && a.Status == b.Status && a.RecordedAt == b.RecordedAt && a.RecordedBy == b.RecordedBy && a.Sources.SequenceEqual(b.Sources);

    /// <summary>The controller (held status) of every place at the end of <paramref name="date"/>, -1 when none.</summary>
    private static int[] ControllersAt(Dataset d, Dictionary<string, int> index, DateOnly date)
    {
        var labels = new int[d.Places.Length];
        Array.Fill(labels, -1);
        long cutoff = TimeKey.EndOfDay(date);
        foreach (var c in d.Changes)
        {
            if (c.ValidTime.Key > cutoff) break;
            if (c.Status == ChangeStatus.Held) labels[index[c.PlaceId]] = int.Parse(c.FactionId!.AsSpan(1));
        }
        return labels;
    }

    private static double FrontShare(int[] labels, int[][] neighbours)
    {
        int pairs = 0, fronts = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            foreach (int j in neighbours[i])
            {
                if (labels[i] < 0 || labels[j] < 0) continue;
                pairs++;
                if (labels[i] != labels[j]) fronts++;
            }
        }
        return (double)fronts / pairs;
    }

    /// <summary>Brute-force k nearest neighbours (longitude scaled by the cosine of the latitude).</summary>
    private static int[][] NearestNeighbours(IReadOnlyList<Place> places, int k)
    {
        var result = new int[places.Count][];
        for (int i = 0; i < places.Count; i++)
        {
            double cos = Math.Cos(places[i].Lat * Math.PI / 180);
            var d = new (double Dist, int Index)[places.Count - 1];
            int at = 0;
            for (int j = 0; j < places.Count; j++)
            {
                if (j == i) continue;
                double dx = (places[j].Lon - places[i].Lon) * cos, dy = places[j].Lat - places[i].Lat;
                d[at++] = (dx * dx + dy * dy, j);
            }
            Array.Sort(d);
            result[i] = d.Take(k).Select(x => x.Index).ToArray();
        }
        return result;
    }
}
