using System.Text.Json;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FrontlineMaps.Server.Ogc;

/// <summary>
/// <c>/collections/{collectionId}/queryables</c> (OGC API – Features Part 3): a JSON Schema of the properties a client can filter
/// items on with a query parameter of the same name (<c>?faction=SDF</c>, <c>?status=held</c>, <c>?date=2019-12-02</c>), so that
/// QGIS and OWSLib offer them. <c>date</c> is the day a map-at-a-date feature shows: selecting on it selects the map.
/// </summary>
internal static class OgcQueryables
{
    /// <summary>The queryable properties of a collection: name, JSON Schema type and format, description, allowed values.</summary>
    public static IEnumerable<(string Name, string Type, string? Format, string Description, IReadOnlyList<string>? Enum)> Of(OgcCollection c, MapState state)
    {
        var factions = state.Factions.Keys.Order(StringComparer.Ordinal).ToList();
        if (c.Id is OgcCollections.Places or OgcCollections.Territory or OgcCollections.Frontlines)
            yield return ("date", "string", "date", "The day the map shows (the end of that day); one day per request.", null);
        if (c.Id is OgcCollections.Places or OgcCollections.Changes or OgcCollections.Territory or OgcCollections.Frontlines)
        {
            var values = c.Id == OgcCollections.Territory ? [.. factions, Core.Derivation.ControlMap.ContestedClass] : factions;
            var what = c.Id switch
            {
                OgcCollections.Places => "The controller shown.",
                OgcCollections.Frontlines => "One of the two factions that meet.",
                OgcCollections.Territory => "Whose ground (or contested ground).",
                _ => "The faction the record is about.",
            };
            yield return ("faction", "string", null, what, values);
        }
        if (c.Statuses.Length > 0) yield return ("status", "string", null, "The status.", c.Statuses);
    }

    /// <summary>The JSON Schema of <paramref name="collectionId"/>'s queryables (only <c>f=json</c>), or 304 when the client's copy is current.</summary>
    public static Results<StreamedBody, StatusCodeHttpResult> Write(FormatQuery q, HttpContext context, MapState state, string collectionId)
    {
        var collection = OgcCollections.Find(collectionId);
        if (q.F is { } f and not "json") throw ProblemException.BadRequest("f", $"'{f}' is not a format of this resource: expected json");
        if (OgcHttp.IsCurrent(context, state, "schema")) return DatedCaching.NotModified;
        var baseUrl = OgcHttp.BaseUrl(context.Request);
        return OgcHttp.JsonBody(OgcHttp.SchemaJson, w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            w.WriteString("$id", $"{baseUrl}/collections/{collection.Id}/queryables");
            w.WriteString("type", "object");
            w.WriteString("title", collection.Title);
            w.WritePropertyName("properties");
            w.WriteStartObject();
            foreach (var (name, type, format, description, values) in Of(collection, state))
            {
                w.WritePropertyName(name);
                w.WriteStartObject();
                w.WriteString("title", name);
                w.WriteString("description", description);
                w.WriteString("type", type);
                if (format is not null) w.WriteString("format", format);
                if (values is not null)
                {
                    w.WritePropertyName("enum");
                    w.WriteStartArray();
                    foreach (var v in values) w.WriteStringValue(v);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteBoolean("additionalProperties", false);
            w.WriteEndObject();
        });
    }
}
