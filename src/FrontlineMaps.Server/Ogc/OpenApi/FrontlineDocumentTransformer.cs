using System.Text.Json.Nodes;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Write;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// Completes the generated document: info and tags; the components (OGC parameters, feature and record schemas, headers, the
/// API-key scheme); the page still described in <see cref="PageOperations"/>; the request bodies and examples of the writes
/// (<see cref="WriteSchemas"/>, by endpoint name);
/// the security requirement of every endpoint with a <see cref="RequiredRole"/>; and a HEAD operation beside every GET, since
/// HttpHardening serves HEAD wherever GET is served.
/// </summary>
internal sealed class FrontlineDocumentTransformer : IOpenApiDocumentTransformer
{
    // The fixed part, read once: it does not depend on the data.
    private static readonly Lazy<OpenApiDocument> Described = new(() =>
    {
        var paths = new JsonObject();
        PageOperations.Add(paths);
        var schemas = WriteSchemas.Schemas();
        foreach (var (name, schema) in FeatureSchemas.Schemas()) schemas[name] = schema!.DeepClone();
        foreach (var (name, schema) in ResponseSchemas.Schemas()) schemas[name] = schema!.DeepClone();
        var json = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "FrontlineMaps", ["version"] = "1.0.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["parameters"] = ApiComponents.Parameters(),
                ["schemas"] = schemas,
                ["headers"] = ApiComponents.Headers(),
                ["securitySchemes"] = ApiComponents.SecuritySchemes(),
                ["requestBodies"] = WriteSchemas.Bodies(),
            },
        };
        var read = OpenApiDocument.Parse(json.ToJsonString(), "json");
        if (read.Diagnostic is { Errors.Count: > 0 } d)
            throw new InvalidOperationException("the described operations do not parse: " + string.Join("; ", d.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        return read.Document!;
    });

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Capabilities", "OGC API – Features and Tiles: landing page, conformance, this document, collections, queryables, tilesets."),
        ("Data", "OGC API – Features items."),
        ("Tiles", "Dated Mapbox Vector Tiles and TileJSON."),
        ("Timeline", "Timeline, comparison of two dates, a place's history, area over time, health."),
        ("Feeds", "The change feed as CSV and Atom."),
        ("Snapshots", "The whole map of a date as GeoJSON, SVG or PNG."),
        ("Embedding", "The embeddable map and oEmbed."),
        ("Writing", "Appending records with an API key: every write is a new record, all-or-nothing, durable and on the map at once."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.ApplicationServices.GetRequiredService<MapSource>().Current.Timeline.Dataset.Info.Name;
        document.Info = new OpenApiInfo
        {
            Title = $"FrontlineMaps: {name}",
            Version = "1.0.0",
            Description =
                "Who held which place when, with sources: places, control changes, territory, front lines and factions as OGC API – " +
                "Features (Part 1: Core) with datetime, the map as OGC API – Tiles and dated vector tiles, the timeline, comparison, history, " +
                "area and change-feed API, static snapshots, embedding, and the write API for editors. Reading is anonymous; writing needs " +
                "an API key (`Authorization: Bearer flm_…`). Every error is an RFC 9457 problem document naming the `parameter` at fault: " +
                "400 malformed, 404 unknown, 422 a well-formed value the data cannot answer or refuses. An unknown query parameter is a 400.",
        };
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        AddComponents(document);
        AddDescribedOperations(document);
        AddRequestBodies(document);
        AddSecurity(document, context);
        AddHeadOperations(document);
        return Task.CompletedTask;
    }

    private static void AddComponents(OpenApiDocument document)
    {
        var from = Described.Value.Components!;
        var to = document.Components ??= new OpenApiComponents();
        to.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        foreach (var (k, v) in from.Parameters!) to.Parameters[k] = v;
        to.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (k, v) in from.Schemas!) to.Schemas[k] = v;
        to.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var (k, v) in from.Headers!) to.Headers[k] = v;
        to.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var (k, v) in from.SecuritySchemes!) to.SecuritySchemes[k] = v;
    }

    /// <summary>Puts the described operations over the generated ones (or adds them, for endpoints ApiExplorer cannot see).</summary>
    private static void AddDescribedOperations(OpenApiDocument document)
    {
        document.Paths ??= new OpenApiPaths();
        foreach (var (path, described) in Described.Value.Paths)
        {
            if (document.Paths.TryGetValue(path, out var generated) && generated is OpenApiPathItem item)
            {
                item.Operations ??= new Dictionary<HttpMethod, OpenApiOperation>();
                foreach (var (method, operation) in described.Operations!) item.Operations[method] = operation;
            }
            else document.Paths[path] = described;
        }
    }

    /// <summary>The request body (with its examples) of each write, by its endpoint name (the operation id).</summary>
    private static void AddRequestBodies(OpenApiDocument document)
    {
        var bodies = Described.Value.Components!.RequestBodies!;
        foreach (var (_, item) in document.Paths)
            foreach (var (_, operation) in item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
                if (operation.OperationId is { } id && bodies.TryGetValue(id, out var body)) operation.RequestBody = body;
    }

    /// <summary>Every endpoint that requires a role needs the API key: the requirement and <c>x-required-role</c> come from its metadata.</summary>
    private static void AddSecurity(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        foreach (var description in context.DescriptionGroups.SelectMany(g => g.Items))
        {
            if (description.ActionDescriptor.EndpointMetadata.OfType<RequiredRole>().FirstOrDefault() is not { } role) continue;
            var path = "/" + description.RelativePath;
            if (document.Paths[path]?.Operations?.GetValueOrDefault(new HttpMethod(description.HttpMethod!)) is not { } operation) continue;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiComponents.SecurityScheme, document)] = [] }];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-role"] = new JsonNodeExtension(JsonValue.Create(ApiKeyTokens.Name(role.Role)));
        }
    }

    /// <summary>A HEAD twin of every GET: the same parameters and statuses, no body; its own operationId.</summary>
    private static void AddHeadOperations(OpenApiDocument document)
    {
        foreach (var (_, item) in document.Paths)
        {
            if (item is not OpenApiPathItem pathItem || pathItem.Operations is not { } operations) continue;
            if (!operations.TryGetValue(HttpMethod.Get, out var get)) continue;
            if (operations.TryGetValue(HttpMethod.Head, out var head) && head.OperationId != get.OperationId) continue;
            var responses = new OpenApiResponses();
            foreach (var (status, response) in get.Responses ?? [])
                responses[status] = response is OpenApiResponse r ? new OpenApiResponse { Description = r.Description, Headers = r.Headers } : response;
            operations[HttpMethod.Head] = new OpenApiOperation
            {
                OperationId = get.OperationId + "Head",
                Summary = "Headers only: " + get.Summary,
                Description = get.Description,
                Tags = get.Tags,
                Parameters = get.Parameters,
                Responses = responses,
            };
        }
    }
}
