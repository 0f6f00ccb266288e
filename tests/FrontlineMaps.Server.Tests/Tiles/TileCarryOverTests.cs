using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Tiles;
using Xunit.Abstractions;

namespace FrontlineMaps.Server.Tests.Tiles;

/// <summary>
/// Property test of <see cref="TileCache.MoveTo"/>'s area bound: on random data with fronts, claims, contested places and
/// pockets of inferred ground, random writes (captures, claims, contests, confirmations, retractions, some back-dated in recorded
/// time) follow one another; before each, tiles near and far from the write at zooms 0–14, on days before and after it, latest
/// and as known earlier, all layers or some, are cached. Every tile the cache keeps is byte-identical to a fresh encode of the
/// new state at a date (and knowledge) its key serves; the tiles at the write's places are dropped; far ones are kept.
/// </summary>
public class TileCarryOverTests(ITestOutputHelper output)
{
    private static readonly string[] FactionIds = ["A", "B", "C"];
    private static readonly DateOnly Start = new(2021, 1, 1);
    private static readonly TileLayers[] LayerSets = [TileLayers.All, TileLayers.Places, TileLayers.Territory | TileLayers.Frontlines, TileLayers.Changes];

    /// <summary>A 16 × 16 jittered grid of places (about 7 km apart) held by A in the west and B in the east, with unknown pockets.</summary>
    private sealed class Data(int seed)
    {
        private const int Side = 16;
        private readonly Random _rng = new(seed);
        private readonly List<ControlChange> _records = [];
        private readonly HashSet<int> _rim = [];
        private DateTimeOffset _clock = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public Dataset Dataset { get; private set; } = null!;

        public int Places => Side * Side;

        public Data Init()
        {
            var places = new List<Place>();
            for (var i = 0; i < Side; i++)
                for (var j = 0; j < Side; j++)
                    places.Add(new Place($"p{i}-{j}", $"p{i}-{j}", [], PlaceKind.Village,
                        36 + j * 0.075 + (_rng.NextDouble() - 0.5) * 0.03, 35 + i * 0.065 + (_rng.NextDouble() - 0.5) * 0.03, AdminUnits.None));
            // Pockets of two or three unknown places surrounded by one faction (inferred), and some lone unknown places.
            // Pockets of unknown places (blocks of up to 4 × 3) inside one faction's ground are inferred ground; writes often fall
            // on their rim, so that a write decides the class of places two or three cells away.
            var unknown = new HashSet<int>();
            for (var k = 0; k < 4; k++)
            {
                var i = _rng.Next(2, Side - 5);
                var j = _rng.Next(2, Side - 6);
                int h = _rng.Next(2, 4), w = _rng.Next(2, 5);
                for (var a = 0; a < h; a++)
                    for (var b = 0; b < w; b++) unknown.Add((i + a) * Side + j + b);
                for (var a = -1; a <= h; a++)
                    for (var b = -1; b <= w; b++)
                        if (a < 0 || b < 0 || a == h || b == w) _rim.Add((i + a) * Side + j + b);
            }
            _rim.ExceptWith(unknown);
            for (var k = 0; k < 8; k++) unknown.Add(_rng.Next(Places));
            for (var p = 0; p < Places; p++)
            {
                if (unknown.Contains(p)) continue;
                var j = p % Side;
                var faction = j < Side / 2 - 1 ? "A" : j > Side / 2 ? "B" : FactionIds[_rng.Next(3)];
                Add(places[p].Id, faction, _rng.Next(0, 5), ChangeKind.Capture, ChangeStatus.Held, recorded: _clock = _clock.AddMinutes(3));
            }
            for (var r = 0; r < 60; r++) AddRandom(places);
            EarlyCutoffValue = _clock;
            for (var r = 0; r < 60; r++) AddRandom(places);
            Dataset = new(new DatasetInfo("carry-over", []),
                [.. FactionIds.Select(id => new Faction(id, id, id, "#888888", []))], [.. places],
                [new Source("s0", "s0", "s0", null, null)], [.. _records]);
            return this;
        }

