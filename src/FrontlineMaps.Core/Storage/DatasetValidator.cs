using System.Runtime.CompilerServices;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The rules every dataset must keep, whichever store it lives in: ids present and unique, every reference resolves
/// (change to place, faction and source; <c>retracts</c> to an earlier change; faction parent, allies and successor),
/// a retraction names no faction and names what it retracts, every other change cites at least one source, colours
/// are <c>#rrggbb</c>, coordinates are in range, ranges end after they start, optional texts are absent rather than
/// empty, texts hold no control characters but tab and newline (<see cref="FreeText"/>), source URLs are absolute http(s)
/// URIs (<see cref="SourceUrl"/>). Problems are reported as <see cref="DatasetFormatException"/> naming file, line and field as the file format
/// spells them.
/// </summary>
public static partial class DatasetValidator
{
    // The ids of each dataset a store handed out, validated (by reference: a store returns the same Dataset object while its
    // content is unchanged), so that checking additions to it costs the additions, not the dataset. Dropped with the dataset.
    private static readonly ConditionalWeakTable<Dataset, ValidatedIds> KnownIds = new();

    /// <summary>Remembers that <paramref name="dataset"/> is valid and that <paramref name="ids"/> are its ids (never changed afterwards).</summary>
    internal static void Remember(Dataset dataset, ValidatedIds ids) => KnownIds.AddOrUpdate(dataset, ids);

    /// <summary>Validates a whole dataset; locations are those the canonical writer would give each record.</summary>
    /// <exception cref="DatasetFormatException">The first problem found.</exception>
    public static void Validate(Dataset dataset) => Validate(dataset, DatasetLayout.Canonical);

    /// <summary>Validates <paramref name="additions"/> as appended to <paramref name="dataset"/>.</summary>
    /// <exception cref="DatasetFormatException">The first problem found.</exception>
    public static void ValidateAppend(Dataset dataset, DatasetAdditions additions) => Validate(additions.ApplyTo(dataset));

    /// <summary>
    /// Validates <paramref name="additions"/> as appended to <paramref name="dataset"/>, locating problems by position in the
    /// additions: <see cref="DatasetFormatException.File"/> is <c>factions</c>, <c>sources</c>, <c>places</c> or <c>changes</c> and
    /// <see cref="DatasetFormatException.Line"/> the 1-based index of the added record (0 for a problem in an existing record).
    /// </summary>
    /// <remarks>For a dataset a store loaded (validated, with the index of its ids kept), only the additions are checked, against
    /// that index: the same verdict and messages as validating the whole, at the cost of the additions. Any other dataset is
    /// validated whole.</remarks>
    /// <exception cref="DatasetFormatException">The first problem found.</exception>
    public static void ValidateAdditions(Dataset dataset, DatasetAdditions additions)
    {
        int Existing(RecordSet set) => set switch
        {
            RecordSet.Factions => dataset.Factions.OrEmpty().Length,
            RecordSet.Sources => dataset.Sources.OrEmpty().Length,
            RecordSet.Places => dataset.Places.OrEmpty().Length,
            RecordSet.Changes => dataset.Changes.OrEmpty().Length,
            _ => int.MaxValue,
        };
        RecordLocator locate = (set, index, _) => (set.ToString().ToLowerInvariant(), index >= Existing(set) ? index - Existing(set) + 1 : 0);
        if (KnownIds.TryGetValue(dataset, out var ids))
            ValidateAdditions(ids, additions.ApplyTo(dataset), additions, locate);
        else
            Validate(additions.ApplyTo(dataset), locate);
    }

    internal static void Validate(Dataset dataset, RecordLocator locate) => ValidateWithIds(dataset, locate);

    /// <summary>Validates a whole dataset and returns the index of its ids, for <see cref="ValidateAdditions(ValidatedIds, Dataset, DatasetAdditions, RecordLocator, bool)"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="locate">Where a record lives, for messages.</param>
    /// <param name="stored">True when the records are read back from a store that accepted them: the rules for text and URLs
    /// that are newer than some stores (<see cref="FreeText"/>, <see cref="SourceUrl"/>) are not applied, so an existing store
    /// still opens; writers of XML, HTML and CSV cope with what it holds.</param>
    internal static ValidatedIds ValidateWithIds(Dataset dataset, RecordLocator locate, bool stored = false)
    {
        var run = new Run(locate, null, stored);
        run.Validate(dataset);
        return run.Ids;
    }

    /// <summary>
    /// Validates <paramref name="additions"/> as appended to a dataset already validated (whose ids are
    /// <paramref name="ids"/>), checking only the new records: the rules are per record plus id lookups, so this is
    /// equivalent to validating the combined dataset, at the cost of the additions instead of the whole.
    /// </summary>
    /// <param name="ids">The ids of the dataset the additions are appended to.</param>
    /// <param name="combined">That dataset with the additions applied (<see cref="DatasetAdditions.ApplyTo"/>): rules that look
    /// at another record (a retraction's target) find it there by the index <paramref name="ids"/> gives.</param>
    /// <param name="additions">The records to check.</param>
    /// <param name="locate">Where a record lives, for messages; new records are numbered after the existing ones.</param>
    /// <returns>The ids of the combined dataset (<paramref name="ids"/> is left unchanged).</returns>
    /// <param name="stored">As for <see cref="ValidateWithIds"/>: true for records another process has already written.</param>
    internal static ValidatedIds ValidateAdditions(ValidatedIds ids, Dataset combined, DatasetAdditions additions, RecordLocator locate, bool stored = false)
    {
        var run = new Run(locate, ids, stored);
        run.ValidateAdditions(additions, combined.Factions.OrEmpty(), combined.Changes.OrEmpty());
        return run.Ids;
    }

    /// <summary>Each record set's ids with their index, as a validation run collected them.</summary>
    internal sealed class ValidatedIds
    {
        internal ValidatedIds(ValidatedIds? from)
        {
            // Layered over the ids given (never changed afterwards), not copied: a copy was ~10 ms and ~40 MB for a million ids,
            // twice per write.
            Factions = from is null ? new() : new(from.Factions);
            Sources = from is null ? new() : new(from.Sources);
            Places = from is null ? new() : new(from.Places);
            Changes = from is null ? new() : new(from.Changes);
            Retracted = from is null ? new() : new(from.Retracted);
            StandingRetractions = from is null ? new() : new(from.StandingRetractions);
            ConfirmedBy = from is null ? new() : new(from.ConfirmedBy);
        }

        internal LayeredMap<int> Factions { get; }
        internal LayeredMap<int> Sources { get; }
        internal LayeredMap<int> Places { get; }
        internal LayeredMap<int> Changes { get; }

        /// <summary>The ids of the changes retracted as the whole log stands: some record retracts them and is not itself
        /// retracted (the review rules refuse to review them).</summary>
        internal LayeredSet Retracted { get; }

        /// <summary>Per retracted id, how many records retract it and are not themselves retracted (at least 1 for every id in
        /// <see cref="Retracted"/>; absent when 0).</summary>
        internal LayeredMap<int> StandingRetractions { get; }

        /// <summary>Each claim confirmed by a review, with the id of the confirming review (a second confirmation is refused
        /// unless that review was retracted).</summary>
        internal LayeredMap<string> ConfirmedBy { get; }
    }

}
