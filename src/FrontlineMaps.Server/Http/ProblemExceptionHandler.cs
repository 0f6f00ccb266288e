using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// The one mapping from exceptions to RFC 9457 <c>application/problem+json</c> (registered with <see cref="AddProblems"/>, run
/// by <c>UseExceptionHandler</c>), so handlers throw or return and never write errors themselves:
/// <list type="bullet">
/// <item><see cref="ProblemException"/>: its status (400, 404, 422, 503, 429...), <c>title</c>, <c>type</c>, <c>detail</c> and a
/// <c>parameter</c> member naming the field; a 503 or 429 with <c>Retry-After</c> (its <see cref="ProblemException.RetryAfterSeconds"/>, else 1).</item>
/// <item>Kestrel's own limits (<see cref="BadHttpRequestException"/>, e.g. 413): their status, <c>parameter</c> = <c>body</c>.</item>
/// <item>The store not answering (<see cref="System.Data.Common.DbException"/>, <see cref="TimeoutException"/>): 503,
/// <c>Retry-After: 1</c>, <c>parameter</c> = <c>store</c> (nothing is claimed about writes here; see the write endpoints).</item>
/// <item>Anything else: a 500 without internals, logged (tests treat it as a bug).</item>
/// </list>
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Registers the handler and ProblemDetails.</summary>
    public static IServiceCollection AddProblems(IServiceCollection services)
    {
        services.AddProblemDetails();
        return services.AddExceptionHandler<ProblemExceptionHandler>();
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException) return false;
        var response = context.Response;
        IResult problem;
        switch (exception)
        {
            case ProblemException e:
                // A 503 or 429 says when to come back (RFC 9110 §10.2.3).
                if (e.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
                    response.Headers.RetryAfter = (e.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                problem = Problem(e.Status, e.Message, e.Parameter);
                break;
            case BadHttpRequestException e:
                problem = Problem(e.StatusCode, e.Message, "body");
                break;
            case System.Data.Common.DbException or TimeoutException:
                logger.LogWarning("The store failed for {Path}: {Type}: {Message}", context.Request.Path, exception.GetType().Name, exception.Message);
                response.Headers.RetryAfter = "1";
                problem = Problem(StatusCodes.Status503ServiceUnavailable, "the store is not answering now; retry later", "store");
                break;
            default:
                logger.LogError(exception, "Unhandled error for {Path}", context.Request.Path);
                problem = Results.Problem(statusCode: 500, title: "Internal Server Error", type: Problems.TypeOf(500));
                break;
        }
        await problem.ExecuteAsync(context);
        return true;
    }

    private static IResult Problem(int status, string detail, string parameter) =>
        Results.Problem(statusCode: status, title: Problems.TitleOf(status), type: Problems.TypeOf(status), detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
