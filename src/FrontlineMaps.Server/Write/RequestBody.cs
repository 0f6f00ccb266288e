using System.Text.Json;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Write;

/// <summary>Limits of the write API, from configuration <c>Write:MaxBodyBytes</c> (default 1 MiB).</summary>
public sealed class WriteLimits(IConfiguration configuration)
{
    /// <summary>Largest request body accepted (413 above).</summary>
    public long MaxBodyBytes { get; } = configuration.GetValue<long?>("Write:MaxBodyBytes") ?? 1024 * 1024;
}

/// <summary>Reads a write's JSON body within a size limit: 413 when larger, 415 when not JSON, 400 when not well-formed.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpContext ctx, long maxBytes, bool optional)
    {
        var request = ctx.Request;
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
            return optional ? [] : throw ProblemException.BadRequest("body", "a JSON body is required");
        var type = request.ContentType;
        if (type is null || !(type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase)))
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Content-Type", $"expected application/json, found '{type}'");
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + n > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0 && !optional) throw ProblemException.BadRequest("body", "a JSON body is required");
        return buffer.ToArray();
    }

    public static JsonDocument? Parse(byte[] bytes, bool optional)
    {
        if (bytes.Length == 0) return optional ? null : throw ProblemException.BadRequest("body", "a JSON body is required");
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw ProblemException.BadRequest("body", $"invalid JSON (line {(e.LineNumber ?? 0) + 1}): {(cut > 0 ? e.Message[..cut] : e.Message)}");
        }
    }

    private static ProblemException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "body", $"the body is larger than {maxBytes} bytes");
}
