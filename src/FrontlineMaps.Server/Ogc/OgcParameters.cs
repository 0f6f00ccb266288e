using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace FrontlineMaps.Server.Ogc;

// The query parameters of each OGC endpoint, bound with [AsParameters]. They are the declaration: the generated OpenAPI document
// shows exactly these (Ogc/OpenApi/OgcOperations gives them their components), and a request naming any other is a 400.
// Values stay strings: ItemQuery.Parse validates them, from the bound record (IItemParameters), with errors that name the
// parameter (a repeated one is a 400 before, from RejectUndeclaredQuery).

/// <summary>
/// What an items or feature request may carry, as bound: each record declares its own parameters, and those it does not declare
/// are absent (null), so <see cref="ItemQuery.Parse"/> reads every record the same way.
/// </summary>
internal interface IItemParameters
{
    string? DateTime => null;
    string? Date => null;
    string? Bbox => null;
    string? Limit => null;
    string? Offset => null;
    string? KnownAt => null;
    string? Faction => null;
    string? Status => null;
    string? F { get; }
}

/// <summary><c>f</c> alone: the landing page, conformance, <c>/api</c>, the collections, queryables and tilesets.</summary>
internal sealed record FormatQuery([property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>Items of a map at a date with statuses: places and territory.</summary>
internal sealed record MapItemsQuery(
    [property: FromQuery(Name = "datetime")] string? DateTime,
    [property: FromQuery(Name = "date")] string? Date,
    [property: FromQuery(Name = "bbox")] string? Bbox,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "offset")] string? Offset,
    [property: FromQuery(Name = "known_at")] string? KnownAt,
    [property: FromQuery(Name = "faction")] string? Faction,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>Items of the front lines: a map at a date without statuses.</summary>
internal sealed record FrontLineItemsQuery(
    [property: FromQuery(Name = "datetime")] string? DateTime,
    [property: FromQuery(Name = "date")] string? Date,
    [property: FromQuery(Name = "bbox")] string? Bbox,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "offset")] string? Offset,
    [property: FromQuery(Name = "known_at")] string? KnownAt,
    [property: FromQuery(Name = "faction")] string? Faction,
    [property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>Items of the change log: records by valid time, no map day.</summary>
internal sealed record ChangeItemsQuery(
    [property: FromQuery(Name = "datetime")] string? DateTime,
    [property: FromQuery(Name = "bbox")] string? Bbox,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "offset")] string? Offset,
    [property: FromQuery(Name = "known_at")] string? KnownAt,
    [property: FromQuery(Name = "faction")] string? Faction,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>Items of the factions: no geometry to speak of, no knowledge axis.</summary>
internal sealed record FactionItemsQuery(
    [property: FromQuery(Name = "datetime")] string? DateTime,
    [property: FromQuery(Name = "bbox")] string? Bbox,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "offset")] string? Offset,
    [property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>One feature of a map at a date (places, territory, front lines).</summary>
internal sealed record MapFeatureQuery(
    [property: FromQuery(Name = "datetime")] string? DateTime,
    [property: FromQuery(Name = "date")] string? Date,
    [property: FromQuery(Name = "known_at")] string? KnownAt,
    [property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>One change record, as known at a time.</summary>
internal sealed record ChangeFeatureQuery(
    [property: FromQuery(Name = "known_at")] string? KnownAt,
    [property: FromQuery(Name = "f")] string? F) : IItemParameters;

/// <summary>The query-parameter names a parameter record declares, in declaration order.</summary>
internal static class QueryNames
{
    public static string[] Of<T>() => Of(typeof(T));

    public static string[] Of(Type record) =>
        [.. record.GetProperties().Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name).OfType<string>()];
}
