using Microsoft.Net.Http.Headers;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// Conditional requests and content coding, shared by every endpoint that sets an ETag or serves gzip: one reading of
/// <c>If-None-Match</c> (RFC 9110 §13.1.2: a list of tags or <c>*</c>, compared weakly) and of <c>Accept-Encoding</c>.
/// </summary>
public static class Conditional
{
    /// <summary>True when the request's <c>If-None-Match</c> names <paramref name="etag"/> (weak comparison) or is <c>*</c>.</summary>
    public static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var opaque = Opaque(etag);
        foreach (var value in request.Headers.IfNoneMatch)
            foreach (var part in (value ?? "").Split(','))
            {
                var tag = part.Trim();
                if (tag == "*" || Opaque(tag) == opaque || WithoutCoding(Opaque(tag)) == opaque) return true;
            }
        return false;
    }

    /// <summary>Suffixes <see cref="CompressedETags"/> gives the ETag of a compressed representation.</summary>
    private static readonly string[] CodingSuffixes = ["-br\"", "-gzip\""];

    /// <summary>The identity representation's tag of a tag the compression middleware marked with its coding.</summary>
    private static string WithoutCoding(string tag)
    {
        foreach (var suffix in CodingSuffixes)
            if (tag.EndsWith(suffix, StringComparison.Ordinal)) return tag[..^suffix.Length] + "\"";
        return tag;
    }

    /// <summary>
    /// The ETag of a response the compression middleware encoded: a strong validator names one representation (RFC 9110 §8.8.1),
    /// so a brotli or gzip body gets its own tag (<c>"X-br"</c>); <see cref="IfNoneMatch"/> takes either back.
    /// </summary>
    public static void CompressedETags(HttpResponse response)
    {
        var coding = response.Headers.ContentEncoding.ToString();
        var etag = response.Headers.ETag.ToString();
        if (etag.Length < 2 || !etag.EndsWith('"') || coding is not ("br" or "gzip")) return;
        // tiles encode themselves and say so (TileEndpoints)
        if (etag.EndsWith("-gz\"", StringComparison.Ordinal) || etag.EndsWith("-br\"", StringComparison.Ordinal)) return;
        response.Headers.ETag = etag[..^1] + "-" + coding + "\"";
    }

    /// <summary>True when the client accepts gzip (<c>gzip</c>, or else <c>*</c>, with a quality above 0).</summary>
    public static bool AcceptsGzip(HttpRequest request) => Quality(request, "gzip") > 0;

    /// <summary>
    /// The quality <c>Accept-Encoding</c> gives <paramref name="coding"/>: its own entry's, else that of <c>*</c>, else 0
    /// (RFC 9110 §12.5.3).
    /// </summary>
    public static double Quality(HttpRequest request, string coding)
    {
        double? named = null, any = null;
        foreach (var value in request.Headers.AcceptEncoding)
            foreach (var part in (value ?? "").Split(','))
            {
                if (!StringWithQualityHeaderValue.TryParse(part.Trim(), out var entry)) continue;
                if (entry.Value.Equals(coding, StringComparison.OrdinalIgnoreCase)) named = Math.Max(named ?? 0, entry.Quality ?? 1);
                else if (entry.Value.Equals("*", StringComparison.Ordinal)) any = Math.Max(any ?? 0, entry.Quality ?? 1);
            }
        return named ?? any ?? 0;
    }

    /// <summary>Longest data token (<see cref="Core.Domain.DataToken"/>; also the longest <c>v</c> accepted).</summary>
    public const int MaxTokenLength = Core.Domain.DataToken.MaxLength;

    /// <summary>The characters of a data token (<see cref="Core.Domain.DataToken.IsTokenChar"/>).</summary>
    public static bool IsTokenChar(char c) => Core.Domain.DataToken.IsTokenChar(c);

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
