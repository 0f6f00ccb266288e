using System.Collections.Immutable;
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
/// <param name="Options">The factions the words may mean, with dated validity (empty: <paramref name="FactionId"/> only).</param>
public sealed record FactionMention(int Start, int End, string FactionId, string Text, FactionMentionKind Kind, string? Antecedent = null, ImmutableArray<DatedFaction> Options = default)
{
    /// <summary>The faction the words mean on <paramref name="day"/> in <paramref name="governorate"/> (the dated lexicon decides: the YPG before the SDF's founding, the SDF after).</summary>
    public string On(DateOnly day, string? governorate = null) => FactionLexicon.On(Options, day, governorate) ?? FactionId;
}

/// <summary>
/// Finds the factions a report names: by alias (longest first; short all-capital aliases such as IS or SDF only in capitals),
/// by adjective ("rebel-held", "Turkish-occupied"), by a definite head noun referring back ("the Front"), and by generic
/// nouns resolved to the most recent faction of the right sort ("militants" to the latest non-state faction, "troops" to
/// the latest state army).
/// </summary>
public sealed partial class FactionMentions
{
    private readonly List<(string Alias, ImmutableArray<DatedFaction> Options, Regex Pattern)> _aliases = [];
    private readonly ImmutableArray<DatedFaction> _government;
    private readonly ImmutableArray<DatedFaction> _turkishProxies;
    private readonly Dictionary<string, ImmutableArray<DatedFaction>> _groundHolders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _state = new(StringComparer.Ordinal) { "SAA", "SyrianGov2025", "Turkey", "Russia", "Israel" };

