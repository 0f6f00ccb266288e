namespace FrontlineMaps.Core.Domain;

/// <summary>
/// The contract names of the domain's enums, as every output and input spells them (the file format, GeoJSON, tiles, the API,
/// error messages): one mapping, here beside the enums. Add a value to an enum and its name here. (The derived place status of
/// the timeline is named by the GeoJSON encoder, beside its own type.)
/// </summary>
public static class ContractNames
{
    /// <summary>The name of a change status (<c>held</c>, <c>contested</c>, <c>claimed</c>).</summary>
    public static string Of(ChangeStatus status) => status switch
    {
        ChangeStatus.Held => "held",
        ChangeStatus.Contested => "contested",
        _ => "claimed",
    };

    /// <summary>The name of a change kind (<c>capture</c>, <c>confirmation</c>, <c>retraction</c>).</summary>
    public static string Of(ChangeKind kind) => kind switch
    {
        ChangeKind.Capture => "capture",
        ChangeKind.Confirmation => "confirmation",
        _ => "retraction",
    };

    /// <summary>The name of a place kind (<c>city</c>, <c>town</c>, <c>village</c>, ...): the value in lower case.</summary>
    public static string Of(PlaceKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The name of a review verdict (<c>confirmed</c>, <c>disputed</c>).</summary>
    public static string Of(ReviewVerdict verdict) => verdict.ToString().ToLowerInvariant();
}
