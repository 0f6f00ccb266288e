using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Storage.Postgres;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// The content version a store carries from one revision to the next by hashing only what an append adds
/// (<see cref="StoreVersion"/>) is, after every write of a random sequence, the version a full computation over the same
/// content gives, the one a fresh instance reading everything gives, and the one of the documented <c>sha256sum</c> recipe
/// over the exported files; the same content built by other writes (one import) has the same version.
/// Run against <see cref="MemoryStore"/>, <see cref="SqliteStore"/> and <see cref="PostgresStore"/>.
/// </summary>
public abstract class IncrementalVersionTests : IDisposable
{
    private const int Steps = 24;

    /// <summary>A new instance of the one store of this test (the first call creates it, empty).</summary>
    protected abstract IDatasetStore Open();

    /// <summary>
    /// Sets the population of place <paramref name="placeId"/> behind the store's back (an edit, not an append), or returns
    /// false when the store cannot be edited so.
    /// </summary>
    protected abstract bool EditPopulation(string placeId, int population);

    /// <summary>Whether <see cref="Open"/> gives a new instance over the same data (false for a memory store).</summary>
    protected virtual bool Reopens => true;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    public static TheoryData<int> Seeds() => [1, 2, 3, 17, 2026];

    [SkippableTheory]
    [MemberData(nameof(Seeds))]
    public void After_every_random_write_the_carried_version_is_the_version_of_the_content(int seed)
    {
        var store = Open();
        store.Import(Fixtures.Small());
        var random = new Random(seed);
        var generator = new RandomAppends(random, Fixtures.Small());
        var history = new List<string> { store.Version };
        var batches = new List<DatasetAdditions>();
        var edits = 0;

        for (var step = 0; step < Steps; step++)
        {
            var wholeComputes = DatasetDigest.WholeComputesOnThisThread;
            var edited = random.Next(8) == 0 && EditPopulation("hill-123", 100 + step);
            if (edited)
                edits++;
            else
            {
                var batch = generator.Next(step);
                store.Append(batch);
                generator.Accepted(batch);
                batches.Add(batch);
            }

            var version = store.Version;
            // An append is hashed on its own; an edit is a rewrite, which the store reads (and hashes) in full.
            Assert.Equal(edited ? 1 : 0, DatasetDigest.WholeComputesOnThisThread - wholeComputes);
            Assert.Equal(DatasetVersion.Compute(store.Load()), version);
            if (Reopens)
                Assert.Equal(version, Open().Version);
            Assert.DoesNotContain(version, history);
            history.Add(version);
        }

        Assert.True(batches.Count > Steps / 2);
        // The recipe of docs/data-format.md over the exported files.
        using var temp = new TempDir();
        DatasetFiles.Write(temp.Path, store.Load());
        Assert.Equal(Sha256sumRecipe(temp.Path), store.Version);
        // The same content in a store built by one import.
        Assert.Equal(store.Version, new MemoryStore(store.Load()).Version);
        // And, when no edit intervened, by another sequence of writes: the same records in one batch.
        if (edits == 0)
        {
            var other = new MemoryStore(Fixtures.Small());
            other.Append(new DatasetAdditions(
                [.. batches.SelectMany(b => b.Factions)], [.. batches.SelectMany(b => b.Sources)],
                [.. batches.SelectMany(b => b.Places)], [.. batches.SelectMany(b => b.Changes)]));
            Assert.Equal(store.Version, other.Version);
        }
    }

    /// <summary><c>sha256sum dataset.json factions.ndjson sources.ndjson places.ndjson changes.ndjson [boundary.geojson] | sha256sum | cut -c1-32</c>.</summary>
    private static string Sha256sumRecipe(string directory)
    {
        var listing = new StringBuilder();
        foreach (var name in new[] { "dataset.json", "factions.ndjson", "sources.ndjson", "places.ndjson", "changes.ndjson", "boundary.geojson" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
                listing.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))).Append("  ").Append(name).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())))[..32];
    }
}

