using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>
/// The event lexicon: each cue is a pattern for one kind of event (capture, hold, contested) and the way its roles are
/// found (<see cref="CueMode"/>). What changes nothing (shelling, strikes, ambushes) has no cue.
/// </summary>
/// <summary>How a cue's roles are found.</summary>
internal enum CueMode
{
    /// <summary>"A captured P": agent before, places after.</summary>
    Active,
    /// <summary>"P was captured by A".</summary>
    Passive,
    /// <summary>"P remains under A control", "P, held by A".</summary>
    State,
    /// <summary>"the A-held town of P".</summary>
    Adjective,
    /// <summary>"areas taken by A include P, Q".</summary>
    Participle,
    /// <summary>"A repelled the attack on P".</summary>
    Repel,
    /// <summary>"an attempt by A to advance on P": P held by A's adversary.</summary>
    Attempt,
    /// <summary>"P fell to A".</summary>
    FellTo,
    /// <summary>"A's capture of P", "the capture of P by A", "the fall of P", "P's capture".</summary>
    Nominal,
    /// <summary>"P was captured on Friday": no agent; the side advancing in the discourse.</summary>
    AgentlessPassive,
    /// <summary>"P fell on Friday".</summary>
    Fell,
    /// <summary>"A withdrew from P (, leaving it to B)": P is taken by B, or by A's adversary.</summary>
    Withdraw,
    /// <summary>"fighting continued (between A and B) in P": P is contested.</summary>
    Fighting,
    /// <summary>"Among the areas seized were P, Q and R", "the liberated villages included P, Q": a list of captures, the agent from the discourse.</summary>
    TakenList,
    /// <summary>"the A stronghold of P", "P, the last stronghold of A": P is held by A.</summary>
    Stronghold,
    /// <summary>"A broke the siege of P": P is held by A (the besieged side).</summary>
    SiegeBroken,
    /// <summary>"A besieged P": P held by A's adversary; "B are besieged in P": by B.</summary>
    Besieged,
    /// <summary>"P, the last town held by A", "P, which is under the control of A".</summary>
    HeldPhrase,
    /// <summary>"A positions in P", "A's control over P": the faction right before holds P.</summary>
    Positions,
    /// <summary>"A withdrew to P": A holds P.</summary>
    WithdrewTo,
}

/// <summary>An event cue: its name (the rule), its pattern, the kind of fact, how its roles are found and its reliability.</summary>
internal sealed record Trigger(string Name, Regex Pattern, string Kind, CueMode Mode, double Confidence);

internal static partial class EventCues
{
    public static readonly Trigger[] All =
    [
        new("remains-under", RemainsUnder(), "hold", CueMode.State, 0.85),
        new("under-control-of", UnderControlOf(), "hold", CueMode.State, 0.75),
        new("came-under", CameUnder(), "capture", CueMode.State, 0.8),
        new("passive-capture", PassiveCapture(), "capture", CueMode.Passive, 0.85),
        new("fell-to", FellTo(), "capture", CueMode.FellTo, 0.85),
        new("participle", Participle(), "hold", CueMode.Participle, 0.7),
        new("adjective", HeldAdjective(), "hold", CueMode.Adjective, 0.7),
        new("repelled", Repel(), "hold", CueMode.Repel, 0.7),
        new("attempt", Attempt(), "hold", CueMode.Attempt, 0.45),
        new("nominal", Nominalisation(), "capture", CueMode.Nominal, 0.75),
        new("capture", ActiveCapture(), "capture", CueMode.Active, 0.85),
        new("agentless-passive", AgentlessPassive(), "capture", CueMode.AgentlessPassive, 0.6),
        new("fell", Fell(), "capture", CueMode.Fell, 0.65),
        new("withdrew", Withdrew(), "capture", CueMode.Withdraw, 0.6),
        new("handed-over", HandedOver(), "capture", CueMode.Withdraw, 0.6),
        new("fighting-in", FightingGoesOn(), "contested", CueMode.Fighting, 0.55),
        new("entered", Entered(), "capture", CueMode.Active, 0.6),
        new("holds", ActiveHold(), "hold", CueMode.Active, 0.7),
        new("in-control-of", InControlOf(), "hold", CueMode.Active, 0.7),
        new("taken-list", TakenList(), "capture", CueMode.TakenList, 0.6),
        new("stronghold", StrongholdWord(), "hold", CueMode.Stronghold, 0.6),
        new("siege-broken", SiegeBrokenWords(), "hold", CueMode.SiegeBroken, 0.7),
        .. RoleAnalyzer.PassingHolds,
    ];

