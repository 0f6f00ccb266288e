using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>A name in a report that may be a place: its span, its gazetteer matches, whether it is used as a region, and the place chosen for it.</summary>
internal sealed class PlaceMention(int start, int end, string text, int sentence)
{
    public int Start { get; } = start;
    public int End { get; } = end;
    public string Text { get; } = text;
    public int Sentence { get; } = sentence;
    public List<PlaceMatch> Matches { get; init; } = [];
    public bool IsRegion { get; init; }
    public string? Governorate { get; init; }
    public PlaceCandidate? Chosen { get; set; }
    public ImmutableArray<PlaceCandidate> Candidates { get; set; } = [];
    public string Resolution { get; set; } = "unresolved";
        /// <summary>A site no gazetteer holds (a base, airport, dam, hill, city district): emitted unresolved with a hint.</summary>
    public bool IsSite { get; init; }
        /// <summary>For a site, its name without the site word ("Kuweires" of "Kuweires airbase").</summary>
    public string? SiteName { get; init; }
        /// <summary>For a site, the nearest place the report names (or the place its name matches).</summary>
    public PlaceCandidate? Near { get; set; }
    /// <summary>For a reference ("the town", "its capture"), the mention it refers back to.</summary>
    public PlaceMention? Antecedent { get; init; }
}
