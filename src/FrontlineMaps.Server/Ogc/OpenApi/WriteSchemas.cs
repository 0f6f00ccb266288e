using System.Text.Json.Nodes;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Tiles;
using FrontlineMaps.Server.Write;
using static FrontlineMaps.Server.Ogc.OpenApi.OpenApiJson;

namespace FrontlineMaps.Server.Ogc.OpenApi;

/// <summary>
/// The write API's request bodies (two examples each), keyed by endpoint name, and the canonical record schemas
/// (docs/data-format.md). The operations come from the endpoints (<c>Write/WriteDescriptions.cs</c>); the security requirement
/// and the role from each endpoint's RequireRole metadata (<see cref="FrontlineDocumentTransformer"/>); the examples are posted
/// to the real endpoints by ApiDocumentTests.
/// </summary>
internal static class WriteSchemas
{
    /// <summary>The request body of each write, with its examples, by endpoint name (the endpoints declare the rest).</summary>
    internal static JsonObject Bodies() => new()
    {
        ["PostChanges"] = Body("ChangeRequest", "One change or an array of changes.",
            ("claim", "A claim (the least a request needs)", new JsonObject
            {
                ["place"] = "ejaz-idlib", ["faction"] = "SAA", ["valid_from"] = "2020-02-01", ["kind"] = "capture", ["status"] = "claimed",
                ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib" }),
            }),
            ("full", "Every member a change request may have", new JsonObject
            {
                ["id"] = "c-example-ejaz-fighting", ["place"] = "ejaz-idlib", ["faction"] = "SAA", ["valid_from"] = "2020-02-02T06:30Z",
                ["valid_to_approx"] = "2020-02-05", ["kind"] = "capture", ["status"] = "claimed", ["claim_of"] = "contested",
                ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib", ["claimant"] = "SANA" }),
                ["note"] = "Fighting reported on the village's edge; not confirmed.",
            })),
        ["PostSources"] = Body("SourceRecord", "One source or an array of sources.",
            ("minimal", "A source with the required members", new JsonObject
            {
                ["id"] = "example-2020-02-01-ejaz", ["publisher"] = "Example News", ["title"] = "Fighting near Ejaz",
            }),
            ("full", "Every member of a source", new JsonObject
            {
                ["id"] = "example-2020-02-02-ejaz", ["publisher"] = "Example News", ["title"] = "Army claims Ejaz",
                ["url"] = "https://example.org/news/2020-02-02-ejaz", ["published"] = "2020-02-02", ["published_is_inferred"] = false,
            })),
        ["PostPlaces"] = Body("PlaceRecord", "One place or an array of places.",
            ("minimal", "A place with the required members", new JsonObject
            {
                ["id"] = "example-hamlet-idlib", ["name"] = "Example Hamlet", ["kind"] = "hamlet", ["lon"] = 36.95, ["lat"] = 35.6,
            }),
            ("full", "Every member of a place", new JsonObject
            {
                ["id"] = "example-camp-idlib", ["name"] = "Example Camp", ["names"] = new JsonArray("Mukhayyam Example"), ["kind"] = "other",
                ["lon"] = 36.97, ["lat"] = 35.61, ["governorate"] = "Idleb", ["district"] = "Al Ma'ra", ["subdistrict"] = "Sanjar",
                ["pcode"] = "C9999", ["population"] = 1200, ["approximate"] = true, ["note"] = "Located from a description of the camp.",
                ["valid_from"] = "2018-05-01",
            })),
        ["PostFactions"] = Body("FactionRecord", "One faction or an array of factions.",
            ("minimal", "A faction with the required members", new JsonObject
            {
                ["id"] = "EXA", ["name"] = "Example Brigade", ["short_name"] = "Example", ["color"] = "#1b9e77",
            }),
            ("full", "Every member of a faction", new JsonObject
            {
                ["id"] = "EXB", ["name"] = "Example Brigade (reorganised)", ["short_name"] = "Example B", ["color"] = "#7570b3",
                ["aliases"] = new JsonArray("the brigade"), ["parent"] = "SAA", ["valid_from"] = "2016-01-01", ["valid_to"] = "2021-01-01",
                ["allies"] = new JsonArray("SAA", new JsonObject { ["faction"] = "Russia", ["from"] = "2016-01-01", ["to"] = "2018-06-01" }),
                ["succeeded_by"] = "SAA",
            })),
        ["RetractChange"] = Body("RetractRequest", null,
            ("minimal", "No note, no sources", new JsonObject()),
            ("full", "With a note and the sources behind the retraction", new JsonObject
            {
                ["note"] = "The report was withdrawn by its publisher.",
                ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib", ["claimant"] = "SouthFront" }),
            }), required: false),
        ["ReviewChange"] = Body("ReviewRequest", null,
            ("minimal", "A confirmation", new JsonObject { ["verdict"] = "confirmed" }),
            ("full", "Every member of a review", new JsonObject
            {
                ["verdict"] = "confirmed", ["note"] = "Seen in two independent reports.",
                ["sources"] = new JsonArray(new JsonObject { ["source"] = "globalresearch-2019-12-03-idlib" }),
            })),
    };

