using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>What an OGC endpoint serves, for the document: which resource, of which collection.</summary>
internal enum OgcResource { Landing, Conformance, Api, Collections, Collection, Queryables, Items, Feature, Tilesets, Tileset }

/// <summary>Endpoint metadata of an OGC endpoint (<see cref="OgcOperationTransformer"/> reads it).</summary>
internal sealed record OgcOperation(OgcResource Resource, OgcCollection? Collection = null);

/// <summary>
/// Gives each generated OGC operation its OGC form: every parameter its endpoint declares (the [AsParameters] records of
/// OgcParameters) becomes a reference to its component, as OGC API – Features Part 1 names them (QGIS reads
/// <c>components.parameters.limit</c>); <c>status</c> and <c>f</c> refer to the values of that collection and resource only; the
/// responses say the media types served, the feature schema of the collection and the problems each can answer.
/// </summary>
internal sealed class OgcOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<OgcOperation>().FirstOrDefault() is not { } ogc) return Task.CompletedTask;
        var document = context.Document;
        operation.Parameters = [.. (operation.Parameters ?? []).Select(p => (IOpenApiParameter)new OpenApiParameterReference(Component(p, ogc), document))];
        operation.Responses = Responses(ogc, document);
        return Task.CompletedTask;
    }

    /// <summary>The component a declared parameter refers to.</summary>
    private static string Component(IOpenApiParameter p, OgcOperation ogc) => p.Name switch
    {
        "f" => ogc.Resource switch
        {
            OgcResource.Queryables or OgcResource.Tilesets or OgcResource.Tileset => "fJson",
            OgcResource.Items when ogc.Collection!.Csv => "fCsv",
            _ => "f",
        },
        "status" => ApiComponents.StatusComponent(ogc.Collection!),
        "collectionId" => ogc.Resource == OgcResource.Queryables ? "featureCollectionId" : "collectionId",
        { } name => name,
        null => throw new InvalidOperationException("a parameter without a name"),
    };

    private static OpenApiResponses Responses(OgcOperation ogc, OpenApiDocument? document)
    {
        var c = ogc.Collection;
        var responses = new OpenApiResponses();
        responses["200"] = ogc.Resource switch
        {
            OgcResource.Landing => Ok("The landing page: links to the API description, conformance and collections. A browser (Accept ranks " +
                                      "text/html above JSON, no `f`) gets the web viewer; `f=html` the landing page as HTML.", (JsonType, null), (OgcHttp.Html, null)),
            OgcResource.Conformance => Ok("The conformance declaration.", (JsonType, null), (OgcHttp.Html, null)),
            OgcResource.Api => Ok("This document (OpenAPI 3.0), or as HTML.", (OgcHttp.OpenApiJson, null), (OgcHttp.Html, null)),
            OgcResource.Collections => Ok("The feature collections with their extents, and a link (rel tilesets-vector) to the map as vector tiles.", (JsonType, null), (OgcHttp.Html, null)),
            OgcResource.Collection => Ok("The collection.", (JsonType, null), (OgcHttp.Html, null)),
            OgcResource.Queryables => Ok("A JSON Schema of the queryable properties: each is also a query parameter of the items.", (OgcHttp.SchemaJson, null)),
            OgcResource.Tilesets => Ok("The tileset list of the map (OGC API – Tiles).", (JsonType, null)),
            OgcResource.Tileset => Ok("The WebMercatorQuad tileset: the tile template, zoom limits and layers.", (JsonType, null)),
            OgcResource.Items => Ok("A page of features with numberMatched, numberReturned, timeStamp and next/prev links" +
                                    (c!.Csv ? "; as CSV, one row per record with the next page in `Link: rel=\"next\"`." : "."),
                [(OgcHttp.GeoJson, Ref(document, FeatureSchemas.PageOf(c.Id))), (OgcHttp.Html, null), .. c.Csv ? [(OgcHttp.Csv, (IOpenApiSchema?)null)] : Array.Empty<(string, IOpenApiSchema?)>()]),
            _ => Ok("The feature, with links self, alternate and collection.", (OgcHttp.GeoJson, Ref(document, FeatureSchemas.FeatureOf(c!.Id))), (OgcHttp.Html, null)),
        };
        responses["304"] = new OpenApiResponse { Description = "Not modified: If-None-Match matched the current ETag." };
        responses["400"] = Problem(document, "A malformed or unknown parameter or format (the problem names it).");
        if (ogc.Resource is OgcResource.Collection or OgcResource.Queryables or OgcResource.Feature)
            responses["404"] = Problem(document, ogc.Resource == OgcResource.Feature ? "No such feature." : "No such collection.");
        if ((ogc.Resource == OgcResource.Items && c!.Parameters.Contains("datetime")) || (ogc.Resource == OgcResource.Feature && c!.FeatureParameters.Contains("datetime")))
            responses["422"] = Problem(document, "A date outside what the data can answer.");
        if (ogc.Resource == OgcResource.Items && c!.Id is OgcCollections.Territory or OgcCollections.Frontlines)
        {
            var tooMany = Problem(document, "Over the rate limit (territory and front lines are expensive reads); retry after Retry-After seconds.");
            tooMany.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = new OpenApiHeaderReference("Retry-After", document) };
            responses["429"] = tooMany;
        }
        return responses;
    }

    private static OpenApiSchemaReference Ref(OpenApiDocument? document, string schema) => new(schema, document);

    private static OpenApiResponse Ok(string description, params (string Type, IOpenApiSchema? Schema)[] content) => new()
    {
        Description = description,
        Content = content.ToDictionary(t => t.Type, t => new OpenApiMediaType
        {
            Schema = t.Schema ?? new OpenApiSchema { Type = t.Type == OgcHttp.Html || t.Type == OgcHttp.Csv ? JsonSchemaType.String : JsonSchemaType.Object },
        }),
    };

    private static OpenApiResponse Problem(OpenApiDocument? document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [OpenApiJson.Problem] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) } },
    };
}
