using System.Text.Json.Nodes;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>The schemas of the JSON answers outside OGC API – Features, by the name the endpoints declare them with (<see cref="DeclaredResponses.Ok"/>).</summary>
internal static class ResponseSchemas
{
    public const string TileJson = "TileJson";
    public const string OEmbed = "OEmbed";
    public const string PlaceVersion = "PlaceVersion";
    public const string Timeline = "Timeline";
    public const string Diff = "Diff";
    public const string PlaceHistory = "PlaceHistory";
    public const string AreaStats = "AreaStats";
    public const string Health = "Health";

    internal static JsonObject Schemas() => new()
    {
        [TileJson] = Required(Obj(("tilejson", Str()), ("tiles", Arr(Str())), ("vector_layers", Arr(Obj())),
            ("bounds", Arr(Num())), ("center", Arr(Num())), ("minzoom", Int()), ("maxzoom", Int())), "tilejson", "tiles", "vector_layers"),
        [Timeline] = Rec(("data_version", Str()), ("known_at", Str(nullable: true)), ("first_date", Date(nullable: true)),
                        ("last_date", Date(nullable: true)), ("url_version", Str()), ("recorded_until", Str(nullable: true)),
                        ("alliance_days", Arr(Date())), ("factions", Arr(Rec(("id", Str()), ("name", Str()), ("short_name", Str()), ("color", Str())))),
                        ("dates", Arr(Rec(("date", Date()), ("total", Int()), ("factions", new JsonObject
                        {
                            ["type"] = "object", ["additionalProperties"] = Int(),
                            ["description"] = "Number of records per faction id.",
                        }))))),
        [Diff] = Rec(("from", Date()), ("to", Date()), ("known_at", Str(nullable: true)), ("data_version", Str()),
                        ("factions", Arr(Rec(("id", Str()), ("name", Str()), ("gained", Arr(Rec(("id", Str()), ("name", Str())))),
                            ("lost", Arr(Rec(("id", Str()), ("name", Str())))), ("gained_count", Int()), ("lost_count", Int()),
                            ("area_gained_km2", Num()), ("area_lost_km2", Num()), ("area_from_km2", Num()), ("area_to_km2", Num()), ("net_area_km2", Num())))),
                        ("contested", Rec(("area_from_km2", Num()), ("area_to_km2", Num()), ("net_area_km2", Num()))),
                        ("inferred", new JsonObject { ["type"] = "object", ["description"] = "Inferred ground per faction (not held; not in the factions' areas).",
                            ["additionalProperties"] = Rec(("area_from_km2", Num()), ("area_to_km2", Num())) })),
        [PlaceHistory] = Rec(("known_at", Str(nullable: true)), ("data_version", Str()), ("place", Rec(("id", Str()), ("name", Str()), ("names", Arr(Str())), ("kind", Str()), ("lon", Num()), ("lat", Num()),
                            ("admin", Rec(("governorate", Str(nullable: true)), ("district", Str(nullable: true)), ("subdistrict", Str(nullable: true)),
                                ("pcode", Str(nullable: true)))),
                            ("approximate", new JsonObject { ["type"] = "boolean" }))),
                        ("records", Arr(Rec(("id", Str()), ("place", Str()), ("faction", Str("Null for a retraction.", nullable: true)), ("valid_from", Str()),
                            ("valid_to_approx", Date(nullable: true)), ("kind", Enum(null, "capture", "confirmation", "retraction")),
                            ("status", Enum(null, "held", "contested", "claimed")), ("claim_of", Str("For a claim: held or contested; else null.", nullable: true)),
                            ("sources", Arr(Rec(("id", Str()), ("publisher", Str(nullable: true)), ("title", Str(nullable: true)), ("url", Str(nullable: true)),
                                ("published", Date(nullable: true)), ("claimant", Str(nullable: true))))),
                            ("recorded_at", new JsonObject { ["type"] = "string", ["format"] = "date-time" }), ("recorded_by", Str()),
                            ("retracts", Str(nullable: true)), ("retracted", new JsonObject { ["type"] = "boolean" }), ("note", Str(nullable: true)),
                            ("state_after", Rec(("status", Enum(null, "held", "contested", "claimed", "unknown")), ("faction", Str(nullable: true)),
                                ("factions", Arr(Str())), ("since", Date(nullable: true)), ("last_confirmed", Date(nullable: true)), ("sources", Int()))))))),
        [AreaStats] = Rec(("from", Date()), ("to", Date()), ("step", Str()), ("known_at", Str(nullable: true)), ("data_version", Str()),
                        ("series", Arr(Rec(("date", Date()), ("km2", new JsonObject { ["type"] = "object", ["additionalProperties"] = Num() }),
                            ("inferred_km2", new JsonObject { ["type"] = "object", ["description"] = "Inferred ground per faction: not held, not in km2.", ["additionalProperties"] = Num() }))))),
        [Health] = Rec(("status", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("ok") }), ("data_version", Str()), ("places", Int()),
                        ("changes", Int()), ("first_date", Date(nullable: true)), ("last_date", Date(nullable: true))),
        [OEmbed] = OEmbedSchema(),
        [PlaceVersion] = Rec(("place", SchemaRef("PlaceRecord")), ("now", Obj()), ("version", Str())),
    };

    private static JsonObject OEmbedSchema()
    {
        var schema = Rec(("version", Str()), ("type", Str()), ("title", Str()), ("provider_name", Str()), ("provider_url", Str()), ("cache_age", Int()),
            ("html", Str()), ("width", Int()), ("height", Int()));
        var properties = (JsonObject)schema["properties"]!;
        properties["thumbnail_url"] = Str();
        properties["thumbnail_width"] = Int();
        properties["thumbnail_height"] = Int();
        return schema;
    }
}