        public DateTimeOffset EarlyCutoffValue { get; private set; }

        /// <summary>Appends a write of one to three random records, as a store returns the dataset after it.</summary>
        public Dataset Write()
        {
            var before = _records.Count;
            var n = _rng.Next(1, 4);
            for (var r = 0; r < n; r++) AddRandom(Dataset.Places, write: true);
            Dataset = Dataset with { Changes = Dataset.Changes.AddRange(_records.Skip(before)) };
            return Dataset;
        }

        private void AddRandom(IReadOnlyList<Place> places, bool write = false)
        {
            // Mostly later in recorded time; a write is sometimes back-dated (before the early cut-off: an import of old reports).
            var recorded = write && _rng.NextDouble() < 0.15 ? EarlyCutoffValue.AddMinutes(-_rng.Next(1, 100)) : _clock = _clock.AddMinutes(_rng.Next(1, 90));
            var day = _rng.Next(5, 70);
            var roll = _rng.NextDouble();
            if (roll < 0.2 && _records.Count > 0)
            {
                var target = _records[_rng.Next(_records.Count)];
                var place = _rng.NextDouble() < 0.8 ? target.PlaceId : places[_rng.Next(places.Count)].Id;
                Add(place, null, day, ChangeKind.Retraction, ChangeStatus.Held, recorded, retracts: target.Id);
                return;
            }
            var (kind, status) = roll switch
            {
                < 0.5 => (ChangeKind.Capture, ChangeStatus.Held),
                < 0.65 => (ChangeKind.Capture, ChangeStatus.Claimed),
                < 0.8 => (ChangeKind.Capture, ChangeStatus.Contested),
                _ => (ChangeKind.Confirmation, ChangeStatus.Held),
            };
            var at = write && _rng.NextDouble() < 0.4 ? _rim.ElementAt(_rng.Next(_rim.Count)) : _rng.Next(places.Count);
            Add(places[at].Id, FactionIds[_rng.Next(3)], day, kind, status, recorded);
        }