    /// <summary>A JSON request body: one record or an array of them, or (for <c>array: false</c> schemas) one object, with named examples.</summary>
    private static JsonObject Body(string schema, string? arrayDescription, (string Name, string Summary, JsonObject Value) minimal,
        (string Name, string Summary, JsonObject Value) full, bool required = true)
    {
        JsonNode bodySchema = arrayDescription is null
            ? SchemaRef(schema)
            : new JsonObject
            {
                ["description"] = arrayDescription,
                ["oneOf"] = new JsonArray(SchemaRef(schema), new JsonObject
                {
                    ["type"] = "array", ["minItems"] = 1, ["maxItems"] = WriteEndpoints.MaxBatch, ["items"] = SchemaRef(schema),
                }),
            };
        return new JsonObject
        {
            ["required"] = required,
            ["content"] = new JsonObject
            {
                [JsonType] = new JsonObject
                {
                    ["schema"] = bodySchema,
                    ["examples"] = new JsonObject
                    {
                        [minimal.Name] = new JsonObject { ["summary"] = minimal.Summary, ["value"] = minimal.Value },
                        [full.Name] = new JsonObject { ["summary"] = full.Summary, ["value"] = full.Value },
                    },
                },
            },
        };
    }


    internal static JsonObject Schemas()
    {
        var citation = Obj(("source", Id("The id of a source (see POST /api/sources).")), ("claimant", Str("Who made the claim, when not the publisher.")));
        citation["required"] = new JsonArray("source");
        citation["additionalProperties"] = false;

        var changeRequest = Strict(
            ["place", "faction", "valid_from", "kind", "status", "sources"],
            ("id", Id("Optional: generated as `c-YYYYMMDDTHHMMSS-hex` when missing.")),
            ("place", Str("A place id.")),
            ("faction", Str("A faction id.")),
            ("valid_from", new JsonObject
            {
                ["type"] = "string", ["pattern"] = @"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z)?$",
                ["description"] = "When it became true on the ground: YYYY-MM-DD or YYYY-MM-DDTHH:MMZ; not in the future, not before the place or " +
                                  "faction existed.",
            }),
            ("valid_to_approx", Date("The last day of an approximate range (\"in December\").")),
            ("kind", Enum("capture or confirmation (a report that only confirms who holds a place is still evidence).", "capture", "confirmation")),
            ("status", Enum("An editor's key records claims only; held and contested need a reviewer (403 otherwise).", "held", "contested", "claimed")),
            ("claim_of", Enum("For a claim: what is claimed (default held). Only with status claimed.", "held", "contested")),
            ("sources", new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = SchemaRef("Citation"), ["description"] = "The evidence." }),
            ("note", Str("The editor's note, in their own words.", minLength: 1)));

        var changeRecord = Obj(
            ("id", Str()), ("place", Str()), ("faction", Str()), ("valid_from", Str()), ("valid_to_approx", Date()), ("kind", Enum(null, "capture", "confirmation", "retraction")),
            ("status", Enum(null, "held", "contested", "claimed")), ("claim_of", Enum(null, "held", "contested")),
            ("sources", Arr(SchemaRef("Citation"))), ("recorded_at", new JsonObject { ["type"] = "string", ["format"] = "date-time" }),
            ("recorded_by", Str("The name of the API key that wrote it.")), ("retracts", Str()), ("note", Str()), ("reviews", Str()),
            ("verdict", Enum(null, "confirmed", "disputed")));
        changeRecord["required"] = new JsonArray("id", "place", "valid_from", "kind", "status", "sources", "recorded_at", "recorded_by");
        changeRecord["description"] = "A control change as stored (one record of changes.ndjson).";

