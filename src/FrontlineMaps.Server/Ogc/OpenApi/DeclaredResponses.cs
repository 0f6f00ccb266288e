using FrontlineMaps.Server.Tiles;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>A response an endpoint declares for the document: its status, what it means and its media types (a media type's
/// schema is a component of <see cref="ResponseSchemas"/>, or null for the type's plain schema).</summary>
/// <remarks>Each header refers to a component of <see cref="ApiComponents.Headers"/>, or is a plain string where it has none.</remarks>
internal sealed record DeclaredResponse(int Status, string Description, (string Type, string? Schema)[] Content, params (string Name, string? Component)[] Headers);

/// <summary>A header parameter the endpoint reads (a component of <see cref="ApiComponents.Parameters"/>).</summary>
internal sealed record HeaderParameter(string Component);

/// <summary>The shared parameter component a declared parameter refers to where its name alone does not say (the two <c>to</c>s).</summary>
internal sealed record ParameterComponent(string Name, string Component);

/// <summary>
/// What an endpoint declares about its answers, read by <see cref="DeclaredOperationTransformer"/>: the operation of an endpoint
/// comes from its registration (<c>WithName</c>, <c>WithSummary</c>, <c>WithDescription</c>, these) and its handler's parameters.
/// </summary>
internal static class DeclaredResponses
{
    /// <summary>A success (or any documented) answer with its media types.</summary>
    public static TBuilder Responds<TBuilder>(this TBuilder builder, int status, string description, params (string Type, string? Schema)[] content)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new DeclaredResponse(status, description, content));

    /// <summary>A 200 of one media type, with a schema component or the type's plain schema.</summary>
    public static TBuilder Ok<TBuilder>(this TBuilder builder, string description, string type, string? schema = null)
        where TBuilder : IEndpointConventionBuilder => builder.Responds(200, description, (type, schema));

    /// <summary>An RFC 9457 problem answer.</summary>
    public static TBuilder Problem<TBuilder>(this TBuilder builder, int status, string description)
        where TBuilder : IEndpointConventionBuilder => builder.Responds(status, description, (OpenApiJson.Problem, "ProblemDetails"));

    /// <summary>The 429 of a rate-limited read, with Retry-After.</summary>
    public static TBuilder TooMany<TBuilder>(this TBuilder builder, string why) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredResponse(429, $"Over the rate limit ({why}); retry after Retry-After seconds.",
            [(OpenApiJson.Problem, "ProblemDetails")], ("Retry-After", "Retry-After")));

    /// <summary>The stale-<c>v</c> redirect (<see cref="Http.StaleVersion"/>).</summary>
    public static TBuilder Moved<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredResponse(302,
            "`v` names an older data version: the same URL with the current `v` is in Location (`Cache-Control: no-cache`).", [], ("Location", null)));

    /// <summary>The 304 of a conditional GET; the operation then takes <c>If-None-Match</c>.</summary>
    public static TBuilder NotModified<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredResponse(304, "Not modified: If-None-Match matched the current ETag.", []));

    /// <summary>A 200 of JSON with a header (a component of <see cref="ApiComponents.Headers"/>).</summary>
    public static TBuilder OkWithHeader<TBuilder>(this TBuilder builder, string description, string schema, string header, string headerComponent)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredResponse(200, description, [(OpenApiJson.JsonType, schema)], (header, headerComponent)));

    /// <summary>A problem answer with headers.</summary>
    public static TBuilder Problem<TBuilder>(this TBuilder builder, int status, string description, params (string Name, string? Component)[] headers)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredResponse(status, description, [(OpenApiJson.Problem, "ProblemDetails")], headers));

    /// <summary>The endpoint reads the header parameter <paramref name="component"/>.</summary>
    public static TBuilder WithHeaderParameter<TBuilder>(this TBuilder builder, string component)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new HeaderParameter(component));

    /// <summary>Which component the parameter <paramref name="name"/> of this endpoint refers to.</summary>
    public static TBuilder WithParameterComponent<TBuilder>(this TBuilder builder, string name, string component)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ParameterComponent(name, component));

    /// <summary>Media types whose bodies are bytes rather than text.</summary>
    internal static bool IsBinary(string type) => type is TileEndpoints.MvtMediaType or "image/png";
}
