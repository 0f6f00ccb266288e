using System.Collections.Immutable;

namespace FrontlineMaps.Core.Ingest;

/// <summary>What a report is: needed to resolve its relative dates and to cite it.</summary>
/// <param name="Published">Publication date: "on Wednesday", "a week ago" and dates without a year resolve against it.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Title">Its title.</param>
/// <param name="Url">Where it can be read.</param>
public sealed record ReportInfo(DateOnly Published, string? Publisher = null, string? Title = null, string? Url = null);

/// <summary>A place a fact may be about.</summary>
/// <param name="Id">Place id in the gazetteer.</param>
/// <param name="Name">Its preferred name.</param>
/// <param name="Lon">Longitude.</param>
/// <param name="Lat">Latitude.</param>
/// <param name="Governorate">Governorate, where known.</param>
/// <param name="Score">How well the name matched and fitted the context (higher is better).</param>
public sealed record PlaceCandidate(string Id, string Name, double Lon, double Lat, string? Governorate, double Score);

/// <summary>
/// A control fact a report states or implies, for an editor to review: who (faction) did what (kind) to which place
/// when, how firmly (status, claimant), the evidence (character offsets into the report) and how sure the ingester is.
/// </summary>
/// <param name="PlaceText">The place as the report writes it.</param>
/// <param name="PlaceStart">Offset of the place name in the report.</param>
/// <param name="PlaceEnd">Offset just past it.</param>
/// <param name="Resolution">resolved (one place chosen), ambiguous (several fit; see candidates) or unresolved (no gazetteer entry).</param>
/// <param name="Place">The chosen place when resolved.</param>
/// <param name="Candidates">The places the name could be, best first (at most five).</param>
/// <param name="FactionId">The faction, resolved through its aliases.</param>
/// <param name="FactionText">The words that named it ("Assad's forces", "militants" when taken from context).</param>
/// <param name="Kind">capture, hold or contested.</param>
/// <param name="DateFrom">First day the fact may be dated.</param>
/// <param name="DateTo">Last day (inclusive); equal to <paramref name="DateFrom"/> when the report gives one day.</param>
/// <param name="DateBasis">How the date was found: explicit (in the sentence), context (carried from earlier), vague, publication.</param>
/// <param name="Status">confirmed (stated as fact) or claimed (attributed or hedged).</param>
/// <param name="Claimant">Who claims it, when the report says.</param>
/// <param name="EvidenceStart">Offset of the sentence that states the fact.</param>
/// <param name="EvidenceEnd">Offset just past it.</param>
/// <param name="Cue">The words that triggered the rule.</param>
/// <param name="Rule">The rule that produced the fact.</param>
/// <param name="Confidence">In (0, 1]: the rule's reliability times the certainty of place and date.</param>
/// <param name="Near">For a site no gazetteer holds (a base, airport, dam, hill, city district), the nearest place the report names: a hint for the editor.</param>
public sealed record CandidateFact(
    string PlaceText,
    int PlaceStart,
    int PlaceEnd,
    string Resolution,
    PlaceCandidate? Place,
    ImmutableArray<PlaceCandidate> Candidates,
    string FactionId,
    string FactionText,
    string Kind,
    DateOnly DateFrom,
    DateOnly DateTo,
    string DateBasis,
    string Status,
    string? Claimant,
    int EvidenceStart,
    int EvidenceEnd,
    string Cue,
    string Rule,
    double Confidence,
    PlaceCandidate? Near = null)
{
    /// <summary>True when the date is one day.</summary>
    public bool IsExactDate => DateFrom == DateTo;
}

/// <summary>The result of ingesting one report.</summary>
/// <param name="Report">The report's metadata.</param>
/// <param name="Facts">The candidate facts, in the order of their evidence.</param>
public sealed record IngestResult(ReportInfo Report, ImmutableArray<CandidateFact> Facts);