/// <summary>
/// Random valid appends to a dataset: factions (with parents and dated alliances), sources, places, and changes of every
/// kind and status, citing records of the same batch, retracting earlier changes and reviewing claims; text with quotes,
/// escapes and Arabic script.
/// </summary>
internal sealed class RandomAppends(Random random, Dataset start)
{
    private static readonly string[] Words = ["Tal", "Kafr", "\"al-Bab\"", "حلب", "north\\east", "Hill 7", "ab\tc", "Ḥamā"];
    private readonly List<string> _factions = [.. start.Factions.Select(f => f.Id).Where(id => id is not ("JAN" or "HTS"))];
    private readonly List<string> _sources = [.. start.Sources.Select(s => s.Id)];
    private readonly List<string> _places = [.. start.Places.Select(p => p.Id)];
    private readonly List<ControlChange> _changes = [.. start.Changes];
    private readonly HashSet<string> _retracted = [.. start.Changes.Select(c => c.Retracts).OfType<string>()];
    private readonly HashSet<string> _reviewed = [];

    private string Word() => Words[random.Next(Words.Length)];

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private DateOnly Day() => new DateOnly(2016, 1, 1).AddDays(random.Next(1500));

    private DateTimeOffset Recorded(int step) => new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(3)))
        .AddMinutes(step * 90 + random.Next(60)).AddMilliseconds(random.Next(1000));

    /// <summary>The next batch (step <paramref name="step"/>); call <see cref="Accepted"/> once the store took it.</summary>
    public DatasetAdditions Next(int step)
    {
        var factions = new List<Faction>();
        var sources = new List<Source>();
        var places = new List<Place>();
        var changes = new List<ControlChange>();
        var factionIds = new List<string>(_factions);
        var sourceIds = new List<string>(_sources);
        var placeIds = new List<string>(_places);

        for (var i = random.Next(2); i > 0; i--)
        {
            var id = $"F{step}x{i}";
            factions.Add(new Faction(id, $"{Word()} front {step}", $"F{step}", $"#{random.Next(0x1000000):x6}", random.Next(2) == 0 ? [] : [Word()],
                Parent: random.Next(3) == 0 ? "GOV" : null,
                Allies: random.Next(2) == 0 ? [] : [new Alliance(Pick(factionIds), Day(), new DateOnly(2021, 1, 1))]));
            factionIds.Add(id);
        }
        for (var i = random.Next(3); i > 0; i--)
        {
            var id = $"S{step}x{i}";
            sources.Add(new Source(id, Word(), $"{Word()} {Word()} report", random.Next(2) == 0 ? null : $"https://example.org/{step}/{i}",
                random.Next(3) == 0 ? null : Day(), random.Next(4) == 0));
            sourceIds.Add(id);
        }
        for (var i = random.Next(2); i > 0; i--)
        {
            var id = $"p{step}x{i}";
            places.Add(new Place(id, $"{Word()} {step}", random.Next(2) == 0 ? [] : [Word(), Word()], (PlaceKind)random.Next(3),
                Math.Round(36 + random.NextDouble() * 2, 5), Math.Round(35 + random.NextDouble() * 2, 5),
                random.Next(2) == 0 ? AdminUnits.None : new AdminUnits("Aleppo", Word(), null, null),
                random.Next(2) == 0 ? null : random.Next(100000), random.Next(5) == 0, random.Next(3) == 0 ? $"note {Word()}" : null));
            placeIds.Add(id);
        }
        var earlier = new List<ControlChange>(_changes);
        for (var i = 1 + random.Next(4); i > 0; i--)
        {
            var change = NewChange($"c{step}x{i}", step, earlier, factionIds, sourceIds, placeIds);
            changes.Add(change);
            earlier.Add(change);
        }
        return new DatasetAdditions(factions, sources, places, changes);
    }

    private ControlChange NewChange(string id, int step, List<ControlChange> earlier, List<string> factions, List<string> sources, List<string> places)
    {
        var recorded = Recorded(step);
        var retractable = earlier.Where(c => c.Kind != ChangeKind.Retraction && c.Retracts is null && !_retracted.Contains(c.Id)).ToList();
        var reviewable = earlier.Where(c => c.Status == ChangeStatus.Claimed && c.Kind != ChangeKind.Retraction && c.Reviews is null
            && !_retracted.Contains(c.Id) && !_reviewed.Contains(c.Id)).ToList();
        switch (random.Next(6))
        {
            case 0 when retractable.Count > 0:
                var target = Pick(retractable);
                _retracted.Add(target.Id);
                return new ControlChange(id, target.PlaceId, null, target.ValidTime, ChangeKind.Retraction, ChangeStatus.Held, [], recorded, "editor",
                    Retracts: target.Id, Note: random.Next(2) == 0 ? null : "withdrawn: \"misread\"");
            case 1 when reviewable.Count > 0:
                var claim = Pick(reviewable);
                _reviewed.Add(claim.Id);
                var confirmed = random.Next(2) == 0;
                return claim with
                {
                    Id = id, RecordedAt = recorded, RecordedBy = "reviewer", Reviews = claim.Id,
                    Verdict = confirmed ? ReviewVerdict.Confirmed : ReviewVerdict.Disputed,
                    Status = confirmed ? claim.ClaimOf : ChangeStatus.Claimed, ClaimOf = confirmed ? ChangeStatus.Held : claim.ClaimOf,
                };
            default:
                var status = (ChangeStatus)random.Next(3);
                var time = random.Next(4) switch
                {
                    0 => new GroundTime(Day(), new TimeOnly(random.Next(24), random.Next(60))),
                    1 => new GroundTime(Day(), ApproxTo: new DateOnly(2021, 6, 1)),
                    _ => new GroundTime(Day()),
                };
                var citations = Enumerable.Range(0, 1 + random.Next(2))
                    .Select(_ => new Citation(Pick(sources), random.Next(2) == 0 ? null : $"{Word()} claimant")).ToImmutableArray();
                return new ControlChange(id, Pick(places), Pick(factions), time, random.Next(4) == 0 ? ChangeKind.Confirmation : ChangeKind.Capture,
                    status, citations, recorded, "editor",
                    ClaimOf: status == ChangeStatus.Claimed && random.Next(2) == 0 ? ChangeStatus.Contested : ChangeStatus.Held,
                    Note: random.Next(3) == 0 ? $"{Word()}" : null);
        }
    }

    /// <summary>The batch is in the store: its records can be referred to from now on.</summary>
    public void Accepted(DatasetAdditions batch)
    {
        _factions.AddRange(batch.Factions.Select(f => f.Id));
        _sources.AddRange(batch.Sources.Select(s => s.Id));
        _places.AddRange(batch.Places.Select(p => p.Id));
        _changes.AddRange(batch.Changes);
    }
}

