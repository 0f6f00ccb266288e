using System.Text.Json.Nodes;
using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// The OpenAPI document of the server, generated from its endpoints by Microsoft.AspNetCore.OpenApi (OpenAPI 3.0) with the
/// transformers of this folder, and served at <c>/api</c> with this server's public address in <c>servers</c>.
/// </summary>
internal static class ApiDescription
{
    /// <summary>The name of the generated document.</summary>
    public const string DocumentName = "frontline";

    /// <summary>Adds the document generator and its transformers.</summary>
    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddSingleton<Generated>().AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddOperationTransformer<OgcOperationTransformer>();
            options.AddDocumentTransformer<FrontlineDocumentTransformer>();
        });

    /// <summary>The app's document, generated once per data version (the title is the dataset's name).</summary>
    private sealed class Generated
    {
        public (string Version, JsonObject Document)? Last;
    }

    /// <summary>The document for a server at <paramref name="baseUrl"/>: a copy of the generated one with its own <c>servers</c>.</summary>
    public static async Task<JsonObject> For(IServiceProvider services, MapState state, string baseUrl, CancellationToken cancellationToken)
    {
        var generated = services.GetRequiredService<Generated>();
        if (generated.Last is not { } cached || cached.Version != state.DataVersion)
        {
            var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName);
            var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
            var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0, cancellationToken);
            cached = (state.DataVersion, JsonNode.Parse(json)!.AsObject());
            generated.Last = cached;
        }
        var copy = cached.Document.DeepClone().AsObject();
        copy["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl });
        return copy;
    }
}
