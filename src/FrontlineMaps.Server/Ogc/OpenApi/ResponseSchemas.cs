using System.Text.Json.Nodes;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>The schemas of the JSON answers outside OGC API – Features, by the name the endpoints declare them with (<see cref="DeclaredResponses.Ok"/>).</summary>
internal static class ResponseSchemas
{
    public const string TileJson = "TileJson";

    internal static JsonObject Schemas() => new()
    {
        [TileJson] = Required(Obj(("tilejson", Str()), ("tiles", Arr(Str())), ("vector_layers", Arr(Obj())),
            ("bounds", Arr(Num())), ("center", Arr(Num())), ("minzoom", Int()), ("maxzoom", Int())), "tilejson", "tiles", "vector_layers"),
    };
}
