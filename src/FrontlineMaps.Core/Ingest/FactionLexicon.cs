using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Ingest;

/// <summary>A faction a name may mean, for a half-open interval of days [From, To), and only in some governorates if <paramref name="In"/> is given.</summary>
/// <param name="Id">Faction id.</param>
/// <param name="From">First day, if bounded.</param>
/// <param name="To">First day it no longer applies (exclusive), if bounded.</param>
/// <param name="In">The governorates where it applies (any spelling the gazetteers use), if bounded.</param>
public sealed record DatedFaction(string Id, DateOnly? From = null, DateOnly? To = null, FactionRegion? In = null)
{
    /// <summary>Whether the name means this faction on <paramref name="day"/> (a regional meaning never applies without a governorate).</summary>
    public bool AppliesOn(DateOnly day, string? governorate = null) =>
        (From is null || day >= From) && (To is null || day < To) && (In is null || In.Contains(governorate));
}

/// <summary>A set of governorates, compared by name key so that `Idleb`, `Idlib` and `Dar'a`, `Daraa` are one.</summary>
public sealed class FactionRegion
{
    private readonly HashSet<string> _keys;

    /// <summary>A region of the governorates named in <paramref name="names"/>.</summary>
    public FactionRegion(params string[] names) => _keys = names.Select(NameKey.Of).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="governorate"/> is one of the region's.</summary>
    public bool Contains(string? governorate) => governorate is not null && _keys.Contains(NameKey.Of(governorate));
}

/// <summary>
/// The names real reports give armed groups, mapped to the faction ids of the dataset with dated validity: government
/// allies (Hezbollah, NDF, Tiger Forces, Iranian militias) are the government's; FSA, Jaish al-Islam, Ahrar al-Sham... are
/// rebels; SNA brigades and "Turkish-backed rebels" are the SNA from its founding (rebels before); YPG/YPJ and the military
/// councils are the YPG before the SDF was founded and the SDF after; Nusra and JFS become HTS; government words after
/// 2024-12-08 mean the new government. Each phrase lists its targets in order of preference; a target the loaded dataset
/// does not have is replaced by its stand-in (the YPG by the SDF, Nusra by HTS) or dropped, so the same lexicon works with any faction catalogue.
/// </summary>
public static class FactionLexicon
{
    private static readonly DateOnly SdfFounded = new(2015, 10, 10);
    private static readonly DateOnly HtsFounded = new(2017, 1, 28);
    private static readonly DateOnly SnaFounded = new(2017, 12, 30);
    private static readonly DateOnly AssadFell = new(2024, 12, 8);

    private static DatedFaction[] Gov => [new("SAA", To: AssadFell), new("SyrianGov2025", From: AssadFell)];

    // the Idlib front (Idlib, Hama, Latakia): the Turkish-backed factions there are the Idlib opposition, not the SNA of northern Aleppo
    private static readonly FactionRegion IdlibFront = new("Idlib", "Idleb", "Hama", "Hamah", "Latakia", "Lattakia");

    // the south (Daraa, Suwayda, Quneitra, Rural Damascus) rose on its own in December 2024: its rebels were not the HTS-led command
    private static readonly FactionRegion South = new("Daraa", "Dar'a", "As-Suwayda", "Suwayda", "As-Sweida", "Sweida", "Quneitra", "Rural Damascus", "Rif Dimashq");

    /// <summary>Whom Turkey's zones belong to on the ground: the SNA from its founding, the rebels before ("Turkish-occupied", "Turkish-backed"), and the rebels on the Idlib front.</summary>
    public static ImmutableArray<DatedFaction> TurkishProxies => [.. TurkishBacked];

