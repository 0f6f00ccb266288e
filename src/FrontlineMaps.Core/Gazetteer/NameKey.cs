using System.Globalization;
using System.Text;

namespace FrontlineMaps.Core.Gazetteer;

/// <summary>
/// Transliteration-aware comparison keys for Arabic place names written in Latin or Arabic script. Where
/// <see cref="PlaceNameIndex.Fold"/> only drops case, marks and a leading article, a key also absorbs the usual variation
/// of English and French transliteration:
/// <list type="bullet">
/// <item>articles anywhere in the name, separate or hyphenated (al-, el-, as-, ash-, ad-, ez-...), and glued to a later
/// word as OCHA writes them ("Um Elrumman"), as a variant key;</item>
/// <item>generic words: Tell/Tal/Tall/Tel, Ain/Ayn/Ein, Kafr/Kfar/Kefr, Deir/Dayr/Dair, Umm/Um/Om, Abu/Abou, Khirbet/Kherbet,
/// Jabal/Jebel, Beit/Bayt, Sheikh/Shaykh;</item>
/// <item>vowels: every run of vowels (and a medial w or y) becomes one vowel slot, so ee/i, ou/u, a/e and ai/ay compare equal;
/// a final h after a vowel (ta marbuta: -ah, -eh) is dropped;</item>
/// <item>consonants: doubled letters, q/k, c/k, ph/f, dj/j, ch/sh, French ou; apostrophes and ʿayn marks are dropped;</item>
/// <item>direction and type words (Northern, Shamali, village, town...) are dropped in a variant key;</item>
/// <item>Arabic script: marks and tatweel removed, alef forms unified, ta marbuta as ha, alef maqsura as ya, article dropped.</item>
/// </list>
/// Keys are compared for equality (an index lookup); <see cref="Similarity"/> scores the remaining near misses (an inserted
/// vowel, sh for s) on the <see cref="Skeleton"/> index.
/// </summary>
public static class NameKey
{
    /// <summary>The vowel slot in a key.</summary>
    public const char Vowel = 'a';

    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal)
    {
        "al", "el", "il", "ul", "ar", "er", "as", "es", "ad", "ed", "ash", "esh", "at", "et", "az", "ez", "an", "en", "ath", "adh",
        "ats", "aj", "ak",
    };

    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "north", "northern", "south", "southern", "east", "eastern", "west", "western", "upper", "lower", "new", "old",
        "greater", "little", "big", "small", "central", "village", "town", "city", "hamlet", "farm", "farms", "camp", "hill",
        "mount", "mountain", "district", "neighbourhood", "neighborhood", "quarter", "countryside", "outskirts",
        "shamali", "shamaliyah", "shamaliyeh", "shamaliya", "shemali", "janubi", "janubiyah", "janoubi", "janoubiyeh", "jnubi",
        "sharqi", "sharqiyah", "sharqiyeh", "sharqiya", "sharki", "gharbi", "gharbiyah", "gharbiyeh", "gharbiya",
        "kabir", "kabira", "kabireh", "kebir", "saghir", "saghira", "saghireh", "sghir", "fawqani", "foqani", "tahtani",
        "jadid", "jadida", "jadideh", "jdideh", "qadim", "qadima", "wusta", "west", "gharbieh", "sharqieh",
    };

    private static readonly Dictionary<string, string> Generic = new(StringComparer.Ordinal)
    {
        ["tell"] = "tl", ["tal"] = "tl", ["tall"] = "tl", ["tel"] = "tl", ["til"] = "tl",
        ["ain"] = "ayn", ["ayn"] = "ayn", ["ein"] = "ayn", ["ayin"] = "ayn", ["aain"] = "ayn",
        ["kafr"] = "kfr", ["kfar"] = "kfr", ["kefr"] = "kfr", ["kafar"] = "kfr", ["kfer"] = "kfr", ["kufr"] = "kfr",
        ["deir"] = "dyr", ["dayr"] = "dyr", ["dair"] = "dyr", ["der"] = "dyr", ["dir"] = "dyr", ["deyr"] = "dyr",
        ["umm"] = "um", ["um"] = "um", ["om"] = "um", ["oum"] = "um", ["omm"] = "um",
        ["abu"] = "abu", ["abou"] = "abu", ["abo"] = "abu", ["abi"] = "abu",
        ["khirbet"] = "khrb", ["khirbat"] = "khrb", ["kherbet"] = "khrb", ["khirbit"] = "khrb", ["khurbet"] = "khrb", ["khirba"] = "khrb", ["kherbeh"] = "khrb", ["khirbeh"] = "khrb",
        ["jabal"] = "jbl", ["jebel"] = "jbl", ["jbel"] = "jbl", ["jabel"] = "jbl",
        ["beit"] = "byt", ["bayt"] = "byt", ["bait"] = "byt", ["bet"] = "byt",
        ["sheikh"] = "shykh", ["shaykh"] = "shykh", ["shaikh"] = "shykh", ["sheik"] = "shykh", ["cheikh"] = "shykh", ["shekh"] = "shykh", ["shiekh"] = "shykh",
        ["bir"] = "bir", ["beer"] = "bir", ["bi'r"] = "bir",
        ["ras"] = "ras", ["raas"] = "ras",
        ["maarat"] = "marat", ["maaret"] = "marat", ["ma'arat"] = "marat", ["marat"] = "marat", ["maarrat"] = "marat", ["ma'arrat"] = "marat",
    };

    /// <summary>The main key of a name: articles dropped, generic words unified, vowels and consonants folded.</summary>
    public static string Of(string name) => Build(name, stripGluedArticles: false, stripQualifiers: false);

    /// <summary>
    /// Every key a name is known by: <see cref="Of"/>, the key with articles glued to later words removed ("Elrumman"),
    /// and the key without direction and type words ("Northern Msheirfeh", "Sarja Sharqiya"). Arabic script gets an Arabic key.
    /// </summary>
    public static IReadOnlyList<string> Variants(string name)
    {
        var keys = new List<string>(3);
        void Add(string k) { if (k.Length > 0 && !keys.Contains(k)) keys.Add(k); }
        Add(Build(name, false, false));
        Add(Build(name, true, false));
        Add(Build(name, false, true));
        Add(Build(name, true, true));
        // "Samma, Suwayda" (a disambiguated title) and "Kherbit Qias/Nahj" (two names in one) are also known by their parts
        if (name.Contains(',') && name.IndexOf(',') > 0) Add(Build(name[..name.IndexOf(',')], false, false));
        if (name.Contains('/') || name.Contains(" - ", StringComparison.Ordinal))
            foreach (var part in name.Split(['/', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (part.Length >= 3 && name.Contains(" - " + part, StringComparison.Ordinal) | name.Contains(part + " - ", StringComparison.Ordinal) | name.Contains('/'))
                    Add(Build(part, false, false));
        return keys;
    }

    /// <summary>True when the name is written (mostly) in Arabic script.</summary>
    public static bool IsArabic(string name)
    {
        int arabic = 0, latin = 0;
        foreach (var c in name)
        {
            if (c is >= '\u0600' and <= '\u06FF') arabic++;
            else if (char.IsAsciiLetter(c)) latin++;
        }
        return arabic > latin;
    }

    /// <summary>The consonant skeleton of a key (vowel slots and spaces removed; sh as s, kh as k, th as t, dh as d, gh as g).</summary>
    public static string Skeleton(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (c is Vowel or ' ') continue;
            sb.Append(c switch { 'S' => 's', 'K' => 'k', 'T' => 't', 'D' => 'd', 'G' => 'g', _ => c });
        }
        return sb.ToString();
    }

    /// <summary>
    /// Similarity of two keys in [0, 1]: one minus a weighted edit distance over the longer length. Inserting or dropping a
    /// vowel slot or a space costs 0.3, swapping related consonants (s/sh, k/kh, t/th, d/dh, g/gh, h/kh, z/dh) 0.4, any other edit 1.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        if (a == b) return 1;
        if (a.Length == 0 || b.Length == 0) return 0;
        var prev = new double[b.Length + 1];
        var cur = new double[b.Length + 1];
        for (var j = 1; j <= b.Length; j++) prev[j] = prev[j - 1] + IndelCost(b[j - 1]);
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = prev[0] + IndelCost(a[i - 1]);
            for (var j = 1; j <= b.Length; j++)
            {
                var sub = prev[j - 1] + SubstitutionCost(a[i - 1], b[j - 1]);
                cur[j] = Math.Min(sub, Math.Min(prev[j] + IndelCost(a[i - 1]), cur[j - 1] + IndelCost(b[j - 1])));
            }
            (prev, cur) = (cur, prev);
        }
        return Math.Max(0, 1 - prev[b.Length] / Math.Max(a.Length, b.Length));
    }

    private static double IndelCost(char c) => c is Vowel or ' ' ? 0.3 : 1;

    private static double SubstitutionCost(char a, char b)
    {
        if (a == b) return 0;
        static char Base(char c) => c switch { 'S' => 's', 'K' => 'k', 'T' => 't', 'D' => 'd', 'G' => 'g', _ => c };
        if (Base(a) == Base(b)) return 0.4;
        if ((a, b) is ('h', 'K') or ('K', 'h') or ('z', 'D') or ('D', 'z') or ('z', 'T') or ('T', 'z') or ('s', 'z') or ('z', 's')) return 0.5;
        return 1;
    }

    private static string Build(string name, bool stripGluedArticles, bool stripQualifiers)
    {
        if (IsArabic(name)) return ArabicKey(name);
        var words = Words(name);
        var kept = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (Articles.Contains(w) && words.Count > 1 && i < words.Count - 1) continue; // "al Bab", "Deir ez Zor"
            if (stripQualifiers && Qualifiers.Contains(w) && words.Count > 1) continue;
            if (stripGluedArticles && kept.Count > 0 && w.Length >= 5 && (w.StartsWith("el", StringComparison.Ordinal) || w.StartsWith("al", StringComparison.Ordinal)))
                w = w[2..];
            kept.Add(w);
        }
        if (kept.Count == 0) kept = words;
        var sb = new StringBuilder();
        foreach (var w in kept)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(Generic.TryGetValue(w, out var g) ? g : FoldWord(w));
        }
        return sb.ToString();
    }

    /// <summary>Lower-case ASCII words of a Latin-script name: marks, apostrophes and ʿayn signs dropped, hyphens split.</summary>
    internal static List<string> Words(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ModifierLetter) continue;
            if (ch is '\'' or '’' or '‘' or '`' or 'ʿ' or 'ʾ' or '´') continue;
            if (char.IsLetterOrDigit(ch)) sb.Append(BaseLetter(char.ToLowerInvariant(ch)));
            else sb.Append(' ');
        }
        return [.. sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    // Base letters of the accented Latin letters transliterations use. Spelled out because FormD decomposition is not
    // available under invariant globalization.
    private static readonly Dictionary<char, char> Accented = BuildAccented();

    private static Dictionary<char, char> BuildAccented()
    {
        var d = new Dictionary<char, char>();
        foreach (var (letters, b) in new[]
        {
            ("àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặ", 'a'), ("çćĉċč", 'c'), ("ďđḍḏḑ", 'd'), ("èéêëēĕėęěȅȇẹẻẽếềểễệ", 'e'), ("ĝğġģǧ", 'g'),
            ("ĥħḥḩḫẖ", 'h'), ("ìíîïĩīĭįıǐȉȋịỉ", 'i'), ("ĵǰ", 'j'), ("ķǩḳ", 'k'), ("ĺļľŀłḷ", 'l'), ("ñńņňṇ", 'n'),
            ("òóôõöøōŏőǒȍȏọỏốồổỗộớờởỡợ", 'o'), ("ŕŗřṛ", 'r'), ("śŝşšșṣ", 's'), ("ţťŧțṭṯ", 't'), ("ùúûüũūŭůűųǔȕȗụủứừửữự", 'u'),
            ("ŵẁẃẅ", 'w'), ("ýÿŷȳỳỵ", 'y'), ("źżžẓẕ", 'z'), ("ß", 's'),
        })
            foreach (var c in letters) d[c] = b;
        return d;
    }

    private static char BaseLetter(char c) => c < 128 ? c : Accented.TryGetValue(c, out var b) ? b : c;

    /// <summary>Folds one lower-case word: digraphs to single symbols, vowel runs to one slot, doubled letters to one.</summary>
    internal static string FoldWord(string w)
    {
        var s = w.Replace("dj", "j").Replace("tch", "S").Replace("sch", "S").Replace("sh", "S").Replace("ch", "S").Replace("kh", "K")
            .Replace("gh", "G").Replace("th", "T").Replace("dh", "D").Replace("ph", "f").Replace("q", "k").Replace("c", "k")
            .Replace("x", "ks");
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            // y and w after a vowel and before a consonant (or the end) are the second half of a diphthong (ay, aw);
            // between vowels or first they are consonants ("Bawab", "Bayad", "Yabroud")
            var glide = i > 0 && IsVowelChar(s[i - 1]) && (i == s.Length - 1 || !IsVowelChar(s[i + 1]));
            var isVowel = IsVowelChar(c) || c == 'y' && i > 0 && (glide || !IsVowelChar(s[i - 1])) || c == 'w' && glide && i < s.Length - 1;
            var m = isVowel ? Vowel : c;
            if (sb.Length > 0 && sb[^1] == m) continue; // vowel runs, doubled consonants
            sb.Append(m);
        }
        // ta marbuta: a final h after a vowel ("-ah", "-eh") is not pronounced
        if (sb.Length > 2 && sb[^1] == 'h' && sb[^2] == Vowel) sb.Length--;
        return sb.ToString();
    }

    private static bool IsVowelChar(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string ArabicKey(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640') continue; // marks, tatweel
            sb.Append(c switch
            {
                'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                'ؤ' => 'و',
                'ئ' => 'ي',
                _ => char.IsLetter(c) ? c : ' ',
            });
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length > 3 && w.StartsWith("ال", StringComparison.Ordinal) ? w[2..] : w);
        return "ar:" + string.Join(' ', words);
    }
}
