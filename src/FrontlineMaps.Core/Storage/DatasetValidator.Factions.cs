using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

public static partial class DatasetValidator
{
    /// <summary>The rules of factions: fields, then references (parent, allies, successor), once every id is known.</summary>
    private sealed partial class Run
    {
        private void FactionFields(Faction f)
        {
            Id("id", f.Id, _ids.Factions);
            Text("name", f.Name);
            Text("short_name", f.ShortName);
            Text("color", f.Color);
            if (!FormatValues.IsColor(f.Color))
                throw Error("color", $"expected #rrggbb, found '{f.Color}'");
            Texts("aliases", f.Aliases);
            if (f.ValidFrom is { } from && f.ValidTo is { } to && to <= from)
                throw Error("valid_to", $"{FormatValues.FormatDate(to)} is not after valid_from {FormatValues.FormatDate(from)}");
        }

        private void FactionReferences(Faction f, ImmutableArray<Faction> all)
        {
            FactionReference("parent", f.Parent, f.Id);
            Allies(f, all);
            FactionReference("succeeded_by", f.SucceededBy, f.Id);
        }

        /// <summary>
        /// Each ally names another known faction; a dated one ends after it starts; no two alliances of the same pair share a
        /// day, whether both are declared on this faction or one on each side (a mirror declaration with the same interval is
        /// the same alliance and is allowed).
        /// </summary>
        private void Allies(Faction f, ImmutableArray<Faction> all)
        {
            var allies = f.Allies.OrEmpty();
            for (var i = 0; i < allies.Length; i++)
            {
                var a = allies[i];
                var prefix = a.IsTimeless ? "allies" : $"allies[{i}].";
                var faction = a.IsTimeless ? "allies" : prefix + "faction";
                if (a.Faction is null)
                    throw Error(faction, "required field is missing");
                FactionReference(faction, a.Faction, f.Id);
                if (a.From is { } from && a.To is { } to && to <= from)
                    throw Error(prefix + "to", $"{FormatValues.FormatDate(to)} is not after from {FormatValues.FormatDate(from)}");
                for (var j = 0; j < i; j++)
                    if (allies[j].Faction == a.Faction && allies[j].Overlaps(a))
                        throw Error(a.IsTimeless ? "allies" : prefix + "from",
                            $"the alliance with '{a.Faction}' {Interval(a)} overlaps element {j} {Interval(allies[j])}");
                if (_ids.Factions.TryGetValue(a.Faction, out var other) && other < all.Length)
                    foreach (var mirror in all[other].Allies.OrEmpty())
                        if (mirror.Faction == f.Id && mirror != a with { Faction = f.Id } && mirror.Overlaps(a))
                            throw Error(a.IsTimeless ? "allies" : prefix + "from",
                                $"the alliance with '{a.Faction}' {Interval(a)} overlaps the one '{a.Faction}' declares {Interval(mirror)}");
            }
        }

        private static string Interval(Alliance a) =>
            a.IsTimeless ? "(for all time)"
            : $"[{(a.From is { } from ? FormatValues.FormatDate(from) : "…")}, {(a.To is { } to ? FormatValues.FormatDate(to) : "…")})";

        private void FactionReference(string field, string? id, string self)
        {
            if (id is null)
                return;
            if (!_ids.Factions.ContainsKey(id))
                throw Error(field, $"unknown faction '{id}'");
            if (id == self)
                throw Error(field, "a faction cannot refer to itself");
        }
    }
}
