using System.Text.Json.Nodes;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// The pages the viewer serves ahead of routing (<c>UseViewer</c>), which no endpoint describes: <c>/embed</c>, whose view
/// parameters the page reads in the browser. Every other operation is generated from its endpoint.
/// </summary>
internal static class PageOperations
{
    /// <summary>Adds the described operations to <paramref name="paths"/>.</summary>
    public static void Add(JsonObject paths)
    {
        paths["/embed"] = Path(("get", Op("getEmbed", "The map with minimal chrome, for an iframe", "Embedding",
            [Param("date", "query", "The date shown (YYYY-MM-DD); default: the last date with data.", Date()),
             Param("bbox", "query", "The area shown: minLon,minLat,maxLon,maxLat.", new JsonObject { ["type"] = "string" }),
             Param("map", "query", "The view as zoom/lat/lon (instead of bbox).", new JsonObject { ["type"] = "string" }),
             Param("from", "query", "Start of the timeline's range (YYYY-MM-DD).", Date()),
             Param("to", "query", "End of the timeline's range (YYYY-MM-DD).", Date()),
             Param("autoplay", "query", "1 plays the timeline on load.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("0", "1") }),
             Param("controls", "query", "0 hides the timeline controls.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("0", "1") })],
            Responses(Ok("The embeddable page (may be framed by any site); the view parameters are read by the page itself.", Html())))));
    }
}
