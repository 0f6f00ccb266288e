using FrontlineMaps.Core.Domain;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;

namespace FrontlineMaps.Server.Api;

/// <summary>
/// Query handling shared by the timeline API: dates checked against the data, half-open intervals, <c>known_at</c>, and JSON
/// responses written with <see cref="Utf8JsonWriter"/>. Every failure is a <see cref="ProblemException"/> naming the parameter.
/// </summary>
internal static class ApiRequest
{
    /// <summary>Formats a date as <c>YYYY-MM-DD</c>.</summary>
    public static string Day(DateOnly d) => DayFormat.Of(d);

    /// <summary>Formats an instant as RFC 3339 UTC with whole seconds.</summary>
    public static string Instant(DateTimeOffset t) => DayFormat.Instant(t);

    /// <summary>
    /// Formats an instant as RFC 3339 UTC at full precision (fractions only when present): as a <c>known_at</c> it keeps exactly
    /// the records recorded at or before it.
    /// </summary>
    public static string PreciseInstant(DateTimeOffset t) => t.UtcDateTime.ToString(DayFormat.Pattern + "'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The optional <c>known_at</c> cut-off ("the map as published then"): 400 naming it when malformed.</summary>
    public static DateTimeOffset? KnownAt(string? value) => DatedQuery.ParseKnownAt(value);

    /// <summary>
    /// An optional day parameter, parsed and checked to lie in the span the data answers (422 outside it).
    /// <paramref name="exclusiveEnd"/> allows one day past the last record (the end of a half-open interval).
    /// </summary>
    public static DateOnly? OptionalDay(string name, string? value, MapState state, bool exclusiveEnd = false)
    {
        if (value is null) return null;
        if (value.Length == 0) throw ProblemException.BadRequest(name, $"'{name}' is empty: expected YYYY-MM-DD");
        return CheckedDay(name, value, state, exclusiveEnd);
    }

    /// <summary>A required day parameter (400 naming it when missing).</summary>
    public static DateOnly RequiredDay(string name, string? value, MapState state, bool exclusiveEnd = false) =>
        OptionalDay(name, value, state, exclusiveEnd) ?? throw ProblemException.BadRequest(name, $"'{name}' is required (YYYY-MM-DD)");

    /// <summary>Parses a day (path or query) and checks it against the data's span.</summary>
    public static DateOnly CheckedDay(string name, string value, MapState state, bool exclusiveEnd = false)
    {
        var day = QueryParsing.ParseDay(name, value);
        var (first, last) = state.DateRange;
        QueryParsing.RequireWithinData(name, day, first, exclusiveEnd && last < DateOnly.MaxValue ? last.AddDays(1) : last);
        return day;
    }

    /// <summary>400 naming <c>to</c> when the interval ends before it starts.</summary>
    public static void RequireOrdered(DateOnly from, DateOnly to)
    {
        if (to < from)
            throw ProblemException.BadRequest("to", $"the interval ends ({Day(to)}) before it starts ({Day(from)})");
    }

    /// <summary>
    /// The half-open window <c>[from, to)</c> of the change feed; when a bound is missing, the last 90 days with data
    /// (ending the day after the last record); with only <c>from</c>, up to the day after the last record; with only <c>to</c>,
    /// the 90 days before it.
    /// </summary>
    public static (DateOnly From, DateOnly To) FeedWindow(string? fromText, string? toText, MapState state)
    {
        const int DefaultDays = 90;
        var (first, last) = state.DateRange;
        static DateOnly? Parse(string name, string? v) => v is not null
            ? v.Length == 0 ? throw ProblemException.BadRequest(name, $"'{name}' is empty: expected YYYY-MM-DD") : QueryParsing.ParseDay(name, v)
            : null;
        DateOnly? from = Parse("from", fromText), to = Parse("to", toText);
        if (from is { } a && to is { } b) RequireOrdered(a, b);
        // A window is a filter (as OGC datetime intervals): bounds beyond the data are clamped; a window wholly outside it is a 422.
        var clamped = QueryParsing.ClampToData(to is null || from is { } ff && ff > last ? "from" : "to",
            new DateSelection(from, to?.AddDays(-1), true), first, last);
        if (from is not null && clamped.Start is null) from = first;
        if (to is not null && clamped.End is null) to = last.AddDays(1);
        var end = to ?? (from is { } f && f > last ? f : last.AddDays(1));
        var start = from ?? end.AddDays(-DefaultDays);
        RequireOrdered(start, end);
        return (start, end);
    }

    /// <summary>Writes a JSON document with <paramref name="write"/> and returns it as <c>application/json</c>.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, GeoJsonFeatureEncoder.WriterOptions)) write(w);
        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    /// <summary>Writes a date or null.</summary>
    public static void WriteDay(Utf8JsonWriter w, string name, DateOnly? d)
    {
        if (d is { } v) w.WriteString(name, Day(v)); else w.WriteNull(name);
    }

    /// <summary>Writes <c>known_at</c> (null for everything recorded).</summary>
    public static void WriteKnownAt(Utf8JsonWriter w, DateTimeOffset? knownAt)
    {
        if (knownAt is { } k) w.WriteString("known_at", Instant(k)); else w.WriteNull("known_at");
    }

    /// <summary>Writes a string or null.</summary>
    public static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    /// <summary>Rounds an area to metres-level precision in km².</summary>
    public static double Km2(double value) => Math.Round(value, 3);
}
