using FrontlineMaps.Server.Ogc.OpenApi;

namespace FrontlineMaps.Server.Write;

/// <summary>
/// What each write answers, for the document: its parameters, its 201 and the failures it can meet (the request bodies and
/// their examples are keyed by endpoint name in <see cref="WriteSchemas"/>).
/// </summary>
internal static class WriteDescriptions
{
    /// <summary>Describes the write <paramref name="name"/>.</summary>
    public static RouteHandlerBuilder DescribedAsWrite(this RouteHandlerBuilder builder, string name) => name switch
    {
        "PostChanges" => builder.Write(name, "editor", "One change or an array of up to 1,000 (all-or-nothing). An editor records claims (`status: claimed`); a reviewer may state facts " +
            "(`held`, `contested`) directly. `id` is optional (generated). Retractions and reviews have their own endpoints. A single change " +
            "answers with `Location`; a write about one place with its new `ETag`.",
            ifMatch: true,
            forbidden: "The key's role may not write this (`parameter: Authorization`), or an editor states a fact instead of a claim " +
                       "(`parameter: status`, or `changes[i].status` in a batch).",
            unprocessable: "A record the data refuses, naming the field as the file format spells it (`place`, `faction`, `sources[0].source`; " +
                           "in a batch `changes[3].faction`): a missing required or unknown member, an unknown place, faction or source, a date in " +
                           "the future or before the place or faction existed or after the faction ceased to, a capture without sources, a " +
                           "duplicate id, an empty array, or an Idempotency-Key reused for another request (`parameter: Idempotency-Key`)."),
        "PostSources" => builder.Write(name, "editor", "One source or an array of up to 1,000, as in sources.ndjson (all-or-nothing).",
            ifMatch: false,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "A record the data refuses, naming the field (`sources[i].field` in a batch): a missing required or unknown member, " +
                           "a duplicate or malformed id, a url that is not an absolute http(s) address, an empty array, or a reused Idempotency-Key."),
        "PostPlaces" => builder.Write(name, "admin", "One place or an array of up to 1,000, as in places.ndjson (all-or-nothing).",
            ifMatch: false,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "A record the data refuses, naming the field (`places[i].field` in a batch): a missing required or unknown member, " +
                           "a duplicate or malformed id, an unknown kind, coordinates out of range, a negative population, an empty array, or " +
                           "a reused Idempotency-Key."),
        "PostFactions" => builder.Write(name, "admin", "One faction or an array of up to 1,000, as in factions.ndjson (all-or-nothing).",
            ifMatch: false,
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "A record the data refuses, naming the field (`factions[i].field` in a batch): a missing required or unknown member, " +
                           "a duplicate or malformed id, a colour that is not #rrggbb, an unknown parent, ally or successor, valid_to not after " +
                           "valid_from, an alliance whose `to` is not after its `from` or that overlaps another of the same pair, an empty array, " +
                           "or a reused Idempotency-Key."),
        "RetractChange" => builder.Write(name, "reviewer", "Appends a retraction of the record `{id}` (nothing is deleted; `known_at` before it still shows the record). `{id}` may itself be " +
            "a retraction: retracting it puts its target back (a chain of retractions of odd length retracts the record, of even length " +
            "restores it). The body is optional.",
            ifMatch: true, 
            forbidden: "The key's role may not write this (`parameter: Authorization`).",
            unprocessable: "`id` names no record, or a record already retracted by a retraction that still stands (retract that retraction " +
                           "instead) (`parameter: id`); an unknown member, an empty " +
                           "note, an unknown source; or a reused Idempotency-Key."),
        "ReviewChange" => builder.Write(name, "reviewer", "Appends a review of the claimed record `{id}`: `confirmed` states the claim as fact (its `claim_of`), `disputed` keeps it a claim " +
            "with the dispute on record. A key cannot review a claim it recorded.",
            ifMatch: true, 
            forbidden: "The key's role may not review (`parameter: Authorization`), or the claim was recorded with this key (`parameter: id`).",
            unprocessable: "`verdict` missing or not confirmed/disputed; `id` names no record, not a claim, a review, a retracted claim or a " +
                           "claim already confirmed (`parameter: id`); an unknown member or source; or a reused Idempotency-Key."),
        _ => throw new ArgumentException($"no description of the write {name}", nameof(name)),
    };

    private static RouteHandlerBuilder Write(this RouteHandlerBuilder builder, string name, string role, string description, bool ifMatch,
        string forbidden, string unprocessable)
    {
        var batch = name is not ("RetractChange" or "ReviewChange");
        var bodyRequired = name != "RetractChange";
        var created = new List<(string, string?)> { ("X-Data-Version", "X-Data-Version"), ("Idempotent-Replayed", "Idempotent-Replayed") };
        if (name == "PostChanges") created.Add(("Location", "Location"));
        if (ifMatch) created.Add(("ETag", "PlaceETag"));
        builder.WithDescription($"Needs a key with the role **{role}** (or higher). " + description)
            .WithParameterComponent("id", "changeId")
            .WithHeaderParameter("Idempotency-Key");
        if (ifMatch) builder.WithHeaderParameter("If-Match");
        builder.WithMetadata(new DeclaredResponse(201,
            "Written durably and on the map: the records as written in the canonical record format (with `id`, " +
            "`recorded_at`, `recorded_by`). A replay of an Idempotency-Key returns the first response.",
            [(OpenApiJson.JsonType, "WriteResult")], [.. created]));
        builder.Problem(400, $"Malformed JSON or a body that is not {(batch ? "an object or an array of objects" : "an object")} (`parameter: body`), " +
                (bodyRequired ? "a missing body, " : "") + "a malformed Idempotency-Key, " +
                (ifMatch ? "If-Match on a write about several places, " : "If-Match (this write is about no single place), ") + "or any query parameter.")
            .Problem(401, "No, a wrong, a malformed or a revoked API key (`parameter: Authorization`).", ("WWW-Authenticate", "WWW-Authenticate"))
            .Problem(403, forbidden);
        if (ifMatch)
            builder.Problem(412, "If-Match does not match the place's version: the place has had another record since (checked again " +
                                 "inside the write's transaction). Reload it and decide again.");
        return builder
            .Problem(413, "The body is larger than Write:MaxBodyBytes (default 1 MiB)" +
                          (batch ? $", or an array of more than {WriteEndpoints.MaxBatch} records." : "."))
            .Problem(415, "The body is not application/json (`parameter: Content-Type`).")
            .Problem(422, unprocessable)
            .TooMany("writes per API key (RateLimits:Writes) and failed authentications per address (RateLimits:FailedAuthentication) are limited")
            .Problem(503, "The store could not take the write now. The detail says whether nothing was written or the outcome is unknown " +
                          "(the connection broke during the commit); retry after Retry-After seconds with the same Idempotency-Key.",
                ("Retry-After", "Retry-After"));
    }
}
