using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Ingest;

/// <summary>How a faction was named.</summary>
public enum FactionMentionKind
{
    /// <summary>One of the faction's aliases ("Assad's forces").</summary>
    Alias,
    /// <summary>An adjective before -held, -controlled, -occupied ("rebel-held").</summary>
    Adjective,
    /// <summary>A definite head noun referring back to an alias ("the Front" after "National Front for Liberation").</summary>
    Reference,
    /// <summary>A generic noun resolved from context ("militants", "troops").</summary>
    Generic,
}

/// <summary>A faction named in a report.</summary>
/// <param name="Start">Offset in the report.</param>
/// <param name="End">Offset just past it.</param>
/// <param name="FactionId">The faction.</param>
/// <param name="Text">The words used.</param>
/// <param name="Kind">How it was named.</param>
/// <param name="Antecedent">For a reference or a generic noun, the alias it refers back to.</param>
public sealed record FactionMention(int Start, int End, string FactionId, string Text, FactionMentionKind Kind, string? Antecedent = null);

/// <summary>
/// Finds the factions a report names: by alias (longest first; short all-capital aliases such as IS or SDF only in capitals),
/// by adjective ("rebel-held", "Turkish-occupied"), by a definite head noun referring back ("the Front"), and by generic
/// nouns resolved to the most recent faction of the right sort ("militants" to the latest non-state faction, "troops" to
/// the latest state army).
/// </summary>
public sealed partial class FactionMentions
{
    private readonly List<(string Alias, string Id, Regex Pattern)> _aliases = [];
    private readonly HashSet<string> _state = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<Faction> _factions;

    /// <summary>Prepares the alias patterns of <paramref name="factions"/>.</summary>
    public FactionMentions(IReadOnlyList<Faction> factions)
    {
        _factions = factions;
        foreach (var f in factions)
        {
            var aliases = (f.Aliases.IsDefault ? [] : f.Aliases.ToList()).Append(f.Name).Append(f.Id).Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var a in aliases)
            {
                if (a.Length < 2) continue;
                var caps = a.Length <= 5 && a.All(c => !char.IsLetter(c) || char.IsUpper(c));
                var body = Regex.Escape(a).Replace("'", "['’]").Replace("’", "['’]").Replace("\\ ", "\\s+").Replace("-", "[-‑ ]");
                var pattern = new Regex(@"(?<![\p{L}\d])" + body + @"(?![\p{L}\d])", caps ? RegexOptions.CultureInvariant : RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                _aliases.Add((a, f.Id, pattern));
            }
            if (f.Aliases.IsDefault ? false : f.Aliases.Any(a => a.Contains("government", StringComparison.OrdinalIgnoreCase)
                    || a.Contains("regime", StringComparison.OrdinalIgnoreCase) || a.Contains("Armed Forces", StringComparison.OrdinalIgnoreCase)))
                _state.Add(f.Id);
        }
        _aliases.Sort((a, b) => b.Alias.Length.CompareTo(a.Alias.Length));
    }

    /// <summary>Whether a faction is a state's armed forces (it has an alias with "government", "regime" or "Armed Forces").</summary>
    public bool IsState(string factionId) => _state.Contains(factionId);

    /// <summary>Every faction mention in <paramref name="text"/>, in order.</summary>
    public List<FactionMention> Find(string text)
    {
        var found = new List<FactionMention>();
        bool Free(int s, int e) => !found.Any(f => s < f.End && e > f.Start);
        foreach (var (alias, id, pattern) in _aliases)
            foreach (Match m in pattern.Matches(text))
                if (Free(m.Index, m.Index + m.Length)) found.Add(new FactionMention(m.Index, m.Index + m.Length, id, m.Value, FactionMentionKind.Alias));
        foreach (Match m in AdjectiveForm().Matches(text))
        {
            var word = m.Groups["x"];
            if (!Free(word.Index, word.Index + word.Length) && found.FirstOrDefault(f => f.Start <= word.Index && f.End >= word.Index + word.Length) is { } covered)
            {
                // "SDF-held": the alias is already there; mark it as the adjective form.
                found.Remove(covered);
                found.Add(covered with { Kind = FactionMentionKind.Adjective });
                continue;
            }
            if (ResolveAdjective(word.Value) is { } id) found.Add(new FactionMention(word.Index, word.Index + word.Length, id, word.Value, FactionMentionKind.Adjective));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (Match m in HeadReference().Matches(text))
        {
            if (!Free(m.Index, m.Index + m.Length)) continue;
            var head = m.Groups["h"].Value;
            var earlier = found.LastOrDefault(f => f.End <= m.Index && f.Kind == FactionMentionKind.Alias && f.Text.Contains(head, StringComparison.OrdinalIgnoreCase));
            if (earlier is not null) found.Add(new FactionMention(m.Index, m.Index + m.Length, earlier.FactionId, m.Value, FactionMentionKind.Reference, earlier.Text));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        var generic = new List<FactionMention>();
        foreach (Match m in GenericNoun().Matches(text))
        {
            if (!Free(m.Index, m.Index + m.Length)) continue;
            var state = m.Groups["s"].Success;
            var earlier = found.LastOrDefault(f => f.End <= m.Index && IsState(f.FactionId) == state);
            if (earlier is not null) generic.Add(new FactionMention(m.Index, m.Index + m.Length, earlier.FactionId, m.Value, FactionMentionKind.Generic, earlier.Antecedent ?? earlier.Text));
        }
        found.AddRange(generic);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private string? ResolveAdjective(string word)
    {
        foreach (var f in _factions)
        {
            if (f.Aliases.IsDefault) continue;
            foreach (var a in f.Aliases)
            {
                var alias = a.StartsWith("the ", StringComparison.OrdinalIgnoreCase) ? a[4..] : a;
                if (alias.Equals(word, StringComparison.OrdinalIgnoreCase) || alias.Equals(word + "s", StringComparison.OrdinalIgnoreCase)) return f.Id;
            }
        }
        foreach (var f in _factions)
        {
            if (f.Aliases.IsDefault) continue;
            foreach (var a in f.Aliases)
            {
                var words = a.Split(' ');
                if (words.Length == 2 && words[0].Equals(word, StringComparison.OrdinalIgnoreCase)
                    && words[1] is "forces" or "Forces" or "army" or "Army" or "troops" or "military") return f.Id;
            }
        }
        return null;
    }

    [GeneratedRegex(@"(?<![\p{L}-])(?<x>[\p{L}][\p{L}'’]*)-(?:held|controlled|occupied|dominated|run)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AdjectiveForm();

    [GeneratedRegex(@"\b[Tt]he\s+(?<h>Front|Army|Group|Movement|Brigades?|Units|Forces|Council|Party|Organi[sz]ation|Coalition)\b")]
    private static partial Regex HeadReference();

    [GeneratedRegex(@"\b(?:(?<n>militants|terrorists|jihadists|insurgents|fighters|gunmen|extremists|mercenaries)|(?<s>army|troops|soldiers))\b")]
    private static partial Regex GenericNoun();
}