        var problem = Obj(
            ("type", Str("A URI reference identifying the problem type.")),
            ("title", Str("The HTTP reason phrase.")),
            ("status", Int()),
            ("detail", Str("What is wrong, in words.")),
            ("instance", Str()),
            ("parameter", Str("The query parameter, path segment, header (Authorization, Content-Type, Idempotency-Key, If-Match) or body " +
                              "field at fault, e.g. `datetime`, `id`, `sources[0].source`, `changes[3].faction`, `body`.")),
            ("traceId", Str()));
        problem["required"] = new JsonArray("title", "status");
        problem["description"] = "RFC 9457 problem details, as application/problem+json.";

        return new JsonObject
        {
            ["ProblemDetails"] = problem,
            ["Citation"] = citation,
            ["ChangeRequest"] = changeRequest,
            ["ChangeRecord"] = changeRecord,
            ["SourceRecord"] = Strict(["id", "publisher", "title"],
                ("id", Id(null)), ("publisher", Str(minLength: 1)), ("title", Str(minLength: 1)),
                ("url", new JsonObject { ["type"] = "string", ["format"] = "uri", ["description"] = "Only a real, checkable http(s) address; never invented." }),
                ("published", Date("Publication date.")), ("published_is_inferred", new JsonObject { ["type"] = "boolean", ["description"] = "The date was inferred, not printed." })),
            ["PlaceRecord"] = Strict(["id", "name", "kind", "lon", "lat"],
                ("id", Id("A stable slug.")), ("name", Str("The preferred Latin name.", minLength: 1)),
                ("names", Arr(Str(minLength: 1), "Alternate spellings and other scripts.")),
                ("kind", Enum(null, "city", "town", "village", "hamlet", "hill", "base", "other")),
                ("lon", new JsonObject { ["type"] = "number", ["minimum"] = -180, ["maximum"] = 180 }),
                ("lat", new JsonObject { ["type"] = "number", ["minimum"] = -90, ["maximum"] = 90 }),
                ("governorate", Str(minLength: 1)), ("district", Str(minLength: 1)), ("subdistrict", Str(minLength: 1)), ("pcode", Str(minLength: 1)),
                ("population", new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
                ("approximate", new JsonObject { ["type"] = "boolean", ["description"] = "Located from a description, not a gazetteer." }),
                ("note", Str("Provenance of the location.", minLength: 1)),
                ("valid_from", Date("The first day the place existed; changes dated before it are refused."))),
            ["FactionRecord"] = Strict(["id", "name", "short_name", "color"],
                ("id", Id(null)), ("name", Str(minLength: 1)), ("short_name", Str("The legend label.", minLength: 1)),
                ("color", new JsonObject { ["type"] = "string", ["pattern"] = "^#[0-9a-fA-F]{6}$", ["description"] = "Map colour, #rrggbb." }),
                ("aliases", Arr(Str(minLength: 1), "Names reports use for it.")), ("parent", Str("The id of its coalition.")),
                ("valid_from", Date("Existence interval, half-open [valid_from, valid_to).")), ("valid_to", Date()),
                ("allies", Arr(new JsonObject
                {
                    ["oneOf"] = new JsonArray(
                        Str("A faction it does not fight, for all time."),
                        Strict(["faction"],
                            ("faction", Str("A faction it does not fight during [from, to).")),
                            ("from", Date("The first day of the alliance; unbounded when missing.")),
                            ("to", Date("The first day the two are no longer allied (half-open); unbounded when missing.")))),
                }, "Factions it does not fight (symmetric: declaring it on either side is enough). Two alliances of the same pair " +
                   "must not share a day.")),
                ("succeeded_by", Str("The faction it became."))),
            ["RetractRequest"] = Strict([],
                ("note", Str("Why it is withdrawn.", minLength: 1)),
                ("sources", Arr(SchemaRef("Citation"), "Sources behind the retraction."))),
            ["ReviewRequest"] = Strict(["verdict"],
                ("verdict", Enum("confirmed states the claim as fact; disputed keeps it a claim.", "confirmed", "disputed")),
                ("note", Str(minLength: 1)),
                ("sources", Arr(SchemaRef("Citation"), "Sources added to the claim's own."))),
            ["WriteResult"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "The records as written, by record set (only the sets written).",
                ["properties"] = new JsonObject
                {
                    ["factions"] = Arr(SchemaRef("FactionRecord")),
                    ["sources"] = Arr(SchemaRef("SourceRecord")),
                    ["places"] = Arr(SchemaRef("PlaceRecord")),
                    ["changes"] = Arr(SchemaRef("ChangeRecord")),
                },
            },
        };
    }

}
