using System.Collections.Immutable;

namespace FrontlineMaps.Core.Domain;

/// <summary>What kind of settlement or feature a <see cref="Place"/> is.</summary>
public enum PlaceKind
{
    /// <summary>A city (governorate capital or comparable).</summary>
    City,
    /// <summary>A town.</summary>
    Town,
    /// <summary>A village.</summary>
    Village,
    /// <summary>A hamlet or farm.</summary>
    Hamlet,
    /// <summary>A hill or other height.</summary>
    Hill,
    /// <summary>A military base, airport or checkpoint.</summary>
    Base,
    /// <summary>Anything else (a front sector, a crossing...).</summary>
    Other,
}

/// <summary>The administrative units a place lies in, where known.</summary>
/// <param name="Governorate">Admin level 1 (governorate, oblast).</param>
/// <param name="District">Admin level 2.</param>
/// <param name="Subdistrict">Admin level 3.</param>
/// <param name="PCode">An OCHA P-code or other official code of the place itself.</param>
public sealed record AdminUnits(string? Governorate, string? District, string? Subdistrict, string? PCode)
{
    /// <summary>No admin units known.</summary>
    public static readonly AdminUnits None = new(null, null, null, null);
}

/// <summary>
/// A village, town or other located place whose control is tracked. Immutable; identified by a stable <see cref="Id"/>.
/// </summary>
/// <param name="Id">Stable identifier (lower-case slug, unique in a dataset).</param>
/// <param name="Name">The preferred Latin-script name.</param>
/// <param name="AlternateNames">Other spellings in Latin script and names in other scripts (Arabic...).</param>
/// <param name="Kind">What the place is.</param>
/// <param name="Lon">Longitude, WGS 84 degrees.</param>
/// <param name="Lat">Latitude, WGS 84 degrees.</param>
/// <param name="Admin">Administrative units where known.</param>
/// <param name="Population">Population where known.</param>
/// <param name="LocationIsApproximate">True when the coordinates were placed from a description, not a gazetteer.</param>
/// <param name="Note">Free-text provenance of the location or the name.</param>
/// <param name="ValidFrom">First day the place existed (a camp, a base, a new settlement), when it is younger than the data;
/// the write API refuses changes dated before it.</param>
public sealed record Place(
    string Id,
    string Name,
    ImmutableArray<string> AlternateNames,
    PlaceKind Kind,
    double Lon,
    double Lat,
    AdminUnits Admin,
    int? Population = null,
    bool LocationIsApproximate = false,
    string? Note = null,
    DateOnly? ValidFrom = null)
{
    /// <summary>The name followed by every alternate name.</summary>
    public IEnumerable<string> AllNames => AlternateNames.IsDefault ? [Name] : AlternateNames.Prepend(Name);
}
