using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Write;

/// <summary>Place versions as ETags: <c>GET /api/places/{id}</c> and the <c>If-Match</c> check of writes about one place.</summary>
public static partial class WriteEndpoints
{
    /// <summary>
    /// The version of one place as a strong ETag: its id, the number of records about it and the last one's id. Records are only
    /// appended, so the version changes exactly when a record about the place is written.
    /// </summary>
    internal static string? PlaceETag(MapState state, string placeId) =>
        VersionOf(state, placeId) is { } version ? PlaceETag(version) : null;

    private static string PlaceETag(PlaceVersion version)
    {
        var placeId = version.PlaceId;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{placeId}\n{version.ChangeCount}\n{version.LastChangeId}")))[..16];
        return $"\"place-{version.ChangeCount}-{hash}\"";
    }

    /// <summary>
    /// The <see cref="PlaceVersion"/> of a place in this state (as <see cref="PlaceVersions.Of"/> computes it), from an index built
    /// once per state; null when there is no such place.
    /// </summary>
    private static PlaceVersion? VersionOf(MapState state, string placeId) => state.PlaceVersionOf(placeId);

    /// <summary>
    /// Checks <c>If-Match</c> against the state served; returns the place version it matched, for the store to check again inside
    /// the write's transaction (a state is only as fresh as this process knows), or null when there is nothing to check there.
    /// </summary>
    private static PlaceVersion? CheckIfMatch(HttpRequest request, MapState state, IReadOnlyList<string> places)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0) return null;
        if (places.Count != 1)
            throw ProblemException.BadRequest("If-Match", "If-Match applies to a write about one place");
        var current = PlaceETag(state, places[0]);
        var tags = header.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (tags.Contains("*") ? current is null : !tags.Contains(current ?? ""))
            throw new ProblemException(StatusCodes.Status412PreconditionFailed, "If-Match",
                $"place '{places[0]}' has changed since that version (now {current ?? "missing"}); reload it and decide again");
        // "*" only asks that the place exists: places are never deleted, so that cannot change before the write commits.
        return tags.Contains(current!) ? VersionOf(state, places[0]) : null;
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult> GetPlace(HttpContext ctx, [FromServices] MapState state, string id)
    {
        var index = state.Timeline.PlaceIndex(id);
        if (index < 0) throw ProblemException.NotFound("id", $"no place has the id '{id}'");
        var etag = PlaceETag(state, id)!;
        ctx.Response.Headers.ETag = etag;
        ctx.Response.Headers.CacheControl = "no-cache";
        if (Conditional.IfNoneMatch(ctx.Request, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var place = state.Timeline.Places[index];
        var snapshot = state.Timeline.Snapshot(DateOnly.FromDateTime(DateTime.UtcNow), null);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WritePropertyName("place");
            RecordJson.WritePlace(w, place);
            w.WritePropertyName("now");
            state.Encoder.WritePlace(w, snapshot, index);
            w.WriteString("version", etag);
            w.WriteEndObject();
        }
        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }
}
