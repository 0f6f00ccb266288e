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
}
