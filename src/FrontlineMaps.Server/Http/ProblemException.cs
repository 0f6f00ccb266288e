namespace FrontlineMaps.Server.Http;

/// <summary>
/// A refused request that becomes an RFC 9457 ProblemDetails response (400, 404, 422; 503 and 429 with <c>Retry-After</c>) naming
/// the parameter at fault.
/// Thrown by parsing and validation; turned into a response by <see cref="ProblemMiddleware"/>.
/// </summary>
public sealed class ProblemException(int status, string parameter, string detail) : Exception(detail)
{
    /// <summary>HTTP status: 400 (malformed), 404 (unknown resource) or 422 (well-formed but outside what the data holds).</summary>
    public int Status { get; } = status;

    /// <summary>The query parameter or path segment at fault (e.g. <c>datetime</c>, <c>bbox</c>, <c>collectionId</c>).</summary>
    public string Parameter { get; } = parameter;

    /// <summary>
    /// For a 503 or 429: when to try again, sent as <c>Retry-After</c> (seconds). Null: a <c>Retry-After</c> already set on the
    /// response is kept, else 1 s.
    /// </summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>400 Bad Request for <paramref name="parameter"/>.</summary>
    public static ProblemException BadRequest(string parameter, string detail) => new(StatusCodes.Status400BadRequest, parameter, detail);

    /// <summary>404 Not Found for <paramref name="parameter"/>.</summary>
    public static ProblemException NotFound(string parameter, string detail) => new(StatusCodes.Status404NotFound, parameter, detail);

    /// <summary>422 Unprocessable Content for <paramref name="parameter"/>.</summary>
    public static ProblemException Unprocessable(string parameter, string detail) => new(StatusCodes.Status422UnprocessableEntity, parameter, detail);
}

/// <summary>
/// Turns <see cref="ProblemException"/> into <c>application/problem+json</c> with <c>status</c>, <c>title</c>, <c>detail</c> and
/// a <c>parameter</c> member; and any other failure into a 500 problem without internals (which tests treat as a bug).
/// </summary>
public sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    /// <summary>Runs the pipeline and maps failures.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ProblemException e) when (!context.Response.HasStarted)
        {
            var retryAfter = context.Response.Headers.RetryAfter;
            context.Response.Clear();
            // Clear drops every header: a 503 or 429 still says when to come back (RFC 9110 §10.2.3).
            if (e.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
                context.Response.Headers.RetryAfter = e.RetryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    ?? (retryAfter.Count > 0 ? retryAfter.ToString() : "1");
            await Results.Problem(statusCode: e.Status, title: TitleOf(e.Status), type: TypeOf(e.Status), detail: e.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = e.Parameter }).ExecuteAsync(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            // Kestrel's own limits (e.g. 413 for a body over its maximum) keep their status.
            await Results.Problem(statusCode: e.StatusCode, title: TitleOf(e.StatusCode), type: TypeOf(e.StatusCode), detail: e.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = "body" }).ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is System.Data.Common.DbException or TimeoutException)
        {
            // The store did not answer (PostgreSQL down, SQLite locked past its timeout): not a bug of the request. Whether a write
            // reached the store is decided where it is made (see WriteEndpoints); here nothing is claimed about it.
            logger.LogWarning("The store failed for {Path}: {Type}: {Message}", context.Request.Path, e.GetType().Name, e.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: 503, title: TitleOf(503), type: TypeOf(503), detail: "the store is not answering now; retry later",
                extensions: new Dictionary<string, object?> { ["parameter"] = "store" }).ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error for {Path}", context.Request.Path);
            context.Response.Clear();
            await Results.Problem(statusCode: 500, title: "Internal Server Error", type: TypeOf(500)).ExecuteAsync(context);
        }
    }

    /// <summary>
    /// The problem <c>type</c> of a status: the section of the RFC that defines it (RFC 9457 §4.2 allows such a URI). ASP.NET
    /// Core fills in only some statuses (none for 413 or 429), so every problem this server writes names it.
    /// </summary>
    internal static string? TypeOf(int status) => status switch
    {
        428 or 429 => $"https://www.rfc-editor.org/rfc/rfc6585#section-{(status == 428 ? 3 : 4)}",
        >= 400 and <= 417 => $"https://www.rfc-editor.org/rfc/rfc9110#section-15.5.{status - 399}",
        421 or 422 => $"https://www.rfc-editor.org/rfc/rfc9110#section-15.5.{status - 401}",
        >= 500 and <= 505 => $"https://www.rfc-editor.org/rfc/rfc9110#section-15.6.{status - 499}",
        _ => null,
    };

    internal static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        422 => "Unprocessable Content",
        _ => "Error",
    };
}
