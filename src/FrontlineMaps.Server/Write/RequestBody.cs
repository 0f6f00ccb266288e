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
        // RFC 8259 §8.1: JSON text is UTF-8. System.Text.Json checks the structure but not the bytes inside strings, and
        // fails later, when a value is read (a 500); so the whole body is checked here, once.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw ProblemException.BadRequest("body", $"the body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(bytes)})");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var cut = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw ProblemException.BadRequest("body", $"invalid JSON (line {(e.LineNumber ?? 0) + 1}): {(cut > 0 ? e.Message[..cut] : e.Message)}");
        }
        try
        {
            CheckStrings(document.RootElement, "");
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return document;
    }

    /// <summary>
    /// Every member name and string value must be Unicode text: an escaped lone surrogate (<c>"\ud800"</c>) is valid JSON
    /// syntax but no string (RFC 8259 §8.2), and reading it throws. A 400 naming <c>body</c> and the JSON path.
    /// </summary>
    private static void CheckStrings(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Decode(() => element.GetString(), path);
                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    var name = Decode(() => member.Name, path);
                    CheckStrings(member.Value, path.Length == 0 ? name : path + "." + name);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) CheckStrings(item, $"{path}[{i++}]");
                break;
        }
    }

    private static string Decode(Func<string?> read, string path)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw ProblemException.BadRequest("body",
                $"a string{(path.Length > 0 ? $" at '{path}'" : "")} is not Unicode text: a lone surrogate escape (\\uD800–\\uDFFF without its pair)");
        }
    }

    private static int FirstInvalidByte(byte[] bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length : read;
    }

    private static ProblemException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "body", $"the body is larger than {maxBytes} bytes");
}
