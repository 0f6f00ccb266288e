using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// Assigns the roles of a cue in its clause: the agent (the faction that acts), the places taken or held (lists expanded),
/// and for attempts and repelled attacks the defender. A place introduced by "near", "towards", "outskirts of", or named as
/// a front, road or base, is not a place taken; negation and modality before the cue cancel it.
/// </summary>
internal sealed partial class RoleAnalyzer(IReadOnlyDictionary<string, HashSet<string>> allies)
{

    /// <summary>The facts a cue at [<paramref name="ts"/>, <paramref name="te"/>) states: place, faction, kind, cue words, reliability; <paramref name="why"/> says why there are none.</summary>
    public List<(PlaceMention Place, FactionMention Faction, string Kind, string Cue, double Confidence)> Apply(
        Trigger trigger, string text, Sentence s, int ts, int te, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        List<PlaceMention> allPlaces, Discourse d, out string why)
    {
        var reason = new Reason();
        var result = Roles(trigger, text, s, ts, te, sPlaces, sFactions, allPlaces, d, reason);
        why = result.Count > 0 ? "" : reason.Text ?? "no usable place in the cue's clause (regions, places near or towards, fronts and roads do not count)";
        return result;
    }

    private sealed class Reason
    {
        public string? Text { get; set; }
    }

