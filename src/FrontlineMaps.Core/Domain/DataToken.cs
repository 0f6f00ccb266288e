namespace FrontlineMaps.Core.Domain;

/// <summary>
/// A data version as a short token that may stand inside a quoted ETag and a URL's <c>v</c>: the version's letters, digits,
/// '.', '-' and '_' when that keeps it whole and at most <see cref="MaxLength"/> long, else a stable 32-bit FNV-1a hash of it.
/// Part of the HTTP contract (<c>url_version</c> of <c>/api/timeline</c>, the <c>v</c> of every dated URL), so it lives here,
/// beside the data, and is computed once per loaded version.
/// </summary>
public static class DataToken
{
    /// <summary>Longest token (also the longest <c>v</c> accepted).</summary>
    public const int MaxLength = 64;

    /// <summary>The token of <paramref name="dataVersion"/>.</summary>
    public static string Of(string dataVersion)
    {
        var token = new string(dataVersion.Where(IsTokenChar).ToArray());
        if (token.Length is > 0 and <= MaxLength) return token;
        var h = unchecked((int)2166136261);
        foreach (var c in dataVersion) h = unchecked((h ^ c) * 16777619);
        return ((uint)h).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The characters of a token: ASCII letters and digits, '.', '-' and '_'.</summary>
    public static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
