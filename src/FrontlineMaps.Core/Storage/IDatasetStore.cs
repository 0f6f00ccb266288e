using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A place a dataset is kept: a directory of NDJSON files (<see cref="DirectoryStore"/>) or a SQLite database
/// (<see cref="SqliteStore"/>). The store is the boundary where bad data is stopped: everything it returns has passed
/// <see cref="DatasetValidator"/>, and nothing that fails it is written. The control log is append-only.
/// </summary>
public interface IDatasetStore
{
    /// <summary>The schema number of the format this store reads and writes (<see cref="DatasetFiles.SchemaVersion"/>).</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// A stable content version: a hash of the canonical serialization of the whole dataset (see <see cref="DatasetVersion"/>).
    /// Equal content gives an equal version in every store; any appended record changes it. Meant for cache keys.
    /// </summary>
    /// <exception cref="DatasetFormatException">The stored data is invalid.</exception>
    string Version { get; }

    /// <summary>True when the store holds no dataset yet (an <see cref="Import"/> is possible).</summary>
    bool IsEmpty { get; }

    /// <summary>Loads the whole dataset, validated. Either returns all of it or throws; nothing is half-loaded.</summary>
    /// <exception cref="DatasetFormatException">The stored data is invalid; the message names file, line and field.</exception>
    Dataset Load();

    /// <summary>
    /// Appends control changes to the log. They are validated against the stored dataset first (place, faction and
    /// source ids exist, ids are unique, <c>retracts</c> names an existing earlier record, a retraction has no faction,
    /// every other change has at least one source), then written atomically: all of them or none.
    /// </summary>
    /// <exception cref="DatasetFormatException">A change is invalid; nothing was written.</exception>
    void Append(IReadOnlyList<ControlChange> changes);

    /// <summary>
    /// Appends factions, sources, places and changes in one validated, atomic step (new changes may cite the new
    /// sources and places). Existing records are never modified.
    /// </summary>
    /// <exception cref="DatasetFormatException">A record is invalid; nothing was written.</exception>
    void Append(DatasetAdditions additions);

    /// <summary>Writes a whole dataset into an empty store, validated, in one atomic step.</summary>
    /// <exception cref="InvalidOperationException">The store is not empty.</exception>
    /// <exception cref="DatasetFormatException">The dataset is invalid; nothing was written.</exception>
    void Import(Dataset dataset);
}

/// <summary>Records to append to a dataset in one step. Any list may be empty.</summary>
/// <param name="Factions">New factions.</param>
/// <param name="Sources">New sources.</param>
/// <param name="Places">New places.</param>
/// <param name="Changes">New control changes, in log order.</param>
public sealed record DatasetAdditions(
    IReadOnlyList<Faction> Factions,
    IReadOnlyList<Source> Sources,
    IReadOnlyList<Place> Places,
    IReadOnlyList<ControlChange> Changes)
{
    /// <summary>Additions made of control changes only.</summary>
    public static DatasetAdditions OfChanges(IReadOnlyList<ControlChange> changes) => new([], [], [], changes);

    /// <summary>True when there is nothing to add.</summary>
    public bool IsEmpty => Factions.Count == 0 && Sources.Count == 0 && Places.Count == 0 && Changes.Count == 0;

    /// <summary>The dataset with these records appended after its own.</summary>
    public Dataset ApplyTo(Dataset dataset) => dataset with
    {
        Factions = dataset.Factions.OrEmpty().AddRange(Factions),
        Sources = dataset.Sources.OrEmpty().AddRange(Sources),
        Places = dataset.Places.OrEmpty().AddRange(Places),
        Changes = dataset.Changes.OrEmpty().AddRange(Changes),
    };
}

internal static class ImmutableArrayExtensions
{
    public static ImmutableArray<T> OrEmpty<T>(this ImmutableArray<T> array) => array.IsDefault ? [] : array;
}
