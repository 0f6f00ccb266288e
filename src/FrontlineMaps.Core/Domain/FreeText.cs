using System.Globalization;
using System.Text;

namespace FrontlineMaps.Core.Domain;

/// <summary>
/// The rule for every free-text value a record holds (names, titles, publishers, claimants, notes, ids): any Unicode text except
/// control characters other than tab and newline, lone surrogates and the non-characters U+FFFE and U+FFFF. Those cannot be
/// written into XML (the Atom feed, SVG), are truncated or refused by stores (SQLite and PostgreSQL text end or fail at U+0000)
/// and are never meant by an editor. One rule for files and for the write API (<see cref="Storage.DatasetValidator"/>).
/// </summary>
public static class FreeText
{
    /// <summary>Why <paramref name="value"/> is not acceptable free text, or null when it is.</summary>
    public static string? Problem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\t' or '\n') continue;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsControl(c))
                return $"contains the control character {Code(c)} at position {i} (only tab and newline are allowed in text)";
            if (char.IsSurrogate(c))
                return $"contains the lone surrogate {Code(c)} at position {i} (not a Unicode character)";
            if (c is '\uFFFE' or '\uFFFF')
                return $"contains the non-character {Code(c)} at position {i}";
        }
        return null;
    }

    /// <summary>
    /// <paramref name="value"/> with every character <see cref="Problem"/> refuses, and carriage return, replaced by U+FFFD:
    /// for writers of XML and HTML, which must cope with any stored string (a store written before this rule may hold them).
    /// The same instance when there is nothing to replace.
    /// </summary>
    public static string ForMarkup(string value)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = c is '\t' or '\n' || !(char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF');
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }
            if (ok)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(value.Length).Append(value, 0, i);
            sb.Append('\uFFFD');
        }
        return sb?.ToString() ?? value;
    }

    private static string Code(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
