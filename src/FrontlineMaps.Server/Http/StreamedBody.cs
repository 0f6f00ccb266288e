using System.IO.Pipelines;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// A typed result whose body is written straight into the response as it is encoded (whole-map GeoJSON), so memory stays flat
/// however large the document. Return it from a handler (<c>Results&lt;StreamedBody, StatusCodeHttpResult&gt;</c>) after the
/// validators are set (<see cref="DatedCaching.IsCurrent"/>).
/// </summary>
/// <param name="contentType">The media type (e.g. <c>application/geo+json</c>).</param>
/// <param name="write">Writes the body; flush the writer every few hundred features.</param>
/// <param name="fileName">When set, <c>Content-Disposition: inline; filename="…"</c> (what <c>curl -O</c> and browsers save as).</param>
public sealed class StreamedBody(string contentType, Func<PipeWriter, CancellationToken, Task> write, string? fileName = null) : IResult, IContentTypeHttpResult
{
    /// <inheritdoc />
    public string ContentType => contentType;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = contentType;
        if (fileName is not null) response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        var body = response.BodyWriter;
        await write(body, httpContext.RequestAborted);
        await body.FlushAsync(httpContext.RequestAborted);
    }
}
