namespace FrontlineMaps.Core.Domain;

/// <summary>
/// The rule for a source's <c>url</c>: an absolute <c>http</c> or <c>https</c> URI as RFC 3986 spells it, with a host. Every
/// character is one RFC 3986 allows in a URI (letters, digits, <c>-._~</c>, the delimiters <c>:/?#[]@!$&amp;'()*+,;=</c>, and
/// <c>%</c> followed by two hex digits): no white space, no control characters, no raw non-ASCII (percent-encode it, as a
/// browser's copied address already is). A URL is shown as a link; <c>"https://x/\njavascript:…"</c> must never be one.
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
            if (!IsUriChar(c))
                return $"the character U+{(int)c:X4} at position {i} is not allowed in a URI (RFC 3986); percent-encode it";
        }
        return null;
    }

    private static bool IsUriChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or ':' or '/' or '?' or '#' or '[' or ']' or '@'
            or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';
}
