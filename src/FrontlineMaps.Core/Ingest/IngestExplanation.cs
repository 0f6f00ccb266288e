using System.Globalization;
using System.Text;

namespace FrontlineMaps.Core.Ingest;

/// <summary>One cue found in a sentence and what came of it: the facts it gave, or why it gave none.</summary>
/// <param name="Rule">The cue's rule.</param>
/// <param name="Cue">The words.</param>
/// <param name="Clause">The clause the roles were looked for in.</param>
/// <param name="Facts">What it gave (place, faction, kind).</param>
/// <param name="WhyNot">Why it gave nothing, when it did not.</param>
public sealed record CueAnalysis(string Rule, string Cue, string Clause, IReadOnlyList<string> Facts, string? WhyNot);

/// <summary>The analysis of one sentence: the mentions found, the attribution and date, and every cue.</summary>
/// <param name="Index">Sentence number.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Factions">Faction mentions as "words = id".</param>
/// <param name="Places">Place mentions with how each was read (resolved, ambiguous, unresolved, region, site).</param>
/// <param name="Dates">Date mentions as "words = day or range".</param>
/// <param name="Attribution">Confirmed, or claimed and by whom.</param>
/// <param name="NarrativeDate">The date the narrative had reached before the sentence.</param>
/// <param name="Cues">The cues and their outcome.</param>
public sealed record SentenceAnalysis(int Index, string Text, IReadOnlyList<string> Factions, IReadOnlyList<string> Places,
    IReadOnlyList<string> Dates, string Attribution, string? NarrativeDate, List<CueAnalysis> Cues);

/// <summary>What <c>frontline ingest --explain</c> prints: for each sentence the clause analysis and why a fact was or was not emitted.</summary>
public sealed class IngestExplanation
{
    /// <summary>The sentences in order.</summary>
    public List<SentenceAnalysis> Sentences { get; } = [];

    /// <summary>Notes on the whole report (denials, corroboration, deduplication).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Plain text, one block per sentence; sentences without faction, place or cue are summarised in one line.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var s in Sentences)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[{s.Index}] {s.Text}\n");
            if (s.Factions.Count == 0 && s.Places.Count == 0 && s.Cues.Count == 0) { sb.Append("    (no faction, place or cue)\n\n"); continue; }
            if (s.Factions.Count > 0) sb.Append("    factions: ").AppendJoin("; ", s.Factions).Append('\n');
            if (s.Places.Count > 0) sb.Append("    places:   ").AppendJoin("; ", s.Places).Append('\n');
            if (s.Dates.Count > 0) sb.Append("    dates:    ").AppendJoin("; ", s.Dates).Append('\n');
            sb.Append("    said:     ").Append(s.Attribution).Append(s.NarrativeDate is null ? "" : $"   (narrative date before: {s.NarrativeDate})").Append('\n');
            if (s.Cues.Count == 0) sb.Append("    no cue: nothing here changes control (no capture, hold, entry, withdrawal or fall)\n");
            foreach (var c in s.Cues)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    cue {c.Rule} \"{c.Cue}\" in clause \"{c.Clause}\"\n");
                foreach (var f in c.Facts) sb.Append("      => ").Append(f).Append('\n');
                if (c.WhyNot is not null) sb.Append("      no fact: ").Append(c.WhyNot).Append('\n');
            }
            sb.Append('\n');
        }
        foreach (var n in Notes) sb.Append("note: ").Append(n).Append('\n');
        return sb.ToString();
    }
}
