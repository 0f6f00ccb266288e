namespace FrontlineMaps.Server.Http;

/// <summary>
/// A refused request that becomes an RFC 9457 ProblemDetails response (400, 404, 422; 503 and 429 with <c>Retry-After</c>) naming
/// the parameter at fault.
/// Thrown by parsing and validation; turned into a response by <see cref="ProblemExceptionHandler"/>.
/// </summary>
public sealed class ProblemException(int status, string parameter, string detail) : Exception(detail)
{
    /// <summary>HTTP status: 400 (malformed), 404 (unknown resource) or 422 (well-formed but outside what the data holds).</summary>
    public int Status { get; } = status;

    /// <summary>The query parameter or path segment at fault (e.g. <c>datetime</c>, <c>bbox</c>, <c>collectionId</c>).</summary>
    public string Parameter { get; } = parameter;

    /// <summary>
    /// For a 503 or 429: when to try again, sent as <c>Retry-After</c> (seconds). Null: 1 s.
    /// </summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>400 Bad Request for <paramref name="parameter"/>.</summary>
    public static ProblemException BadRequest(string parameter, string detail) => new(StatusCodes.Status400BadRequest, parameter, detail);

    /// <summary>404 Not Found for <paramref name="parameter"/>.</summary>
    public static ProblemException NotFound(string parameter, string detail) => new(StatusCodes.Status404NotFound, parameter, detail);

    /// <summary>422 Unprocessable Content for <paramref name="parameter"/>.</summary>
    public static ProblemException Unprocessable(string parameter, string detail) => new(StatusCodes.Status422UnprocessableEntity, parameter, detail);
}

/// <summary>The <c>type</c> and <c>title</c> every problem this server writes carries, by status.</summary>
public static class Problems
{
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
