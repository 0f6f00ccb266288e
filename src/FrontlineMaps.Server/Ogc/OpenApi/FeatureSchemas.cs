using System.Text.Json.Nodes;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// The schemas of the features each collection serves (the contracts of docs/data-format.md, as GeoJsonFeatureEncoder and
/// OgcItems write them) and of their pages: what a client may rely on, checked against real answers by ApiTruthTests.
/// </summary>
internal static class FeatureSchemas
{
    /// <summary>The component name of <paramref name="collection"/>'s feature schema.</summary>
    public static string FeatureOf(string collection) => collection switch
    {
        OgcCollections.Places => "PlaceFeature",
        OgcCollections.Changes => "ChangeFeature",
        OgcCollections.Territory => "TerritoryFeature",
        OgcCollections.Frontlines => "FrontLineFeature",
        _ => "FactionFeature",
    };

    /// <summary>The component name of <paramref name="collection"/>'s page schema.</summary>
    public static string PageOf(string collection) => FeatureOf(collection).Replace("Feature", "Page", StringComparison.Ordinal);

    public static JsonObject Schemas()
    {
        var schemas = new JsonObject
        {
            ["Link"] = Required(Obj(("href", Str()), ("rel", Str()), ("type", Str()), ("title", Str())), "href", "rel"),
            ["PlaceFeature"] = Feature(Point(), Required(Obj(
                ("id", Str("The place id.")), ("date", Date("The day the map shows.")), ("name", Str("The preferred Latin name.")),
                ("names", Arr(Str(), "Other spellings and scripts (left out when there are none).")),
                ("kind", Enum(null, "city", "town", "village", "hamlet", "hill", "base", "other")),
                ("faction", Str("The controller shown (null: nobody known).", nullable: true)), ("faction_name", Str(nullable: true)),
                ("status", Enum(null, "held", "contested", "claimed", "unknown")),
                ("since", Date("The day the current state began.", nullable: true)), ("last_confirmed", Date(nullable: true)),
                ("sources", Int()), ("factions", Arr(Str(), "The parties of a contested place (left out otherwise).")),
                ("approximate", new JsonObject { ["type"] = "boolean", ["description"] = "Located from a description, not a gazetteer." })),
                "id", "date", "name", "kind", "faction", "faction_name", "status", "since", "last_confirmed", "sources", "approximate")),
            ["ChangeFeature"] = Feature(Point(), Required(Obj(
                ("id", Str()), ("place", Str()), ("faction", Str("Null for a retraction.", nullable: true)),
                ("valid_from", new JsonObject { ["type"] = "string", ["pattern"] = @"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z)?$" }),
                ("valid_to_approx", Date()), ("kind", Enum(null, "capture", "confirmation", "retraction")),
                ("status", Enum(null, "held", "contested", "claimed")), ("claim_of", Enum(null, "held", "contested")),
                ("sources", Arr(Required(Obj(("id", Str()), ("publisher", Str(nullable: true)), ("title", Str(nullable: true)),
                    ("url", Str(nullable: true)), ("published", Date(nullable: true)), ("claimant", Str(nullable: true))), "id"))),
                ("recorded_at", new JsonObject { ["type"] = "string", ["format"] = "date-time" }), ("recorded_by", Str()),
                ("retracts", Str(nullable: true)), ("retracted", new JsonObject { ["type"] = "boolean" }), ("note", Str(nullable: true)),
                ("reviews", Str()), ("verdict", Enum(null, "confirmed", "disputed"))),
                "id", "place", "faction", "valid_from", "kind", "status", "sources", "recorded_at", "recorded_by", "retracted")),
            ["TerritoryFeature"] = Feature(Geometry("MultiPolygon"), Required(Obj(
                ("date", Date("The day the map shows.")), ("faction", Str("The faction, or `contested`.")),
                ("status", Enum(null, "held", "contested", "claimed", "inferred")), ("area_km2", Num()),
                ("places", Arr(Str(), "The places whose cells make it up."))),
                "date", "faction", "status", "area_km2", "places")),
            ["FrontLineFeature"] = Feature(Geometry("MultiLineString"), Required(Obj(
                ("date", Date("The day the map shows.")), ("factions", Arr(Str(), "The two factions that meet.")), ("length_km", Num()),
                ("places", Arr(Str(), "The places along it."))),
                "date", "factions", "length_km", "places")),
            ["FactionFeature"] = Feature(null, Required(Obj(
                ("id", Str()), ("name", Str()), ("short_name", Str()), ("color", new JsonObject { ["type"] = "string", ["pattern"] = "^#[0-9a-fA-F]{6}$" }),
                ("aliases", Arr(Str())), ("parent", Str(nullable: true)),
                ("allies", Arr(new JsonObject { ["description"] = "A faction id (for all time) or {faction, from, to} (a dated alliance)." })),
                ("valid_from", Date(nullable: true)), ("valid_to", Date(nullable: true)), ("succeeded_by", Str(nullable: true))),
                "id", "name", "short_name", "color", "aliases", "parent", "allies", "valid_from", "valid_to", "succeeded_by")),
        };
        foreach (var c in OgcCollections.All)
            schemas[PageOf(c.Id)] = Required(Obj(
                ("type", Enum(null, "FeatureCollection")), ("numberMatched", Int()), ("numberReturned", Int()),
                ("timeStamp", new JsonObject { ["type"] = "string", ["format"] = "date-time" }),
                ("links", Arr(SchemaRef("Link"))), ("features", Arr(SchemaRef(FeatureOf(c.Id))))),
                "type", "numberMatched", "numberReturned", "timeStamp", "links", "features");
        return schemas;
    }

    private static JsonObject Feature(JsonObject? geometry, JsonObject properties)
    {
        var feature = Required(Obj(
            ("type", Enum(null, "Feature")), ("id", Str()),
            ("geometry", geometry ?? new JsonObject { ["type"] = "object", ["nullable"] = true, ["description"] = "Always null: factions have no geometry." }),
            ("properties", properties), ("links", Arr(SchemaRef("Link")))), "type", "id", "geometry", "properties");
        return feature;
    }

    private static JsonObject Point() => Required(Obj(("type", Enum(null, "Point")),
        ("coordinates", new JsonObject { ["type"] = "array", ["minItems"] = 2, ["maxItems"] = 2, ["items"] = Num() })), "type", "coordinates");

    private static JsonObject Geometry(string type) => Required(Obj(("type", Enum(null, type)), ("coordinates", Arr(new JsonObject()))), "type", "coordinates");
}
