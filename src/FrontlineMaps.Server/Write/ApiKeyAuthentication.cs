using System.Security.Claims;
using System.Text.Encodings.Web;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FrontlineMaps.Server.Write;

/// <summary>
/// Bearer-token authentication with the store's API keys (<see cref="IEditorStore.FindKey"/>: hashed, looked up on every request
/// so that a revocation takes effect at once). No <c>Authorization</c> header: anonymous (reading needs nothing). A wrong,
/// malformed or revoked token: 401 with <c>WWW-Authenticate: Bearer</c>. A known key without the role: 403. Tokens are never
/// logged; only the key's public id is.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, MapSource source,
    FailedAuthentications failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim type carrying the role (editor, reviewer, admin).</summary>
    public const string RoleClaim = "frontline:role";

    private const string FailureItem = "frontline:auth-failure";
    private const string StoreUnavailableItem = "frontline:auth-store-unavailable";
    private const string LockedOutItem = "frontline:auth-locked-out";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0) return AuthenticateResult.NoResult();
        if (failures.LockedOut(Context) is { } seconds)
        {
            // Over the failed-authentication limit: the key is not even looked up (FailedAuthentications).
            Context.Items[LockedOutItem] = seconds;
            return AuthenticateResult.Fail("too many failed authentications from this address");
        }
        AuthenticateResult Fail(string reason)
        {
            Context.Items[FailureItem] = reason;
            failures.Failed(Context);
            return AuthenticateResult.Fail(reason);
        }
        var value = header.Count == 1 ? header[0] : null;
        if (value is null || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail("expected 'Authorization: Bearer <API key>'");
        if (source.Editor is not { } editor) return Fail("this store keeps no API keys");
        ApiKey? key;
        try
        {
            key = await editor.FindKeyAsync(value[7..].Trim(), Context.RequestAborted);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // The store cannot say whose key this is. A read needs no key and goes on anonymously (from memory); a request that
            // needs one is answered 503 with Retry-After by the challenge below, never 500, never 401 (the key may be fine).
            Logger.LogWarning("API key lookup failed: the store is not answering ({Type}: {Message})", e.GetType().Name, e.Message);
            Context.Items[StoreUnavailableItem] = true;
            return AuthenticateResult.NoResult();
        }
        if (key is null) return Fail("unknown API key");
        if (!key.IsActive) return Fail("the API key has been revoked");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(RoleClaim, ApiKeyTokens.Name(key.Role)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreUnavailableItem))
        {
            Response.Headers.RetryAfter = "1";
            return Results.Problem(statusCode: 503, title: Problems.TitleOf(503), type: Problems.TypeOf(503),
                detail: "the store that keeps the API keys is not answering, so this key cannot be checked now; nothing was written, retry",
                extensions: new Dictionary<string, object?> { ["parameter"] = "Authorization" }).ExecuteAsync(Context);
        }
        if (Context.Items[LockedOutItem] is int seconds)
        {
            Response.Headers.RetryAfter = FailedAuthentications.Header(seconds);
            return Results.Problem(statusCode: 429, title: Problems.TitleOf(429), type: Problems.TypeOf(429),
                detail: $"too many failed authentications from this address; retry after {seconds} s",
                extensions: new Dictionary<string, object?> { ["parameter"] = "Authorization" }).ExecuteAsync(Context);
        }
        Response.Headers.WWWAuthenticate = "Bearer realm=\"frontlinemaps\"";
        var reason = Context.Items[FailureItem] as string ?? "this request needs an API key: 'Authorization: Bearer <API key>'";
        return Results.Problem(statusCode: 401, title: "Unauthorized", type: Problems.TypeOf(401), detail: reason,
            extensions: new Dictionary<string, object?> { ["parameter"] = "Authorization" }).ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirst(RoleClaim)?.Value ?? "none";
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>()?.Role is { } r ? ApiKeyTokens.Name(r) : "another role";
        return Results.Problem(statusCode: 403, title: "Forbidden", type: Problems.TypeOf(403), detail: $"this key's role '{role}' may not do this; it needs '{needed}'",
            extensions: new Dictionary<string, object?> { ["parameter"] = "Authorization" }).ExecuteAsync(Context);
    }
}

/// <summary>Endpoint metadata: the least role a write needs.</summary>
public sealed record RequiredRole(ApiRole Role);

/// <summary>Who is writing: the key's id, name (recorded as <c>recorded_by</c>) and role.</summary>
public sealed record Writer(string KeyId, string Name, ApiRole Role)
{
    /// <summary>The writer of an authenticated request.</summary>
    public static Writer Of(ClaimsPrincipal user)
    {
        ApiKeyTokens.TryParseRole(user.FindFirst(ApiKeyAuthenticationHandler.RoleClaim)?.Value, out var role);
        return new Writer(user.FindFirst(ClaimTypes.NameIdentifier)!.Value, user.Identity!.Name!, role);
    }

    /// <summary>True when the key's role includes <paramref name="needed"/>.</summary>
    public bool May(ApiRole needed) => Role >= needed;
}

/// <summary>Registration of the scheme and one policy per role.</summary>
public static class ApiKeyAuthenticationSetup
{
    /// <summary>Adds API-key authentication and the policies <c>editor</c>, <c>reviewer</c> and <c>admin</c>.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddSingleton<FailedAuthentications>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            foreach (var role in Enum.GetValues<ApiRole>())
                o.AddPolicy(ApiKeyTokens.Name(role), p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                    ApiKeyTokens.TryParseRole(ctx.User.FindFirst(ApiKeyAuthenticationHandler.RoleClaim)?.Value, out var held) && held >= role));
        });
        return services;
    }

    /// <summary>Requires a key with <paramref name="role"/> (or a higher one).</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiKeyTokens.Name(role)).WithMetadata(new RequiredRole(role));
}
