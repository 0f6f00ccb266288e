namespace FrontlineMaps.Core.Domain;

/// <summary>
/// One declared alliance of a faction with another: the two do not fight (allied neighbours form no front line) during the
/// half-open interval <c>[From, To)</c>. Alliances are symmetric: declaring it on either faction is enough. Immutable.
/// </summary>
/// <param name="Faction">Id of the allied faction.</param>
/// <param name="From">First day of the alliance, if bounded (inclusive).</param>
/// <param name="To">First day the two are no longer allied (exclusive; intervals are half-open), if bounded.</param>
public sealed record Alliance(string Faction, DateOnly? From = null, DateOnly? To = null)
{
    /// <summary>True when the alliance holds for all time (the plain-string form in data files).</summary>
    public bool IsTimeless => From is null && To is null;

    /// <summary>Whether the alliance holds on <paramref name="day"/> (half-open <c>[From, To)</c>).</summary>
    public bool HoldsOn(DateOnly day) => (From is null || day >= From) && (To is null || day < To);

    /// <summary>Whether this alliance's interval shares at least one day with <paramref name="other"/>'s.</summary>
    public bool Overlaps(Alliance other) =>
        (From is null || other.To is null || From < other.To) && (other.From is null || To is null || other.From < To);

    /// <summary>A timeless alliance with <paramref name="faction"/>: lets <c>Allies: ["SAA"]</c> stay as short as before.</summary>
    public static implicit operator Alliance(string faction) => new(faction);
}
