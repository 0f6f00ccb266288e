using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc.OpenApi;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// The routes of OGC API – Features (Part 1: Core, with datetime; Part 3: queryables) and of the map's OGC API – Tiles metadata:
/// <c>/</c>, <c>/conformance</c>, <c>/api</c>, <c>/collections</c>, <c>/collections/{collectionId}</c> and its queryables, and for
/// each of places, changes, territory, frontlines and factions its own <c>items</c> and <c>items/{featureId}</c>, each with the
/// [AsParameters] record of what it accepts (OgcParameters). Handlers: OgcCapabilities, OgcItems, OgcQueryables.
/// </summary>
public static class OgcEndpoints
{
    /// <summary>Maps the OGC API – Features endpoints and the tileset metadata of OGC API – Tiles.</summary>
    public static IEndpointRouteBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var capabilities = app.MapGroup("").WithTags("Capabilities");
        capabilities.MapGet("/", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => OgcCapabilities.LandingPage(q, context, state))
            .Describe("getLandingPage", "Landing page", OgcResource.Landing);
        capabilities.MapGet("/conformance", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => OgcCapabilities.Conformance(q, context, state))
            .Describe("getConformanceDeclaration", "Conformance classes implemented", OgcResource.Conformance);
        capabilities.MapGet("/api", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => OgcCapabilities.Api(q, context, state))
            .Describe("getApiDescription", "This OpenAPI document", OgcResource.Api);
        capabilities.MapGet("/collections", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => OgcCapabilities.Collections(q, context, state))
            .Describe("getCollections", "The collections", OgcResource.Collections);

        var collections = app.MapGroup("/collections");
        collections.MapGet("/{collectionId}", ([AsParameters] FormatQuery q, string collectionId, HttpContext context, MapState state) =>
                OgcCapabilities.Collection(q, context, state, collectionId))
            .WithTags("Capabilities").Describe("describeCollection", "One collection's metadata", OgcResource.Collection);
        collections.MapGet("/{collectionId}/queryables", ([AsParameters] FormatQuery q, string collectionId, HttpContext context, MapState state) =>
                OgcQueryables.Write(q, context, state, collectionId))
            .WithTags("Capabilities")
            .Describe("getQueryables", "The properties a collection's items can be filtered on (OGC API – Features Part 3)", OgcResource.Queryables);
        collections.MapGet("/" + OgcTiles.Map + "/tiles", ([AsParameters] FormatQuery q, HttpContext context, MapState state) => OgcCapabilities.Tilesets(q, context, state))
            .WithTags("Tiles").Describe("getMapTilesets", "The vector tilesets of the map (OGC API – Tiles)", OgcResource.Tilesets);
        collections.MapGet($"/{OgcTiles.Map}/tiles/{OgcTiles.MatrixSet}", ([AsParameters] FormatQuery q, HttpContext context, MapState state) =>
                OgcCapabilities.Tileset(q, context, state))
            .WithTags("Tiles").Describe("getMapTileset", "The WebMercatorQuad tileset of the map (OGC API – Tiles)", OgcResource.Tileset);

        // One route per collection: each declares the parameters its items accept, so the document says exactly those.
        var data = collections.WithTags("Data");
        MapCollection(data, OgcCollections.Places,
            (i, f) => (data.MapGet(i, ([AsParameters] MapItemsQuery q, HttpContext c, MapState s) => Items(s).Page(c, Of(OgcCollections.Places), q)),
                       data.MapGet(f, ([AsParameters] MapFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).Feature(c, Of(OgcCollections.Places), featureId, q))));
        MapCollection(data, OgcCollections.Changes,
            (i, f) => (data.MapGet(i, ([AsParameters] ChangeItemsQuery q, HttpContext c, MapState s) => Items(s).Page(c, Of(OgcCollections.Changes), q)),
                       data.MapGet(f, ([AsParameters] ChangeFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).Feature(c, Of(OgcCollections.Changes), featureId, q))));
        MapCollection(data, OgcCollections.Territory,
            (i, f) => (data.MapGet(i, ([AsParameters] MapItemsQuery q, HttpContext c, MapState s) => Items(s).Page(c, Of(OgcCollections.Territory), q)),
                       data.MapGet(f, ([AsParameters] MapFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).Feature(c, Of(OgcCollections.Territory), featureId, q))));
        MapCollection(data, OgcCollections.Frontlines,
            (i, f) => (data.MapGet(i, ([AsParameters] FrontLineItemsQuery q, HttpContext c, MapState s) => Items(s).Page(c, Of(OgcCollections.Frontlines), q)),
                       data.MapGet(f, ([AsParameters] MapFeatureQuery q, string featureId, HttpContext c, MapState s) => Items(s).Feature(c, Of(OgcCollections.Frontlines), featureId, q))));
        MapCollection(data, OgcCollections.Factions,
            (i, f) => (data.MapGet(i, ([AsParameters] FactionItemsQuery q, HttpContext c, MapState s) => Items(s).Page(c, Of(OgcCollections.Factions), q)),
                       data.MapGet(f, ([AsParameters] FormatQuery q, string featureId, HttpContext c, MapState s) => Items(s).Feature(c, Of(OgcCollections.Factions), featureId, q))));

        // Any other collection id: a 404 naming collectionId (not API: nothing is there).
        collections.MapGet("/{collectionId}/items", (string collectionId) => OgcCollections.Find(collectionId)).ExcludeFromDescription();
        collections.MapGet("/{collectionId}/items/{featureId}", (string collectionId) => OgcCollections.Find(collectionId)).ExcludeFromDescription();
        return app;
    }

    private static OgcItems Items(MapState state) => state.OgcItems;

    private static OgcCollection Of(string id) => OgcCollections.Find(id);

    private static void MapCollection(RouteGroupBuilder data, string id,
        Func<string, string, (RouteHandlerBuilder Items, RouteHandlerBuilder Feature)> map)
    {
        var collection = Of(id);
        var (items, feature) = map($"/{id}/items", $"/{id}/items/{{featureId}}");
        var name = char.ToUpperInvariant(id[0]) + id[1..];
        items.Describe($"get{name}", $"{collection.Title}: features, paged", OgcResource.Items, collection).WithDescription(collection.Description);
        feature.Describe($"get{name}Feature", $"{collection.Title}: one feature", OgcResource.Feature, collection);
    }

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string name, string summary, OgcResource resource, OgcCollection? collection = null) =>
        builder.WithName(name).WithSummary(summary).WithMetadata(new OgcOperation(resource, collection))
            .RejectUndeclaredQuery(); // 400 for a parameter its [AsParameters] record does not declare, or a repeated one
}