        private void Add(string place, string? faction, int day, ChangeKind kind, ChangeStatus status, DateTimeOffset recorded, string? retracts = null)
        {
            var time = _rng.NextDouble() < 0.3 ? new TimeOnly(_rng.Next(24), _rng.Next(60)) : (TimeOnly?)null;
            _records.Add(new ControlChange($"c{_records.Count}", place, faction, new GroundTime(Start.AddDays(day), time), kind, status,
                kind == ChangeKind.Retraction ? [] : [new Citation("s0")], recorded, "t", Retracts: retracts,
                ClaimOf: _rng.NextDouble() < 0.5 ? ChangeStatus.Held : ChangeStatus.Contested));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_tile_the_cache_keeps_after_a_write_is_byte_identical_to_a_fresh_encode_at_the_new_version(int seed)
    {
        var data = new Data(seed).Init();
        var rng = new Random(seed * 7919);
        var state = new MapState(data.Dataset, "v0");
        var cache = new TileCache(1L << 30);
        cache.MoveTo(state);
        long verified = 0, nearDropped = 0, farKept = 0;
        for (var write = 1; write <= 4; write++)
        {
            var next = new MapState(data.Write(), $"v{write}", previous: state);
            var edit = next.Timeline.Edit!;
            Assert.NotNull(edit);
            var knownAts = new DateTimeOffset?[] { null, data.EarlyCutoffValue };
            var firstDay = edit.FirstDay ?? Start;
            var days = new[] { 0, 8, 20, 35, 50, 62, 80 }.Select(d => Start.AddDays(d)).Concat([firstDay, firstDay.AddDays(1)]).Distinct().ToArray();
            var touched = edit.Places.Select(p => state.Timeline.Places[p]).ToArray();
            var requests = new List<(TileId Tile, TileLayers Layers, bool Near)>();
            for (var z = 0; z <= 14; z++)
            {
                foreach (var p in touched)
                {
                    var t = WebMercator.TileAt(p.Lon, p.Lat, z);
                    requests.Add((t, TileLayers.All, true));
                    if (z >= 9)
                        foreach (var (dx, dy) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1), (1, 1) })
                            requests.Add((t with { X = t.X + dx, Y = t.Y + dy }, LayerSets[rng.Next(LayerSets.Length)], false));
                }
                for (var k = 0; k < 4; k++)
                {
                    var p = state.Timeline.Places[rng.Next(state.Timeline.Places.Length)];
                    requests.Add((WebMercator.TileAt(p.Lon, p.Lat, z), LayerSets[rng.Next(LayerSets.Length)], false));
                }
            }
            requests = [.. requests.Where(r => r.Tile.IsValid()).Distinct()];

            // Cache the tiles of the state before the write.
            foreach (var (tile, layers, _) in requests)
                foreach (var day in days)
                    foreach (var knownAt in knownAts)
                    {
                        var v = state.Timeline.VersionOf(knownAt);
                        var key = new TileCache.Key(state.DataVersion, v, state.Timeline.StateKeyAt(day, v), tile.Z, tile.X, tile.Y, layers);
                        cache.GetOrAdd(key, () => state.TileEncoder.Encode(tile, day, v, knownAt, layers));
                    }
            cache.MoveTo(next);

            // Every kept key that a date serves holds that date's fresh bytes.
            foreach (var key in cache.Keys)
            {
                Assert.Equal(next.DataVersion, key.DataVersion);
                var knownAt = key.Knowledge == next.Timeline.VersionOf(null) ? (DateTimeOffset?)null : next.Timeline.KnowledgeCutoff(key.Knowledge);
                var candidates = key.StateKey == long.MinValue ? days : days.Prepend(TimeKey.DayOf(key.StateKey));
                var served = candidates.Where(d => next.Timeline.StateKeyAt(d, key.Knowledge) == key.StateKey).Take(1).ToArray();
                if (served.Length == 0) continue; // no date maps to it any more (a key the write removed)
                var tile = new TileId(key.Z, key.X, key.Y);
                var kept = cache.GetOrAdd(key, () => throw new InvalidOperationException("the key was just listed"));
                var fresh = next.TileEncoder.Encode(tile, served[0], key.Knowledge, knownAt, key.Layers);
                Assert.True(fresh.AsSpan().SequenceEqual(kept.Raw),
                    $"seed {seed}, write {write}: kept tile {tile} ({key.Layers}) of {served[0]} known at {knownAt?.ToString() ?? "latest"} differs from a fresh encode");
                verified++;
            }
            // The tiles at the write's places on and after its first day (latest knowledge) are not kept; far ones are.
            var latest = next.Timeline.VersionOf(null);
            var keys = cache.Keys.ToHashSet();
            foreach (var (tile, layers, near) in requests)
                foreach (var day in days.Where(d => d >= firstDay))
                {
                    var key = new TileCache.Key(next.DataVersion, latest, next.Timeline.StateKeyAt(day, latest), tile.Z, tile.X, tile.Y, layers);
                    if (near && !keys.Contains(key)) nearDropped++;
                    if (!near && tile.Z >= 9 && keys.Contains(key)) farKept++;
                }
            state = next;
        }
        output.WriteLine($"verified {verified} kept tiles; {nearDropped} near tiles dropped, {farKept} far tiles kept on and after the write's day; carried {cache.Carried}, dropped {cache.Dropped}");
        Assert.True(verified > 1000, $"only {verified} kept tiles were checked");
        Assert.True(nearDropped > 0);
        Assert.True(farKept > 0, "no far tile was kept on or after a write's first day");
    }
}