    /// <summary>
    /// Who holds the ground a foreign army takes in Syria: the Turkish army's captures are held by the Syrian factions it backs
    /// (the SNA, the rebels before it and on the Idlib front), Russia's by the government it fights for.
    /// </summary>
    public static readonly ImmutableDictionary<string, ImmutableArray<DatedFaction>> GroundHolders = new Dictionary<string, ImmutableArray<DatedFaction>>
    {
        ["Turkey"] = [.. TurkishBacked],
        ["Russia"] = [.. AssadAlly],
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The Syrian government: Assad's until 2024-12-08, the new government's from then ("the army" with no other state named).</summary>
    public static ImmutableArray<DatedFaction> Government => [.. Gov];
    private static DatedFaction[] AssadAlly => [new("SAA", To: AssadFell)];
    private static DatedFaction[] Rebel => [new("Rebels")];
    private static readonly DateOnly NorthwestOffensive = new(2024, 11, 27);

    // "the rebels" of the offensive that began on 2024-11-27 are the HTS-led command; from 2024-12-08 they are the new government
    private static DatedFaction[] GenericRebel => [new("Rebels", To: NorthwestOffensive), new("Rebels", From: NorthwestOffensive, To: AssadFell, In: South), new("HTS", From: NorthwestOffensive, To: AssadFell), new("SyrianGov2025", From: AssadFell), new("Rebels")];
    private static DatedFaction[] TurkishBacked => [new("Rebels", In: IdlibFront), new("SNA", From: SnaFounded), new("Rebels", To: SnaFounded)];
    private static DatedFaction[] Kurdish => [new("YPG", To: SdfFounded), new("SDF", From: SdfFounded)];
    private static DatedFaction[] Qaeda => [new("Nusra", To: HtsFounded), new("HTS", From: HtsFounded)];

    /// <summary>Phrases (regular-expression bodies, matched case-insensitively on word boundaries) and what they mean.</summary>
    public static readonly ImmutableArray<(string Phrase, ImmutableArray<DatedFaction> Targets)> Entries =
    [
        // the government and its allies until 2024-12-08; government words after it mean the new government
        (@"(?:Lebanese\s+)?Hez?b[ou]ll?ah(?:\s+fighters|\s+militants)?", [.. AssadAlly]),
        (@"National\s+Defen[cs]e\s+(?:Forces|Force)|(?-i:NDF)", [.. AssadAlly]),
        (@"Tiger\s+Forces?|Qawat\s+al-Nimr|Republican\s+Guard|(?:the\s+)?(?:4th|Fourth)\s+(?:Armou?red\s+)?Division|25th\s+Special\s+(?:Mission\s+)?Forces?", [.. AssadAlly]),
        (@"(?:Iran(?:ian)?[-‑ ]?(?:backed\s+|led\s+)?|pro[-‑](?:government|regime|Assad|Damascus)\s+|Shi(?:')?(?:i|ite)\s+|loyalist\s+|allied\s+)militias?(?:men)?|Iranian[-‑ ](?:backed\s+)?(?:forces|fighters)|(?-i:IRGC)|Fatemiyoun|Liwa\s+al-Quds", [.. AssadAlly]),
        (@"(?:Syrian\s+)?(?:government|regime|pro[-‑]government|pro[-‑]regime|pro[-‑]Assad|loyalist|Assad)(?:'s)?\s+(?:forces|troops|soldiers|army|fighters)|Syrian\s+(?:army|troops|soldiers|military|forces|armed\s+forces)|(?:the\s+)?Syrian\s+Arab\s+Army|(?-i:SAA)|army\s+units|Assad\s+loyalists|loyalists", [.. Gov]),
        (@"General\s+Security(?:\s+(?:forces|Service))?|Public\s+Security|(?:interim|transitional|caretaker|new)\s+government(?:'s)?\s+(?:forces|troops)|(?:Syrian\s+)?Ministry\s+of\s+Defen[cs]e\s+forces|(?:government|Syrian)\s+security\s+forces", [new("SyrianGov2025", From: AssadFell)]),
        (@"(?:the\s+)?(?:(?:internal|public)\s+)?security\s+forces", [.. Gov]),
        // the opposition
        (@"Free\s+Syrian\s+Army|(?-i:FSA)|Jaish\s+al-Islam|Jaysh\s+al-Islam|Ahrar\s+al-Sham(?:\s+Islamic\s+Movement)?|Jaish\s+al-Fatah|Jaysh\s+al-Fatah|Army\s+of\s+Conquest|Fa[iy]laq\s+al-Rahman|Southern\s+Front|Jaish\s+al-Izza|Jaysh\s+al-Izzah?|Jaysh\s+al-Nasr|Nour\s+al-Din\s+al-Zenki|Fursan\s+al-Haq|Islamic\s+Front|Syrian\s+Free\s+Army|Islam\s+Army|Ajnad\s+al-Sham|Liwa\s+al-Tawhid", [.. Rebel]),
        (@"(?:Syrian\s+)?(?:rebel|opposition|insurgent)\s+(?:forces|fighters|groups|factions|units)|(?:(?:allied|Islamist|Syrian|moderate|mainstream|local)\s+){0,2}rebels|(?:Syrian\s+)?rebel\s+brigades|(?:armed\s+)?opposition\s+(?:factions|fighters)|insurgents|anti[-‑](?:regime|government|Assad)\s+(?:armed\s+)?(?:forces|groups|fighters|factions|rebels|militants|insurgents)|(?:armed\s+)?anti[-‑](?:regime|government)\s+(?:armed\s+)?groups", [.. GenericRebel]),
        // the SNA and its brigades; Turkish-backed Syrian fighters are the SNA from its founding, rebels before
        (@"(?:Turkish|Turkey|T[uü]rkiye|Ankara)\s*[-‑ ]\s*(?:backed|supported|allied|affiliated|sponsored|aligned)\s+(?:(?:Syrian|armed|rebel|opposition|militant|\p{Lu}[\w'’-]*)\s+){0,4}?(?:rebels|fighters|factions|forces|militants|groups|militias?|opposition|mercenaries|proxies|troops|units|brigades|Army|(?-i:FSA|SNA))(?:\s+\((?-i:FSA|SNA|TFSA)\))?(?:\s+(?:forces|fighters|factions|groups|units))?|pro[-‑](?:Turkish|Turkey|Ankara)\s+(?:(?:Syrian|armed|rebel|opposition)\s+){0,2}(?:rebels|fighters|factions|forces|militants|groups|militias?|opposition)|(?:Peace\s+Spring|Olive\s+Branch|Euphrates\s+Shield|Dawn\s+of\s+Freedom)\s+(?:forces|factions|fighters|rebels|groups|operations\s+room)", [.. TurkishBacked]),
        (@"Syrian\s+National\s+Army|(?-i:SNA)|National\s+Front\s+for\s+Liberation|National\s+Liberation\s+Front|(?-i:NFL)", [new("SNA", From: new DateOnly(2017, 12, 30)), new("Rebels", To: new DateOnly(2017, 12, 30))]),
        (@"Sultan\s+Murad(?:\s+(?:Division|Brigade))?|(?:al-)?Hamza\s+(?:Division|Brigade)|Amshat|(?:Sultan\s+)?Suleiman\s+Shah(?:\s+(?:Division|Brigade))?|Ahrar\s+al-Sharqiya|Jaysh\s+al-Sharqiya|Levant\s+Front|al-Jabha\s+al-Shamiya|Faylaq\s+al-Sham|Sham\s+Legion|Mu'tasim\s+(?:Division|Brigade)|Hamzat\s+Division", [.. TurkishBacked]),
        // Nusra, JFS, HTS
        (@"(?:Jabhat\s+|al-)?Nusra(?:\s+Front)?|Jabhat\s+Fat[ae]h\s+al-Sham|(?-i:JFS)|(?:al-)?Qaeda[-‑ ](?:linked|affiliated)\s+(?:group|militants|fighters|jihadists)|jihadist\s+rebels|Tu?rk[ie]stan(?:i)?\s+Islamic\s+(?:Party|Army)", [.. Qaeda]),
        (@"Ha[yi]['’]?at\s+Tahrir\s+al[-‑ ]Sham|Tahrir\s+al-Sham|(?-i:HTS)|Military\s+Operations\s+Command|Deterrence\s+of\s+Aggression", [new("HTS", From: HtsFounded), new("Nusra", To: HtsFounded)]),
        // Kurdish forces: the YPG before the SDF's founding, the SDF after
        (@"(?-i:YPG)\s*/\s*(?-i:PKK)|(?-i:PKK)\s*/\s*(?-i:YPG)|(?-i:PYD)\s*/\s*(?-i:PKK)|(?-i:PKK)\s*/\s*(?-i:PYD)|(?-i:YPG)|(?-i:YPJ)|People['’]s\s+Protection\s+Units|Women['’]s\s+Protection\s+Units|Kurdish[-‑ ]?(?:led\s+)?(?:militias?|fighters|forces|units)|Kurdish(?:[-‑]Arab|\s+and\s+(?:Arab|Syrian|FSA|rebel|opposition|allied)(?:\s+(?:opposition|rebel|Arab))?)\s+(?:forces|fighters|militias|units)|(?:the\s+|Syrian\s+)Kurds\b|(?:Manbij|Deir\s+ez-Zor|Deir\s+al-Zor|Tal\s+Abyad|Raqqa)\s+Military\s+Council|(?-i:PKK)|(?-i:PYD)|(?:Kurdish\s+)?Democratic\s+Union\s+Party|Asayi?sh|Kurdish\s+(?:internal\s+)?security\s+forces|(?:U\.?S\.?|American|Washington|coalition)[-‑ ](?:backed|allied|supported)\s+(?:(?:Syrian|Kurdish|Arab|Kurdish-led|Kurdish-Arab)\s+){0,2}(?:forces|fighters|militias?|alliance|troops|Kurds|groups|coalition(?:\s+of\s+[^.;]{0,60}?(?:groups|factions|militias|fighters|forces))?)", [.. Kurdish]),
        (@"(?:Kurdish[-‑ ](?:led|dominated)\s+)?Syrian?\s+Democratic\s+Forces|(?-i:SDF)", [new("SDF", From: SdfFounded), new("YPG", To: SdfFounded)]),
        (@"(?:the\s+)?Islamic\s+State(?:\s+group)?|(?-i:ISIS)|(?-i:ISIL)|(?-i:IS)|Daesh|Da['’]esh", [new("ISIS")]),
        (@"Turkish\s+(?:army|forces|troops|soldiers|military)|Turkish\s+Armed\s+Forces|(?-i:TAF)", [new("Turkey")]),
        (@"Russian\s+(?:forces|troops|soldiers|military\s+police|Military\s+Police|army)|Wagner(?:\s+Group)?", [new("Russia")]),
        (@"[""“”']?Israeli[""“”']?\s+(?:occupation\s+)?(?:forces|troops|soldiers|army|military|tanks)|(?-i:IDF)|Zionist\s+(?:enemy|entity|forces|army|occupation)|(?:Israeli\s+)?occupation\s+army|Israel\s+Defen[cs]e\s+Forces", [new("Israel")]),
        (@"Druze\s+(?:factions|fighters|militias|militiamen|gunmen|armed\s+groups|forces)|Men\s+of\s+Dignity|Rijal\s+al-Karama|Suwayda\s+Military\s+Council", [new("Druze")]),
    ];

    /// <summary>Stand-ins for ids a catalogue may lack: today's catalogue counts the YPG as the SDF.</summary>
    private static readonly Dictionary<string, string> StandIn = new(StringComparer.Ordinal) { ["YPG"] = "SDF", ["Nusra"] = "HTS" };

    /// <summary>The targets of <paramref name="targets"/> that exist in <paramref name="factions"/> (stand-ins replacing missing ones), bounded by each faction's own validity.</summary>
    public static ImmutableArray<DatedFaction> Resolve(IEnumerable<DatedFaction> targets, IReadOnlyDictionary<string, Faction> factions)
    {
        var result = ImmutableArray.CreateBuilder<DatedFaction>();
        foreach (var t in targets)
        {
            var id = factions.ContainsKey(t.Id) ? t.Id : StandIn.GetValueOrDefault(t.Id) is { } s && factions.ContainsKey(s) ? s : null;
            if (id is null) continue;
            var f = factions[id];
            // a stand-in keeps the entry's dates; a real target is also bounded by the faction's own validity
            var from = Max(t.From, id == t.Id ? f.ValidFrom : null);
            var to = Min(t.To, id == t.Id ? f.ValidTo : null);
            result.Add(new DatedFaction(id, from, to, t.In));
        }
        return result.ToImmutable();
    }

    /// <summary>The faction a name with <paramref name="options"/> means on <paramref name="day"/> in <paramref name="governorate"/>: the first that applies, else the nearest in time.</summary>
    public static string? On(ImmutableArray<DatedFaction> options, DateOnly day, string? governorate = null)
    {
        if (options.IsDefaultOrEmpty) return null;
        foreach (var o in options) if (o.AppliesOn(day, governorate)) return o.Id;
        return options.Where(o => o.In is null).DefaultIfEmpty(options[0]).OrderBy(o => Distance(o, day)).First().Id;
    }

    private static int Distance(DatedFaction o, DateOnly day) =>
        o.From is { } f && day < f ? f.DayNumber - day.DayNumber : o.To is { } t && day >= t ? day.DayNumber - t.DayNumber + 1 : 0;

    private static DateOnly? Max(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
