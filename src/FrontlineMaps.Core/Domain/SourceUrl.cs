namespace FrontlineMaps.Core.Domain;

/// <summary>
/// The rule for a source's <c>url</c>: an absolute <c>http</c> or <c>https</c> URI (RFC 3986) with a host, or the same written as
/// an IRI (RFC 3987), since news sites' addresses are often copied with their Arabic or Cyrillic path as such. Every ASCII
/// character is one RFC 3986 allows (letters, digits, <c>-._~</c>, the delimiters <c>:/?#[]@!$&amp;'()*+,;=</c>, and <c>%</c>
/// followed by two hex digits); a non-ASCII one is a letter, mark, digit or symbol: never white space, a control character, a
/// bidirectional formatting character (RFC 3987 §4.1), a lone surrogate or a non-character. A URL is shown as a link;
/// <c>"https://x/\njavascript:…"</c> must never be one.
/// </summary>
public static class SourceUrl
{
    /// <summary>Why <paramref name="url"/> is not an acceptable source URL, or null when it is.</summary>
    public static string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            || !url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase) || uri.Host.Length == 0)
            return $"expected an absolute http(s) address, found '{url}'";
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c == '%')
            {
                if (i + 2 >= url.Length || !char.IsAsciiHexDigit(url[i + 1]) || !char.IsAsciiHexDigit(url[i + 2]))
                    return $"'%' at position {i} is not followed by two hex digits (RFC 3986 percent-encoding)";
                i += 2;
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1]))
            {
                i++;
                continue;
            }
            if (!(IsUriChar(c) || IsIriChar(c)))
                return $"the character U+{(int)c:X4} at position {i} is not allowed in a URI (RFC 3986, RFC 3987); percent-encode it";
        }
        return null;
    }

    private static bool IsIriChar(char c) =>
        c > '\u007F' && !char.IsWhiteSpace(c) && !char.IsControl(c) && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF')
            && c is not ('\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format;

    private static bool IsUriChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or ':' or '/' or '?' or '#' or '[' or ']' or '@'
            or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';
}