    private List<(PlaceMention Place, FactionMention Faction, string Kind, string Cue, double Confidence)> Roles(
        Trigger trigger, string text, Sentence s, int ts, int te, List<PlaceMention> sPlaces, List<FactionMention> sFactions,
        List<PlaceMention> allPlaces, Discourse d, Reason why)
    {
        var result = new List<(PlaceMention, FactionMention, string, string, double)>();
        List<(PlaceMention, FactionMention, string, string, double)> Fail(string r) { why.Text = r; return result; }
        var cue = text[ts..te].Trim();
        var local = ts - s.Start;
        var before = s.Text[..local];
        // "were forced to withdraw from P" happened; "tried to", "will", "did not" did not
        var negated = NegatedBefore().IsMatch(before) && !ForcedTo().IsMatch(before) && trigger.Mode is not (CueMode.Attempt or CueMode.Repel or CueMode.State or CueMode.Participle or CueMode.Adjective);
        if (negated && trigger.Mode is not (CueMode.Passive or CueMode.AgentlessPassive)) return Fail("negated or modal before the cue");
        if (trigger.Mode is CueMode.Passive or CueMode.AgentlessPassive && NegatedRightBefore().IsMatch(before)) return Fail("negated or modal before the cue");
        var clauseStart = Clauses.Start(s, local);
        var clauseEnd = Clauses.End(s, local + (te - ts));
        if (NotAnEvent(trigger, cue, s.Text[clauseStart..local]) is { } notEvent) return Fail(notEvent);
        var kind = trigger.Kind;
        var conf = trigger.Confidence;

        FactionMention? Agent()
        {
            // the nearest faction before the trigger in the sentence that is not inside a prepositional phrase
            foreach (var f in sFactions.Where(f => f.End <= ts).Reverse())
            {
                var pre = text[Math.Max(s.Start, f.Start - 14)..f.Start];
                // "fighters of the SDF captured P": the group is the agent, not a prepositional object
                if (MembersOf().IsMatch(text[Math.Max(s.Start, f.Start - 40)..f.Start])) return f;
                if (PrepositionBefore().IsMatch(pre)
                    && !AndBefore().IsMatch(pre)) continue;
                if (f.Kind == FactionMentionKind.Adjective) continue;
                // "the SDF - a coalition of Kurdish and Arab rebel groups - gained control": an appositive describes, it does not act
                if (AppositiveOpen().IsMatch(text[Math.Max(s.Start, f.Start - 80)..f.Start]) && AppositiveClose().IsMatch(text[f.End..ts])) continue;
                // "A attacked B's positions and seized P": B is the object of a verb, not the one seizing
                if (ObjectOfVerbBefore().IsMatch(text[Math.Max(s.Start, f.Start - 30)..f.Start])) continue;
                if (BackedAfter().IsMatch(text[f.End..Math.Min(text.Length, f.End + 12)])) continue;
                return FactionMentions.FirstConjunct(text, sFactions, f);
            }
            // "After capturing P, A pushed on": the subject of the main clause after the participle's comma
            if (ParticipleOpening().IsMatch(s.Text[..local]) && sFactions.FirstOrDefault(f => f.Start > te && f.Kind != FactionMentionKind.Adjective) is { } later
                && text[te..later.Start].Contains(',', StringComparison.Ordinal) && !text[te..later.Start].Contains(';', StringComparison.Ordinal))
                return later;
            return null;
        }
        FactionMention? After(int from, int to) => sFactions.FirstOrDefault(f => f.Start >= from && f.Start < to);

        List<PlaceMention> Objects(int from, int to, bool requireNear)
        {
            var list = new List<PlaceMention>();
            var located = false; // "several villages in P": P only locates the object; "..., including Q" may still name what was taken
            var ownFrom = requireNear && CueEndsInFrom().IsMatch(text[Math.Max(s.Start, from - 12)..from]); // "expelled A from P": "from" is the cue's
            foreach (var p in sPlaces.Where(p => p.Start >= from && p.End <= to).OrderBy(p => p.Start))
            {
                if (requireNear && list.Count == 0)
                {
                    var gap = text[from..p.Start];
                    if (gap.Length > 110 || OtherVerb().IsMatch(gap)) break;
                    if (located && !IncludingRightBefore().IsMatch(gap)) break;
                    if (!located && ThingInPlace(gap)) { located = true; continue; }
                }
                // the object is the first place after the verb: one that is no place taken ("villages near P") ends the search
                var locative = !(ownFrom && list.Count == 0 && TownOfOnly().IsMatch(text[from..p.Start]));
                // a list the report introduces as settlements ("the villages of A, B, ... and K") goes on through names no gazetteer knows
                var listed = requireNear && list.Count > 0 && SettlementList(text, s, list[0]) && ListGap().IsMatch(text[list[^1].End..p.Start]);
                if (!Usable(text, p, s, locative, possessivePart: requireNear, listed)) { if (requireNear && !p.IsRegion) break; continue; }
                // a list goes on through commas and "and" ("A, B and the village of C"), not through an appositive or a clause
                if (requireNear && list.Count > 0 && !ListGap().IsMatch(text[list[^1].End..p.Start])) break;
                list.Add(p);
            }
            return list;
        }

        switch (trigger.Mode)
        {
            case CueMode.Active:
            {
                var agent = Agent();
                if (agent is null) return Fail("no agent in the clause");
                var objectEnd = s.Start + clauseEnd;
                var objects = Objects(te, objectEnd, requireNear: true);
                if (objects.Count == 0 && PronounOrTownAfter().IsMatch(text[te..Math.Min(objectEnd, te + 20)]) && d.LastFactPlace is not null)
                    objects = [d.LastFactPlace];
                if (objects.Count == 0 && Clauses.RelativeBefore().Match(s.Text[..local]) is { Success: true } rel)
                {
                    // "P and Q, which A captured ...": the relative pronoun's antecedents are the places just before it
                    var relStart = s.Start + rel.Index;
                    var last = sPlaces.LastOrDefault(p => p.End <= relStart && string.IsNullOrWhiteSpace(text[p.End..relStart]));
                    // the antecedent may sit in a locative phrase ("20 km south of P, which A captured"): the relative clause is about P itself
                    if (last is not null && Usable(text, last, s, locative: false))
                        objects = [.. sPlaces.Where(p => p.End <= relStart && Usable(text, p, s, locative: false) && (p == last || ListBetween().IsMatch(text[p.End..last.Start])))];
                    var subjectAgent = sFactions.LastOrDefault(f => f.End <= (objects.FirstOrDefault()?.Start ?? relStart) && f.Kind != FactionMentionKind.Adjective);
                    if (PronounSubjectBefore().IsMatch(text[(relStart)..ts]) && subjectAgent is not null) agent = subjectAgent;
                }
                foreach (var p in objects)
                    if (ActiveKind(trigger, cue, text, s, te, p, clauseStart, clauseEnd) is { } k) result.Add((p, agent, k, cue, conf));
                break;
            }
            case CueMode.Passive or CueMode.FellTo:
            {
                var agent = After(te - 3, s.End);
                if (agent is null) return Fail("no agent in the clause");
                var subject = RelativeAntecedent(text, s, sPlaces, ts) ?? Objects(s.Start + clauseStart, ts, requireNear: false);
                foreach (var p in subject) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case CueMode.State:
            {
                var agent = After(ts, te + 30) ?? (sFactions.LastOrDefault(f => f.End <= ts && f.Kind == FactionMentionKind.Adjective));
                if (agent is null) return Fail("no agent in the clause");
                var subject = Objects(s.Start + clauseStart, ts, requireNear: false);
                if (trigger.Name == "under-control-of")
                {
                    // "P, held by A" / "P is under the control of A": the place (or list) right before; else "under the control of A: P"
                    var last = subject.LastOrDefault();
                    subject = last is not null && DirectlyBefore().IsMatch(text[last.End..ts]) ? subject.Where(p => p == last || ListBetween().IsMatch(text[p.End..last.Start])).ToList() : [];
                    if (subject.Count == 0 && ControlOfEnd().IsMatch(text[ts..te]))
                        subject = Objects(agent.End, s.Start + clauseEnd, requireNear: true).Where(p => ListIntroAfter().IsMatch(text[agent.End..p.Start])).ToList();
                }
                foreach (var p in subject) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case CueMode.Participle:
            {
                var agent = After(te - 3, s.End);
                if (agent is null) return Fail("no agent in the clause");
                var after = Objects(agent.End, s.End, requireNear: false)
                    .Where(p => IncludeWord().IsMatch(text[agent.End..p.Start])).ToList();
                // "among the areas captured by A were P, Q" tells the captures; "the areas taken by A include P" (present) and "held by A" tell a state
                var listKind = TakenVerb().IsMatch(cue) && after.Count > 0 && PastListVerb().IsMatch(text[agent.End..after[0].Start]) ? "capture" : kind;
                foreach (var p in after) result.Add((p, agent, listKind, cue, conf));
                break;
            }
            case CueMode.Adjective:
            {
                // "Islamic State-held": the faction's name may begin before the cue's last word
                var agent = sFactions.FirstOrDefault(f => f.End > ts && f.Start < te);
                if (agent is null) return Fail("no agent in the clause");
                // "the A-held town of P", "A-held P and Q", "A-held areas such as P and Q"; a state holds wherever the phrase stands ("near the rebel-held town of P")
                var next = sPlaces.FirstOrDefault(p => p.Start == te || p.Start > te && (string.IsNullOrWhiteSpace(text[te..p.Start]) || HeldAreasSuchAs().IsMatch(text[te..p.Start])));
                // "P, the last A-held town in the province": the appositive's head
                if (next is null)
                    next = sPlaces.LastOrDefault(p => p.End <= agent.Start && AppositiveHeldBefore().IsMatch(text[p.End..Math.Min(agent.Start, ts)]));
                if (next is null || !Usable(text, next, s, locative: false)) break;
                // "rebel-held eastern Aleppo" is a part of the city, not the city
                if (next.Start >= te && PartOfPlace().IsMatch(text[te..next.Start] + next.Text)) break;
                var held = new List<PlaceMention> { next };
                foreach (var p in sPlaces.Where(p => p.Start > next.End && p.End <= s.Start + clauseEnd).OrderBy(p => p.Start))
                {
                    if (!ListGap().IsMatch(text[held[^1].End..p.Start]) || !Usable(text, p, s, locative: false, listed: SettlementList(text, s, held[0]))) break;
                    held.Add(p);
                }
                foreach (var p in held) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case CueMode.Repel:
            {
                var agent = Agent();
                if (agent is null) return Fail("no agent in the clause");
                var objects = Objects(te, s.Start + clauseEnd, requireNear: false)
                    .Where(p => AttackWord().IsMatch(text[te..p.Start]) && !OtherVerb().IsMatch(text[te..p.Start])).ToList();
                if (objects.Count == 0)
                {
                    // "repelled the attack": the place attacked in this or the previous two sentences
                    var target = allPlaces.Where(p => p.End <= ts && p.Sentence >= s.Index - 2 && Usable(text, p, null))
                        .LastOrDefault(p => AttackOn().IsMatch(text[Math.Max(0, p.Start - 60)..p.Start]) && AttackOnRightBefore().IsMatch(text[Math.Max(0, p.Start - 60)..p.Start]));
                    if (target is not null && AttackNounAfter().IsMatch(text[te..Math.Min(text.Length, te + 40)]))
                        objects = [target];
                }
                foreach (var p in objects) result.Add((p, agent, kind, cue, conf));
                break;
            }
            case CueMode.Attempt:
            {
                var attacker = sFactions.LastOrDefault(f => f.Start >= ts && f.End <= te) ?? Agent();
                if (attacker is null) return Fail("no attacker");
                var defender = Adversary(attacker.FactionId, d.Counts);
                if (defender is null) return Fail("no adversary of the attacker in the report");
                var objects = Objects(te, s.Start + Clauses.End(s, te - s.Start, allowComma: true), requireNear: true);
                var mention = new FactionMention(attacker.Start, attacker.End, defender, $"adversary of {attacker.Text}", FactionMentionKind.Generic);
                foreach (var p in objects) result.Add((p, mention, kind, cue, conf));
                break;
            }
            case CueMode.TakenList:
                TakenList(trigger, text, s, ts, te, sPlaces, sFactions, d, result, Agent, why);
                break;
            case CueMode.Stronghold:
                Stronghold(trigger, text, s, ts, te, clauseStart, clauseEnd, sPlaces, sFactions, result, why);
                break;
            case CueMode.SiegeBroken:
                SiegeBroken(trigger, text, s, ts, te, clauseEnd, sPlaces, result, Agent, why);
                break;
            case CueMode.Besieged or CueMode.HeldPhrase or CueMode.Positions or CueMode.WithdrewTo:
                PassingHold(trigger, text, s, ts, te, clauseStart, clauseEnd, sPlaces, sFactions, d, result, Agent, why);
                break;
            case CueMode.Nominal:
                Nominal(trigger, text, s, ts, te, sPlaces, sFactions, d, result, Agent, Objects, why);
                break;
            case CueMode.AgentlessPassive or CueMode.Fell:
                Agentless(trigger, text, s, ts, te, clauseStart, sFactions, d, result, Objects, why);
                break;
            case CueMode.Fighting:
                Fighting(trigger, text, s, ts, te, clauseEnd, sPlaces, sFactions, d, result, why);
                break;
            case CueMode.Withdraw:
                Withdraw(trigger, text, s, ts, te, clauseEnd, sPlaces, sFactions, d, result, Agent, Objects, why);
                break;
        }
        return result;
    }

    internal string? Adversary(string attacker, Dictionary<string, (int Count, int First)> counts)
    {
        var friends = allies.GetValueOrDefault(attacker) ?? [];
        return counts.Where(kv => kv.Key != attacker && !friends.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Select(kv => kv.Key).FirstOrDefault();
    }

    internal static bool SettlementList(string text, Sentence? s, PlaceMention first) =>
        SettlementBefore().IsMatch(text[Math.Max(s?.Start ?? 0, first.Start - 100)..first.Start]);

    internal static bool Usable(string text, PlaceMention p, Sentence? s, bool locative = true, bool possessivePart = false, bool listed = false)
    {
        if (p.IsRegion) return false;
        if (p.IsSite) return !LocativeBefore().IsMatch(text[Math.Max(s?.Start ?? 0, p.Start - 60)..p.Start]);
        var lineStart = s?.Start ?? 0;
        var before = text[Math.Max(lineStart, p.Start - 60)..p.Start];
        // a name no gazetteer knows is taken for a place only when the report calls it one ("the village of Jehbel")
        if (p.Matches.Count == 0 && !listed && !SettlementBefore().IsMatch(text[Math.Max(lineStart, p.Start - 100)..p.Start])) return false;
        if (locative && LocativeBefore().IsMatch(before)) return false;
        var after = text[p.End..Math.Min(text.Length, p.End + 120)];
        if (FrontAfter().IsMatch(after)) return false;
        if (BasedAfter().IsMatch(after)) return false;
        if (PossessiveAfter().IsMatch(after) && !(possessivePart && PossessivePart().IsMatch(after))) return false; // a possessive names an owner, not a place taken (but "P's districts" are a part of P)
        return true;
    }


    [GeneratedRegex(@"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s+as\s+well\s+as\s+|\s*\([^)]{0,40}\)\s*(?:,\s*|and\s+|,\s*and\s+)?)(?:(?:the\s+)?(?:(?:nearby|neighbou?ring|adjacent|strategic|key)\s+)?(?:towns?|villages?|city|hills?|hamlets?|farms?)\s+of\s+|the\s+)?(?:(?:al|el|ad|as|ar|ash|at|az|ez)[-‑])?$", RegexOptions.IgnoreCase)]
    private static partial Regex ListGap();

    [GeneratedRegex(@"\b(?:attacked|attacking|attack\s+on|shelled|shelling|targeted|targeting|struck|ambushed|besieged|repelled|expelled|killed|killing|defeated|routed|fought|fighting|against)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,1}$", RegexOptions.IgnoreCase)]
    private static partial Regex ObjectOfVerbBefore();

    [GeneratedRegex(@"^\s*(?:After|Since|Following|Upon|On)\s+(?:\w+\s+){0,1}$")]
    private static partial Regex ParticipleOpening();

    [GeneratedRegex(@"\b(?:fighters|members|troops|units|forces|militants|soldiers|elements|gunmen|militiamen|brigades|battalions|alliance|coalition)\s+(?:from|of)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MembersOf();

    [GeneratedRegex(@"\b(?:forced|compelled|obliged|made|(?<!\b(?:not|never|n't)\s+)managed)\s+to\s+(?:\S+\s+){0,1}$", RegexOptions.IgnoreCase)]
    private static partial Regex ForcedTo();

    [GeneratedRegex(@"\b(?:not|never|no\s+longer|n't|failed\s+to|fail\s+to|unable\s+to|without|before\s+(?:they\s+)?could|(?:prevent\w*|stop\w*|block\w*)\s+(?:\S+\s+){0,4}?from|(?:tr(?:y|ied|ies|ying)|attempt\w*|sought|seek\w*|aim\w*|plan\w*|prepar\w*|intend\w*|bid|hop\w*|want\w*|expect\w*|threat\w*|vow\w*|order\w*|push\w*)\s+(?:\S+\s+){0,5}?to(?:\s+\w+\s+and)?|will|would|could|may|might|should|must|as\s+long\s+as|if|unless|whether|in\s+order\s+to|to)\s+(?:\S+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedBefore();

    [GeneratedRegex(@"\b(?:near|nearby(?!\s+(?:towns?|villages?|cit(?:y|ies)|hamlets?)\b)|around|outside|outskirts\s+of|vicinity\s+of|close\s+to|towards?|direction\s+of|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|km|kilomet(?:er|re)s?|miles|road\s+to|road\s+between|between|linking|connecting|(?:highway|motorway|route)\s+(?:to|from)|positions\s+(?:in|of|at)|at\s+the\s+gates\s+of|approaches\s+to|edge\s+of|by|against|from|on\s+the\s+(?:road|highway)|overlook\w*|toward)\s+(?:the\s+)?(?:(?:city|town|village|villages|towns|area|areas|countryside)\s+of\s+)?(?:[\p{L}'’-]+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex LocativeBefore();

    // case-sensitive on purpose: with IgnoreCase \p{Lu} also matches lower case, and ", a town on the road" read as a list of names before "road"
    [GeneratedRegex(@"^(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s*and\s+)(?:(?:al|el|ad|as|ar|ash|at|az|ez)-)?\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:al|el|ad|as|ar|ash|at|az|ez)-)?\p{Lu}[\p{L}'’-]*)*)*\s+(?i:fronts?|axis|axes|front\s?lines?|frontlines?|battlefronts?|road|highway|crossing|dam|airport|airbase|base|junction|roundabout|bridge)\b")]
    private static partial Regex FrontAfter();

    [GeneratedRegex(@"\b(?:kill\w*|shell\w*|bomb\w*|struck|strik\w*|target\w*|hit|ambush\w*|wound\w*|destroy\w*|deploy\w*|establish\w*|sen[dt]|fled|flee\w*|displac\w*|evacuat\w*|besieg\w*|surround\w*|encircl\w*|shot|fir(?:e|ed|ing)\s+(?:at|on))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherVerb();

    [GeneratedRegex(@"\b(?:attack|assault|offensive|advance|push|raid|incursion|infiltration)\s+(?:\w+\s+){0,3}?(?:on|against|towards?|into)\s+(?:the\s+)?(?:(?:village|town|city|villages|towns)\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex AttackOn();

    [GeneratedRegex(@"\b(?:attack|assault|offensive|advance|push|raid|incursion|infiltration)\s+(?:\w+\s+){0,3}?(?:on|against|towards?|into)\s+(?:the\s+)?(?:(?:village|town|city|villages|towns)\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AttackOnRightBefore();

    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:is|are|was|were|remains?|remained|has\s+been|had\s+been)?\s*(?:still\s+|now\s+|firmly\s+|entirely\s+|fully\s+)?,?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DirectlyBefore();

    [GeneratedRegex(@"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+)(?:[^,.;]{0,40}?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+))*$", RegexOptions.IgnoreCase)]
    private static partial Regex ListBetween();

    [GeneratedRegex(@"(?:\b(?:village|town|city|hamlet|settlement|locality|farm)s?\s+of|\bfollowing\s+(?:[\w-]+\s+){0,2}(?:villages|towns|areas|localities|hamlets|farms)\s*:)\s+(?:[^.;:]{0,60}?(?:,|\band)\s+)?(?:(?:al|el|ad|as|ar)-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SettlementBefore();

    [GeneratedRegex(@"\b(?:attack|assault|offensive|advance|attempt|push|raid|incursion|infiltrat|storm)\w*\b", RegexOptions.IgnoreCase)]
    private static partial Regex AttackWord();

    [GeneratedRegex(@"\b(?:not|never|no\s+longer|will|would|could|may|might)\s+(?:\S+\s+){0,1}$", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedRightBefore();

    [GeneratedRegex(@"\b(?:of|on|against|by|with|from|to|between|for|at|and)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PrepositionBefore();

    [GeneratedRegex(@"\band\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AndBefore();

    [GeneratedRegex(@"^[-‑](?:backed|led|affiliated|linked|allied|supported)", RegexOptions.IgnoreCase)]
    private static partial Regex BackedAfter();

    [GeneratedRegex(@"^\s*(?:it|the\s+(?:town|village|city))\b", RegexOptions.IgnoreCase)]
    private static partial Regex PronounOrTownAfter();

    [GeneratedRegex(@"\b(?:they|it|he|she)\s+(?:\S+\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PronounSubjectBefore();

    [GeneratedRegex(@"control\s+of$", RegexOptions.IgnoreCase)]
    private static partial Regex ControlOfEnd();

    [GeneratedRegex(@"^\s*(?:,|:|include|including|are|is|were)", RegexOptions.IgnoreCase)]
    private static partial Regex ListIntroAfter();

    [GeneratedRegex(@"\b(?:include|includes|including|included|are|were|namely|such\s+as)\b|:", RegexOptions.IgnoreCase)]
    private static partial Regex IncludeWord();

    [GeneratedRegex(@"^\s*(?:the|an?|this|that|their|its|multiple|several|repeated)?\s*(?:\w+\s+){0,2}(?:attack|assault|offensive|advance|attempt)", RegexOptions.IgnoreCase)]
    private static partial Regex AttackNounAfter();

    [GeneratedRegex(@"^[-‑](?:backed|led|based|affiliated)", RegexOptions.IgnoreCase)]
    private static partial Regex BasedAfter();

    [GeneratedRegex(@"^\s*(?:areas|parts|towns|villages|neighbo(?:u)?rhoods|districts|territory|territories|pockets|enclaves?)\s+(?:(?:of|in)\s+[^,.;]{0,40}?\s+)?(?:such\s+as|including|like|of)\s+(?:the\s+)?(?:(?:town|village|city)s?\s+of\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HeldAreasSuchAs();

    [GeneratedRegex(@"^\s*,\s*(?:(?:which|that)\s+(?:is|was|remains)\s+)?(?:the|a|an|its)\s+(?:(?:last|only|main|largest|biggest|key|remaining|major|final|strategic)\s+)*(?:remaining\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AppositiveHeldBefore();

    [GeneratedRegex(@"^\s*(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?|parts?\s+of|outskirts\s+of|half\s+of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartOfPlace();

    [GeneratedRegex(@"\b(?:(?:re)?taken|(?:re)?captured|seized|liberated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TakenVerb();

    [GeneratedRegex(@"\b(?:were|included)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastListVerb();

    [GeneratedRegex(@"(?:\s[-–—]\s|,\s*)(?:a|an|the)\s[^-–—,;.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex AppositiveOpen();

    [GeneratedRegex(@"^[^-–—,;.]*(?:\s[-–—]\s|,)", RegexOptions.IgnoreCase)]
    private static partial Regex AppositiveClose();

    [GeneratedRegex(@"^['’]s\b")]
    private static partial Regex PossessiveAfter();
}
