using System.Collections.Immutable;

namespace FrontlineMaps.Core.Domain;

/// <summary>
/// An armed party that can hold places. Immutable.
/// </summary>
/// <param name="Id">Stable identifier as used in data files (e.g. <c>SAA</c>, <c>SDF</c>).</param>
/// <param name="Name">Full name.</param>
/// <param name="ShortName">Short label for legends.</param>
/// <param name="Color">Map colour as <c>#rrggbb</c>.</param>
/// <param name="Aliases">Names reports use for this faction ("Assad's forces", "Daesh"...).</param>
/// <param name="Parent">Id of the coalition this faction belongs to, if any. Timeless: a faction that changes coalition is a
/// new identity (bounded by <paramref name="ValidFrom"/>/<paramref name="ValidTo"/> and <paramref name="SucceededBy"/>); dated
/// co-operation belongs in <paramref name="Allies"/>.</param>
/// <param name="ValidFrom">First day the faction existed under this identity, if bounded.</param>
/// <param name="ValidTo">First day it no longer existed (exclusive; intervals are half-open), if bounded.</param>
/// <param name="Allies">Factions it does not fight, each for all time or for a half-open interval of days: allied neighbours
/// form no front line.</param>
/// <param name="SucceededBy">Id of the faction it became (Jabhat al-Nusra became HTS), if any.</param>
public sealed record Faction(
    string Id,
    string Name,
    string ShortName,
    string Color,
    ImmutableArray<string> Aliases,
    string? Parent = null,
    DateOnly? ValidFrom = null,
    DateOnly? ValidTo = null,
    ImmutableArray<Alliance> Allies = default,
    string? SucceededBy = null)
{
    /// <summary>Whether this faction existed on <paramref name="day"/> (half-open <c>[ValidFrom, ValidTo)</c>).</summary>
    public bool ExistsOn(DateOnly day) => (ValidFrom is null || day >= ValidFrom) && (ValidTo is null || day < ValidTo);
}