    /// <summary>Prepares the alias patterns of <paramref name="factions"/> and of the <see cref="FactionLexicon"/> entries they can resolve.</summary>
    public FactionMentions(IReadOnlyList<Faction> factions)
    {
        var byId = factions.ToDictionary(f => f.Id, StringComparer.Ordinal);
        // an alias several factions share ("government forces" for the government before and after 2024) is dated by their validity
        var aliasOwners = new Dictionary<string, List<Faction>>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in factions)
        {
            foreach (var a in (f.Aliases.IsDefault ? [] : f.Aliases.ToList()).Append(f.Name).Append(f.Id).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (a.Length < 2) continue;
                if (!aliasOwners.TryGetValue(a, out var owners)) aliasOwners[a] = owners = [];
                owners.Add(f);
            }
            if (f.Aliases.IsDefault ? false : f.Aliases.Any(a => a.Contains("government", StringComparison.OrdinalIgnoreCase)
                    || a.Contains("regime", StringComparison.OrdinalIgnoreCase) || a.Contains("Armed Forces", StringComparison.OrdinalIgnoreCase)))
                _state.Add(f.Id);
        }
        foreach (var (a, owners) in aliasOwners)
        {
            var caps = a.Length <= 5 && a.All(c => !char.IsLetter(c) || char.IsUpper(c));
            var body = Regex.Escape(a).Replace("'", "['’]").Replace("’", "['’]").Replace("\\ ", "\\s+").Replace("-", "[-‑ ]");
            var pattern = new Regex(@"(?<![\p{L}\d])" + body + @"(?![\p{L}\d])", caps ? RegexOptions.CultureInvariant : RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            _aliases.Add((a, [.. owners.Select(o => new DatedFaction(o.Id, o.ValidFrom, o.ValidTo))], pattern));
        }
        _government = FactionLexicon.Resolve(FactionLexicon.Government, byId);
        _turkishProxies = FactionLexicon.Resolve(FactionLexicon.TurkishProxies, byId);
        foreach (var (id, holders) in FactionLexicon.GroundHolders)
            if (FactionLexicon.Resolve(holders, byId) is { IsEmpty: false } resolved) _groundHolders[id] = resolved;
        foreach (var (phrase, targets) in FactionLexicon.Entries)
        {
            var options = FactionLexicon.Resolve(targets, byId);
            if (options.IsEmpty) continue;
            _aliases.Add((phrase, options, new Regex(@"(?<![\p{L}\d])(?:" + phrase + @")(?![\p{L}\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)));
        }
    }

    /// <summary>
    /// Who holds a place <paramref name="f"/> took, held or contested on <paramref name="day"/> in <paramref name="governorate"/>:
    /// the faction the words mean then and there, or for a foreign army the Syrians who hold its ground (<see cref="FactionLexicon.GroundHolders"/>).
    /// </summary>
    public string Holder(FactionMention f, DateOnly day, string? governorate)
    {
        var id = f.On(day, governorate);
        return _groundHolders.TryGetValue(id, out var holders) && FactionLexicon.On(holders, day, governorate) is { } h ? h : id;
    }

    /// <summary>Whether a faction is a state's armed forces (it has an alias with "government", "regime" or "Armed Forces").</summary>
    public bool IsState(string factionId) => _state.Contains(factionId);

    /// <summary>Every faction mention in <paramref name="text"/>, in order; <paramref name="published"/> picks among dated meanings until the fact's own date is known.</summary>
    public List<FactionMention> Find(string text, DateOnly published)
    {
        var found = new List<FactionMention>();
        bool Free(int s, int e) => !found.Any(f => s < f.End && e > f.Start);
        // longest match first over the dataset's aliases and the lexicon; on equal spans the dataset's alias wins (listed first)
        var all = new List<(int Start, int Length, int Order, ImmutableArray<DatedFaction> Options, string Text)>();
        for (var i = 0; i < _aliases.Count; i++)
            foreach (Match m in _aliases[i].Pattern.Matches(text))
                all.Add((m.Index, m.Length, i, _aliases[i].Options, m.Value));
        all.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));
        foreach (var m in all)
        {
            if (!Free(m.Start, m.Start + m.Length)) continue;
            // the same words in the catalogue and in the lexicon: the catalogue's meanings first, then the lexicon's dated ones
            var merged = m.Options.AddRange(all.Where(o => o.Start == m.Start && o.Length == m.Length && o.Order != m.Order)
                .SelectMany(o => o.Options).Where(o => !m.Options.Contains(o)));
            // a dated meaning ("rebels" of the 2024 offensive) goes before an undated one, which then covers the other days
            // a regional meaning (the rebels of the south in 2024) goes first of all: it applies only where the fact's place is
            var options = merged.Where(o => o.In is not null).Concat(merged.Where(o => o.In is null && (o.From is not null || o.To is not null)))
                .Concat(merged.Where(o => o.In is null && o.From is null && o.To is null)).ToImmutableArray();
            found.Add(new FactionMention(m.Start, m.Start + m.Length, FactionLexicon.On(options, published)!, m.Text, FactionMentionKind.Alias, Options: options));
        }
        foreach (Match m in AdjectiveForm().Matches(text))
        {
            var word = m.Groups["x"];
            if (!Free(word.Index, word.Index + word.Length) && found.FirstOrDefault(f => f.Start <= word.Index && f.End >= word.Index + word.Length) is { } covered)
            {
                // "SDF-held": the alias is already there; mark it as the adjective form.
                found.Remove(covered);
                // "Turkey-controlled Azaz": held on the ground by the factions Turkey backs, as "Turkish-held"
                var proxies = ResolveAdjective(word.Value) is { } o && o == _turkishProxies ? o : (ImmutableArray<DatedFaction>?)null;
                found.Add(proxies is { } px ? new FactionMention(covered.Start, covered.End, FactionLexicon.On(px, published)!, covered.Text, FactionMentionKind.Adjective, Options: px)
                    : covered with { Kind = FactionMentionKind.Adjective });
                continue;
            }
            if (ResolveAdjective(word.Value) is { } options)
                found.Add(new FactionMention(word.Index, word.Index + word.Length, FactionLexicon.On(options, published)!, word.Value, FactionMentionKind.Adjective, Options: options));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        ResolveReferences(text, found, published);
        return found;
    }

    private ImmutableArray<DatedFaction>? ResolveAdjective(string word)
    {
        // Turkey's zones are garrisoned by the Syrian factions it backs: "Turkish-occupied al-Bab" is held by the SNA
        if (word is "Turkish" or "Turkey" or "Ankara" && !_turkishProxies.IsEmpty) return _turkishProxies;
        // "SDF-held" is caught as the alias itself; here "rebel-held", "regime-held", "Kurdish-held"
        foreach (var candidate in new[] { word, word + "s", word + " forces" })
            foreach (var (_, options, pattern) in _aliases)
                if (pattern.Match(candidate) is { Success: true } m && m.Index == 0 && m.Length == candidate.Length) return options;
        return null;
    }

    [GeneratedRegex(@"(?<![\p{L}-])(?<x>[\p{L}][\p{L}'’]*)-(?:held|controlled|occupied|dominated|run)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AdjectiveForm();
}