    [GeneratedRegex(@"\b(?:remain(?:s|ed)?|is|are|was|were|stay(?:s|ed)?)\s+(?:still\s+|firmly\s+|fully\s+|now\s+)?(?:under|in)\s+(?:the\s+)?(?:full\s+|firm\s+|complete\s+)?(?:[^.;,]{0,40}?\s)?(?:control|hands)\b(?:\s+of\s+(?:the\s+)?[^.;,]{0,40})?", RegexOptions.IgnoreCase)]
    private static partial Regex RemainsUnder();

    [GeneratedRegex(@"\b(?:held|controlled)\s+by\b|\bunder\s+(?:the\s+)?(?:full\s+)?control\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnderControlOf();

    [GeneratedRegex(@"\b(?:came|come|comes|fell|has come|have come)\s+under\s+(?:the\s+)?(?:full\s+)?(?:control\s+of\b|[^.;,]{0,30}\bcontrol\b)|\b(?:is|are|was|were)\s+(?:now\s+)?back\s+(?:in|under)\s+(?:the\s+)?(?:full\s+)?(?:control\s+of\b|hands\s+of\b|[^.;,]{0,30}\b(?:control|hands)\b)|\breturn(?:ed|s)?\s+to\s+(?:the\s+)?(?:full\s+)?(?:control\s+of\b|[^.;,]{0,30}\bcontrol\b)", RegexOptions.IgnoreCase)]
    private static partial Regex CameUnder();

    [GeneratedRegex(@"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:\w+ly\s+)?(?:(?:re)?captured|(?:re)?taken(?:\s+over)?|seized|liberated|overrun|retaken|recaptured|regained|stormed)(?:\s+\w+ly)?\s+by\b", RegexOptions.IgnoreCase)]
    private static partial Regex PassiveCapture();

    [GeneratedRegex(@"\b(?:fell|fallen|falls)\s+(?:in)?to\s+(?:the\s+hands\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex FellTo();

    [GeneratedRegex(@"\b(?:areas?|villages?|towns?|positions|territor(?:y|ies)|places|localities|settlements)\s+(?:\w+\s+)?(?:(?:re)?taken|(?:re)?captured|seized|held|controlled|liberated)\s+by\b", RegexOptions.IgnoreCase)]
    private static partial Regex Participle();

    [GeneratedRegex(@"(?<![\p{L}-])[\p{L}][\p{L}'’]*-(?:held|controlled|occupied|dominated|run)\s+(?:(?:town|village|city|hamlet|district|neighbo(?:u)?rhood)\s+of\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex HeldAdjective();

    [GeneratedRegex(@"(?<!\b(?:being|been|was|were|be)\s+)\b(?:repel(?:s|led|ling)?|repuls(?:e|ed|es|ing)|thwart(?:s|ed|ing)?|foil(?:s|ed|ing)?|fend(?:s|ed|ing)?\s+off|fought\s+off|beat\s+back|beaten\s+back|push(?:ed|es|ing)?\s+back|drove\s+back|held\s+off|defended|repelled)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Repel();

    [GeneratedRegex(@"\b(?:attempts?|tried|tries|trying|attempted|attempting|failed|fails|bid)\s+(?:by\s+[^.;,]{2,40}?\s+)?to\s+(?:advance\s+(?:on|into|towards?)|storm|capture|recapture|retake|take|seize|enter|regain|break\s+into)\b|\b(?:by\s+[^.;,]{2,40}?\s+)to\s+advance\s+(?:on|into)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Attempt();

    [GeneratedRegex(@"\b(?:(?:took|take|takes|taking|taken|seized|seize|seizing|gained|gain|gaining|assumed|established|imposed|wrested|regained|regaining|regain|regains|won|secured|declared|announced|claimed|reclaimed|extended)\s+(?:back\s+)?(?:its\s+|their\s+)?(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|took\s+hold\s+of|wrest(?:ed|s|ing)?(?:\s+back)?|wrestl(?:ed|es|ing)(?:\s+back)?|reclaim(?:ed|s|ing)|conquer(?:ed|s|ing)|(?:secured|freed|cleared)\s+(?=(?:the\s+(?:[\w-]+\s+){0,2}(?:towns?|villages?|city|hamlets?|districts?|settlements?)\s+of\s+)?(?-i:\p{Lu}))|(?<!\b(?:was|were|been|being)\s+)(?:ousted|oust|ousting|flushed|flush|flushing|kicked|chased|evicted|drive|drives|driving)\s+(?!by\b)[^.;,]{2,40}?\s+(?:out\s+of|from)|(?:re)?captur(?:e|ed|es|ing)|(?:re)?took(?:\s+over)?|(?:has|have|had)\s+(?:\w+ly\s+|also\s+)?(?:re)?taken(?:\s+over)?|(?:re)?tak(?:e|es|ing)\s+over|retak(?:e|es|ing)|seiz(?:e|ed|es|ing)|liberat(?:e|ed|es|ing)|overr(?:an|un|uns|unning)|regain(?:ed|s|ing)?|(?:able|managed)\s+to\s+(?:control|capture|take|seize|retake|recapture|regain)|restor(?:ed|e|es|ing)\s+(?:full\s+)?(?:security\s+and\s+stability|stability\s+and\s+security|security|control|calm)\s+(?:to|in|over)|(?<!\b(?:was|were|been|being)\s+)expel(?:led)?\s+(?!by\b)[^.;,]{2,40}?\s+from|drove\s+[^.;,]{2,40}?\s+out\s+of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveCapture();

    [GeneratedRegex(@"\b(?:re-?entered|entered|enter|stormed|broke\s+into|advanced\s+into|pushed\s+into|infiltrated\s+into)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Entered();

    [GeneratedRegex(@"(?<![-‑])\b(?:still\s+)?(?:holds?|controls?|held|controlled|occup(?:y|ies|ied))\s+(?:the\s+)?(?:(?:town|village|city|hamlet)\s+of\s+)?(?=(?:al-|el-|as-|ar-|ad-)?\p{Lu})")]
    private static partial Regex ActiveHold();

    [GeneratedRegex(@"\b(?:capture|seizure|takeover|take-over|recapture|liberation|fall|storming|conquest)\s+of\s+|\b(?:expulsion|elimination|ouster|eviction)\s+of\s+[^.;,]{2,40}?\s+from\s+|['’]s\s+(?:capture|recapture|fall|liberation|seizure)\b|(?<=\b[Ii]ts\s+)(?:capture|recapture|fall|liberation|seizure)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Nominalisation();

    [GeneratedRegex(@"\b(?:was|were|(?:has|have|had)\s+(?:now\s+|also\s+|all\s+)?been)\s+(?:\w+ly\s+|also\s+)?(?:(?:re)?captured|(?:re)?taken(?:\s+over)?|seized|liberated|overrun|retaken|recaptured|regained|cleared|freed|purged)\b(?!\s+(?:\w+ly\s+)?by\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AgentlessPassive();

    [GeneratedRegex(@"\b(?:fell|has\s+fallen|had\s+fallen|collapsed)\b(?!\s+(?:in)?to\b|\s+(?:under|back|silent|apart|short|victim|ill|from|off|through|within|behind|on\s+(?:deaf|hard))\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Fell();

    [GeneratedRegex(@"\b(?:withdr(?:aw|ew|awn|aws|awing)|pull(?:ed|s|ing)?\s+out|retreat(?:ed|s|ing)?|pull(?:ed|s|ing)?\s+back)\s+(?:\w+\s+){0,2}?(?:from|of)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Withdrew();

    [GeneratedRegex(@"\b(?:fighting|clashes|battles?|street\s+(?:fighting|battles)|combat)\s+(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+)?(?:still\s+)?(?:continu\w*|rag\w*|ongoing|under\s*way|going\s+on|persist\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FightingGoesOn();

    [GeneratedRegex(@"\b(?:(?:areas|villages|towns|places|positions|localities|sites|settlements)(?:\s+and\s+(?:villages|towns|hills|areas|places|farms))?\s+(?:(?:it|they)\s+)?(?:(?:re)?taken|(?:re)?captured|seized|liberated|overrun|freed)|(?:(?:re)?captured|seized|liberated|freed)\s+(?:areas|villages|towns|places|localities|settlements)(?:\s+and\s+(?:villages|towns|hills|areas|places|farms))?)(?:\s+(?:(?:so\s+far|on\s+\w+|today|yesterday|since\s+(?:last\s+)?\w+|(?:in|over)\s+the\s+(?:past|last)\s+(?:\w+\s+)?\w+)\s+)?(?:include[sd]?|including|are\s+as\s+follows|are|were)|\s*(?=:))\s*(?::\s*)?", RegexOptions.IgnoreCase)]
    private static partial Regex TakenList();

    [GeneratedRegex(@"\b(?:strongholds?|bastions?|bulwarks?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StrongholdWord();

    [GeneratedRegex(@"\b(?:broke|break|breaks|breaking|broken|ended|ending|lifted|lifting)\s+(?:\w+\s+){0,3}?(?:siege|blockade|encirclement)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SiegeBrokenWords();

    // "A were now in full control of P": the faction is the subject (the place-subject form is RemainsUnder)
    [GeneratedRegex(@"\b(?:is|are|was|were|remain(?:s|ed)?|stay(?:s|ed)?)\s+(?:now\s+|still\s+|firmly\s+|reportedly\s+)?in\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex InControlOf();

    // "the SDF handed over the town of P to the army", "rebels abandoned P to A": P goes to whom it is given (read as a withdrawal)
    [GeneratedRegex(@"\b(?:hand(?:ed|s|ing)\s+over\s+(?:control\s+of\s+)?|abandon(?:ed|s|ing)\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex HandedOver();
}
