using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// Gives each generated operation that declares its responses (<see cref="DeclaredResponses"/>) its final form: every parameter
/// its handler binds becomes a reference to the shared component of that name (one definition of <c>date</c>, <c>known_at</c>,
/// <c>v</c>, <c>layers</c>… in <see cref="ApiComponents"/>; <see cref="ParameterComponent"/> picks a variant), a declared 304 adds
/// <c>If-None-Match</c>, and the responses are the declared ones, in order.
/// </summary>
internal sealed class DeclaredOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly Lazy<HashSet<string>> Components = new(() => [.. ApiComponents.Parameters().Select(p => p.Key)]);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var declared = metadata.OfType<DeclaredResponse>().ToList();
        if (declared.Count == 0 || metadata.OfType<OgcOperation>().Any()) return Task.CompletedTask;
        var document = context.Document;
        var variants = metadata.OfType<ParameterComponent>().ToDictionary(p => p.Name, p => p.Component);
        var parameters = (operation.Parameters ?? []).Select(p => p.Name ?? throw new InvalidOperationException("a parameter without a name"))
            .Select(name => variants.GetValueOrDefault(name, name)).ToList();
        parameters.AddRange(metadata.OfType<HeaderParameter>().Select(h => h.Component));
        if (declared.Any(r => r.Status == 304)) parameters.Add("If-None-Match");
        foreach (var component in parameters.Where(c => !Components.Value.Contains(c)))
            throw new InvalidOperationException($"{context.Description.RelativePath}: no parameter component '{component}'");
        operation.Parameters = [.. parameters.Select(c => (IOpenApiParameter)new OpenApiParameterReference(c, document))];

        var responses = new OpenApiResponses();
        foreach (var r in declared)
        {
            var response = new OpenApiResponse { Description = r.Description };
            if (r.Content.Length > 0)
                response.Content = r.Content.ToDictionary(c => c.Type, c => new OpenApiMediaType { Schema = Schema(c.Type, c.Schema, document) });
            if (r.Headers.Length > 0)
                response.Headers = r.Headers.ToDictionary(h => h.Name, h => h.Component is { } component
                    ? (IOpenApiHeader)new OpenApiHeaderReference(component, document)
                    : new OpenApiHeader { Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            responses[r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        operation.Responses = responses;
        return Task.CompletedTask;
    }

    private static IOpenApiSchema Schema(string type, string? component, OpenApiDocument? document) =>
        component is not null ? new OpenApiSchemaReference(component, document)
        : DeclaredResponses.IsBinary(type) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
        : type.EndsWith("json", StringComparison.Ordinal) ? new OpenApiSchema { Type = JsonSchemaType.Object }
        : new OpenApiSchema { Type = JsonSchemaType.String };
}