/// <summary>The carried version on <see cref="MemoryStore"/>.</summary>
public sealed class MemoryIncrementalVersionTests : IncrementalVersionTests
{
    private MemoryStore? _store;

    protected override IDatasetStore Open() => _store ??= new MemoryStore();

    protected override bool EditPopulation(string placeId, int population) => false;

    protected override bool Reopens => false;
}

/// <summary>The carried version on <see cref="SqliteStore"/>, with edits behind its back.</summary>
public sealed class SqliteIncrementalVersionTests : IncrementalVersionTests
{
    private readonly TempDir _temp = new();

    protected override IDatasetStore Open() => new SqliteStore(_temp.File("data.sqlite"));

    protected override bool EditPopulation(string placeId, int population)
    {
        using var connection = new SqliteStore(_temp.File("data.sqlite")).OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "UPDATE places SET record = json_set(record, '$.population', $n) WHERE id = $id";
        cmd.Parameters.AddWithValue("$n", population);
        cmd.Parameters.AddWithValue("$id", placeId);
        Assert.Equal(1, cmd.ExecuteNonQuery());
        return true;
    }

    public override void Dispose()
    {
        _temp.Dispose();
        base.Dispose();
    }
}

/// <summary>The carried version on <see cref="PostgresStore"/> (a real PostgreSQL), with edits behind its back.</summary>
public sealed class PostgresIncrementalVersionTests : IncrementalVersionTests
{
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= new TestDatabase();

    protected override IDatasetStore Open() => Database.Store();

    protected override bool EditPopulation(string placeId, int population)
    {
        Database.Execute($"UPDATE frontline.places SET record = jsonb_set(record::jsonb, '{{population}}', '{population}')::json WHERE id = '{placeId}'");
        return true;
    }

    public override void Dispose()
    {
        _database?.Dispose();
        base.Dispose();
    }
}
