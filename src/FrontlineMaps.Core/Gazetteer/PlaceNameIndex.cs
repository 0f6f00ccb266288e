using System.Globalization;
using System.Text;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Gazetteer;

/// <summary>
/// Finds places by id or by any of their spellings. Names are compared in a folded form: diacritics, apostrophes, hyphens,
/// spaces and a leading Arabic article (al-, el-, ar-, as-...) are dropped and case is ignored, so "Ajaz", "A'jaz" and "Ejaz"
/// fold to the forms their place lists, and "al-Bab" equals "Al Bab". Namesakes are all returned: the caller decides.
/// </summary>
public sealed class PlaceNameIndex
{
    private readonly Dictionary<string, Place> _byId;
    private readonly Dictionary<string, List<Place>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Place>> _byKey = new(StringComparer.Ordinal);

    /// <summary>Indexes every name of every place.</summary>
    public PlaceNameIndex(IEnumerable<Place> places)
    {
        var list = places.ToList();
        _byId = list.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var p in list)
            foreach (var n in p.AllNames.Select(Fold).Where(n => n.Length > 0).Distinct())
            {
                if (!_byName.TryGetValue(n, out var l)) _byName[n] = l = [];
                l.Add(p);
            }
        foreach (var p in list)
            foreach (var k in p.AllNames.Select(NameKey.Of).Where(k => k.Length > 0).Distinct())
            {
                if (!_byKey.TryGetValue(k, out var l)) _byKey[k] = l = [];
                l.Add(p);
            }
    }

    /// <summary>
    /// The place with id <paramref name="query"/>, else every place one of whose names folds like it, else every place
    /// one of whose names has the same transliteration key (<see cref="NameKey"/>: "Tal Jabin" finds "Tell Jibbin").
    /// </summary>
    public IReadOnlyList<Place> Find(string query)
    {
        if (_byId.TryGetValue(query, out var p)) return [p];
        if (_byName.TryGetValue(Fold(query), out var l)) return l;
        return _byKey.TryGetValue(NameKey.Of(query), out var k) ? k : [];
    }

    /// <summary>The folded form used for comparison.</summary>
    public static string Fold(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) continue;
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
            else if (char.IsWhiteSpace(ch) || ch == '-') sb.Append(' ');
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0] is "al" or "el" or "ar" or "as" or "ad" or "ash" or "at" or "az" or "an") words.RemoveAt(0);
        return string.Concat(words);
    }
}
