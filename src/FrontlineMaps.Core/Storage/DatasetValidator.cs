using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The rules every dataset must keep, whichever store it lives in: ids present and unique, every reference resolves
/// (change to place, faction and source; <c>retracts</c> to an earlier change; faction parent, allies and successor),
/// a retraction names no faction and names what it retracts, every other change cites at least one source, colours
/// are <c>#rrggbb</c>, coordinates are in range, ranges end after they start, optional texts are absent rather than
/// empty, texts hold no control characters but tab and newline (<see cref="FreeText"/>), source URLs are absolute http(s)
/// URIs (<see cref="SourceUrl"/>). Problems are reported as <see cref="DatasetFormatException"/> naming file, line and field as the file format
/// spells them.
/// </summary>
public static class DatasetValidator
{
    /// <summary>Validates a whole dataset; locations are those the canonical writer would give each record.</summary>
    /// <exception cref="DatasetFormatException">The first problem found.</exception>
    public static void Validate(Dataset dataset) => Validate(dataset, DatasetLayout.Canonical);

    /// <summary>Validates <paramref name="additions"/> as appended to <paramref name="dataset"/>.</summary>
    /// <exception cref="DatasetFormatException">The first problem found.</exception>
    public static void ValidateAppend(Dataset dataset, DatasetAdditions additions) => Validate(additions.ApplyTo(dataset));

    /// <summary>
    /// Validates <paramref name="additions"/> as appended to <paramref name="dataset"/>, locating problems by position in the
    /// additions: <see cref="DatasetFormatException.File"/> is <c>factions</c>, <c>sources</c>, <c>places</c> or <c>changes</c> and
    /// <see cref="DatasetFormatException.Line"/> the 1-based index of the added record (0 for a problem in an existing record).
    /// </summary>
    /// <exception cref="DatasetFormatException">The first problem found.</exception>
    public static void ValidateAdditions(Dataset dataset, DatasetAdditions additions)
    {
        int Existing(RecordSet set) => set switch
        {
            RecordSet.Factions => dataset.Factions.OrEmpty().Length,
            RecordSet.Sources => dataset.Sources.OrEmpty().Length,
            RecordSet.Places => dataset.Places.OrEmpty().Length,
            RecordSet.Changes => dataset.Changes.OrEmpty().Length,
            _ => int.MaxValue,
        };
        Validate(additions.ApplyTo(dataset), (set, index, _) =>
            (set.ToString().ToLowerInvariant(), index >= Existing(set) ? index - Existing(set) + 1 : 0));
    }

    internal static void Validate(Dataset dataset, RecordLocator locate) => ValidateWithIds(dataset, locate);

    /// <summary>Validates a whole dataset and returns the index of its ids, for <see cref="ValidateAdditions(ValidatedIds, Dataset, DatasetAdditions, RecordLocator, bool)"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="locate">Where a record lives, for messages.</param>
    /// <param name="stored">True when the records are read back from a store that accepted them: the rules for text and URLs
    /// that are newer than some stores (<see cref="FreeText"/>, <see cref="SourceUrl"/>) are not applied, so an existing store
    /// still opens; writers of XML, HTML and CSV cope with what it holds.</param>
    internal static ValidatedIds ValidateWithIds(Dataset dataset, RecordLocator locate, bool stored = false)
    {
        var run = new Run(locate, null, stored);
        run.Validate(dataset);
        return run.Ids;
    }

    /// <summary>
    /// Validates <paramref name="additions"/> as appended to a dataset already validated (whose ids are
    /// <paramref name="ids"/>), checking only the new records: the rules are per record plus id lookups, so this is
    /// equivalent to validating the combined dataset, at the cost of the additions instead of the whole.
    /// </summary>
    /// <param name="ids">The ids of the dataset the additions are appended to.</param>
    /// <param name="combined">That dataset with the additions applied (<see cref="DatasetAdditions.ApplyTo"/>): rules that look
    /// at another record (a retraction's target) find it there by the index <paramref name="ids"/> gives.</param>
    /// <param name="additions">The records to check.</param>
    /// <param name="locate">Where a record lives, for messages; new records are numbered after the existing ones.</param>
    /// <returns>The ids of the combined dataset (<paramref name="ids"/> is left unchanged).</returns>
    /// <param name="stored">As for <see cref="ValidateWithIds"/>: true for records another process has already written.</param>
    internal static ValidatedIds ValidateAdditions(ValidatedIds ids, Dataset combined, DatasetAdditions additions, RecordLocator locate, bool stored = false)
    {
        var run = new Run(locate, ids, stored);
        run.ValidateAdditions(additions, combined.Factions.OrEmpty(), combined.Changes.OrEmpty());
        return run.Ids;
    }

    /// <summary>Each record set's ids with their index, as a validation run collected them.</summary>
    internal sealed class ValidatedIds
    {
        internal ValidatedIds(ValidatedIds? from)
        {
            // Copying a dictionary of the same comparer copies its arrays: ~10 ms for a million ids.
            Factions = from is null ? new(StringComparer.Ordinal) : new(from.Factions, StringComparer.Ordinal);
            Sources = from is null ? new(StringComparer.Ordinal) : new(from.Sources, StringComparer.Ordinal);
            Places = from is null ? new(StringComparer.Ordinal) : new(from.Places, StringComparer.Ordinal);
            Changes = from is null ? new(StringComparer.Ordinal) : new(from.Changes, StringComparer.Ordinal);
            Retracted = from is null ? new(StringComparer.Ordinal) : new(from.Retracted, StringComparer.Ordinal);
            StandingRetractions = from is null ? new(StringComparer.Ordinal) : new(from.StandingRetractions, StringComparer.Ordinal);
            ConfirmedBy = from is null ? new(StringComparer.Ordinal) : new(from.ConfirmedBy, StringComparer.Ordinal);
        }

        internal Dictionary<string, int> Factions { get; }
        internal Dictionary<string, int> Sources { get; }
        internal Dictionary<string, int> Places { get; }
        internal Dictionary<string, int> Changes { get; }

        /// <summary>The ids of the changes retracted as the whole log stands: some record retracts them and is not itself
        /// retracted (the review rules refuse to review them).</summary>
        internal HashSet<string> Retracted { get; }

        /// <summary>Per retracted id, how many records retract it and are not themselves retracted (at least 1 for every id in
        /// <see cref="Retracted"/>; absent when 0).</summary>
        internal Dictionary<string, int> StandingRetractions { get; }

        /// <summary>Each claim confirmed by a review, with the id of the confirming review (a second confirmation is refused
        /// unless that review was retracted).</summary>
        internal Dictionary<string, string> ConfirmedBy { get; }
    }

    private sealed class Run(RecordLocator locate, ValidatedIds? from, bool stored = false)
    {
        private readonly ValidatedIds _ids = new(from);
        private RecordSet _set;
        private int _index;

        public ValidatedIds Ids => _ids;

        /// <summary>The new records only, numbered after the existing ones of their set.</summary>
        public void ValidateAdditions(DatasetAdditions additions, ImmutableArray<Faction> allFactions, ImmutableArray<ControlChange> allChanges)
        {
            var factions = additions.Factions;
            var first = _ids.Factions.Count;
            _set = RecordSet.Factions;
            for (var i = 0; i < factions.Count; i++)
            {
                _index = first + i;
                FactionFields(factions[i]);
            }
            for (var i = 0; i < factions.Count; i++)
            {
                _index = first + i;
                FactionReferences(factions[i], allFactions);
            }
            _set = RecordSet.Sources;
            first = _ids.Sources.Count;
            for (var i = 0; i < additions.Sources.Count; i++)
            {
                _index = first + i;
                Source(additions.Sources[i]);
            }
            _set = RecordSet.Places;
            first = _ids.Places.Count;
            for (var i = 0; i < additions.Places.Count; i++)
            {
                _index = first + i;
                Place(additions.Places[i]);
            }
            _set = RecordSet.Changes;
            first = _ids.Changes.Count;
            for (var i = 0; i < additions.Changes.Count; i++)
            {
                _index = first + i;
                Change(additions.Changes[i], allChanges);
            }
        }

        private DatasetFormatException Error(string field, string reason)
        {
            var (file, line) = locate(_set, _index, field);
            return new DatasetFormatException(file, line, field, reason);
        }

        private string Where(RecordSet set, int index)
        {
            var (file, line) = locate(set, index, "id");
            return line > 0 ? $"{file}:{line}" : file;
        }

        public void Validate(Dataset dataset)
        {
            Manifest(dataset);
            var factions = dataset.Factions.OrEmpty();
            _set = RecordSet.Factions;
            for (_index = 0; _index < factions.Length; _index++)
                FactionFields(factions[_index]);
            for (_index = 0; _index < factions.Length; _index++)
                FactionReferences(factions[_index], factions);
            var sources = dataset.Sources.OrEmpty();
            _set = RecordSet.Sources;
            for (_index = 0; _index < sources.Length; _index++)
                Source(sources[_index]);
            var places = dataset.Places.OrEmpty();
            _set = RecordSet.Places;
            for (_index = 0; _index < places.Length; _index++)
                Place(places[_index]);
            var changes = dataset.Changes.OrEmpty();
            _set = RecordSet.Changes;
            for (_index = 0; _index < changes.Length; _index++)
                Change(changes[_index], changes);
            if (dataset.BoundaryGeoJson is { } boundary)
                Boundary(boundary);
        }

        private void Manifest(Dataset dataset)
        {
            _set = RecordSet.Manifest;
            _index = 0;
            if (dataset.Info is null)
                throw Error("name", "required field is missing");
            Text("name", dataset.Info.Name);
            foreach (var line in dataset.Info.Attribution.OrEmpty())
                Text("attribution", line);
        }

        private void Id(string field, string? id, Dictionary<string, int> seen)
        {
            Text(field, id);
            if (id!.Trim() != id)
                throw Error(field, $"id '{id}' has leading or trailing white space");
            if (!seen.TryAdd(id, _index))
                throw Error(field, $"duplicate id '{id}' (first at {Where(_set, seen[id])})");
        }

        private void Text(string field, string? value)
        {
            if (value is null)
                throw Error(field, "required field is missing");
            if (string.IsNullOrWhiteSpace(value))
                throw Error(field, "must not be empty");
            if (!stored && FreeText.Problem(value) is { } problem)
                throw Error(field, problem);
        }

        private void OptionalText(string field, string? value)
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
                throw Error(field, "must not be empty (omit it instead)");
            if (!stored && value is not null && FreeText.Problem(value) is { } problem)
                throw Error(field, problem);
        }

        private void Texts(string field, ImmutableArray<string> values)
        {
            var all = values.OrEmpty();
            for (var i = 0; i < all.Length; i++)
                if (string.IsNullOrWhiteSpace(all[i]))
                    throw Error(field, $"element {i}: must not be empty");
                else if (!stored && FreeText.Problem(all[i]) is { } problem)
                    throw Error(field, $"element {i}: {problem}");
        }

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

        private void Source(Source s)
        {
            Id("id", s.Id, _ids.Sources);
            Text("publisher", s.Publisher);
            Text("title", s.Title);
            if (s.Url is not null && (stored
                    ? !(Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                    : SourceUrl.Problem(s.Url) is not null))
                throw Error("url", SourceUrl.Problem(s.Url) ?? $"expected an absolute http(s) address, found '{s.Url}'");
        }

        private void Place(Place p)
        {
            Id("id", p.Id, _ids.Places);
            Text("name", p.Name);
            Texts("names", p.AlternateNames);
            if (!Enum.IsDefined(p.Kind))
                throw Error("kind", $"unknown value '{p.Kind}'");
            if (!double.IsFinite(p.Lon) || p.Lon < -180 || p.Lon > 180)
                throw Error("lon", $"{p.Lon} is not a longitude in [-180, 180]");
            if (!double.IsFinite(p.Lat) || p.Lat < -90 || p.Lat > 90)
                throw Error("lat", $"{p.Lat} is not a latitude in [-90, 90]");
            var admin = p.Admin ?? AdminUnits.None;
            OptionalText("governorate", admin.Governorate);
            OptionalText("district", admin.District);
            OptionalText("subdistrict", admin.Subdistrict);
            OptionalText("pcode", admin.PCode);
            if (p.Population < 0)
                throw Error("population", $"{p.Population} is negative");
            OptionalText("note", p.Note);
        }

        private void Change(ControlChange c, ImmutableArray<ControlChange> all)
        {
            Id("id", c.Id, _ids.Changes);
            Text("place", c.PlaceId);
            if (!_ids.Places.ContainsKey(c.PlaceId))
                throw Error("place", $"unknown place '{c.PlaceId}'");
            if (!Enum.IsDefined(c.Kind))
                throw Error("kind", $"unknown value '{c.Kind}'");
            if (c.Kind == ChangeKind.Retraction)
            {
                if (c.FactionId is not null)
                    throw Error("faction", "a retraction names no faction");
                if (c.Retracts is null)
                    throw Error("retracts", "a retraction must name the record it withdraws");
            }
            else if (c.FactionId is null)
                throw Error("faction", "required field is missing (only a retraction has no faction)");
            else if (!_ids.Factions.ContainsKey(c.FactionId))
                throw Error("faction", $"unknown faction '{c.FactionId}'");

            if (c.ValidTime.TimeOfDay is { } t && (t.Second != 0 || t.Ticks % TimeSpan.TicksPerMinute != 0))
                throw Error("valid_from", "the time of day must be whole minutes (HH:MM)");
            if (c.ValidTime.ApproxTo is { } to && to < c.ValidTime.Day)
                throw Error("valid_to_approx", $"{FormatValues.FormatDate(to)} is before valid_from {FormatValues.FormatDate(c.ValidTime.Day)}");
            if (!Enum.IsDefined(c.Status))
                throw Error("status", $"unknown value '{c.Status}'");
            if (c.ClaimOf == ChangeStatus.Claimed || !Enum.IsDefined(c.ClaimOf))
                throw Error("claim_of", $"unknown value '{FormatValues.Name(c.ClaimOf)}' (expected one of held, contested)");
            if (c.ClaimOf != ChangeStatus.Held && c.Status != ChangeStatus.Claimed)
                throw Error("claim_of", "only allowed when status is 'claimed'");

            var citations = c.Sources.OrEmpty();
            if (citations.IsEmpty && c.Kind != ChangeKind.Retraction)
                throw Error("sources", "at least one source is required (only a retraction may have none)");
            for (var i = 0; i < citations.Length; i++)
            {
                var citation = citations[i];
                if (citation is null)
                    throw Error($"sources[{i}]", "required field is missing");
                if (citation.SourceId is null || !_ids.Sources.ContainsKey(citation.SourceId))
                    throw Error($"sources[{i}].source", $"unknown source '{citation.SourceId}'");
                OptionalText($"sources[{i}].claimant", citation.Claimant);
            }

            Text("recorded_by", c.RecordedBy);
            if (c.Retracts is { } retracted)
            {
                if (retracted == c.Id)
                    throw Error("retracts", "a record cannot retract itself");
                if (!_ids.Changes.ContainsKey(retracted))
                    throw all.Any(other => other.Id == retracted)
                        ? Error("retracts", $"'{retracted}' is not an earlier record")
                        : Error("retracts", $"unknown record '{retracted}'");
                Retract(retracted, all);
            }
            OptionalText("note", c.Note);
            if (c.Reviews is not null || c.Verdict is not null)
                Review(c, all);
        }

        /// <summary>
        /// Records that a new (so standing) record retracts <paramref name="target"/>, resolving chains: a record is retracted while at
        /// least one standing record retracts it. When the target falls and itself retracted a record, that record loses one
        /// standing retraction (and may stand again, restoring what it retracted in turn...). Targets are always earlier, so the
        /// walk ends; its length is that of the chain.
        /// </summary>
        private void Retract(string target, ImmutableArray<ControlChange> all)
        {
            var standing = true;
            string? id = target;
            while (id is not null)
            {
                var count = _ids.StandingRetractions.GetValueOrDefault(id) + (standing ? 1 : -1);
                if (count > 0) _ids.StandingRetractions[id] = count;
                else _ids.StandingRetractions.Remove(id);
                // The record's own state changes only when the count crosses 0 <-> 1; only then does its own retraction change.
                if (standing ? count != 1 : count != 0) return;
                if (standing) _ids.Retracted.Add(id);
                else _ids.Retracted.Remove(id);
                id = _ids.Changes.TryGetValue(id, out var index) && index < all.Length ? all[index].Retracts : null;
                standing = !standing;
            }
        }

        /// <summary>A review restates an earlier, unretracted claim: same place, faction, valid time and kind.</summary>
        private void Review(ControlChange c, ImmutableArray<ControlChange> all)
        {
            if (c.Reviews is not { } reviewed)
                throw Error("reviews", "required when 'verdict' is given (the id of the claimed record reviewed)");
            if (c.Verdict is not { } verdict)
                throw Error("verdict", "required field is missing (expected one of confirmed, disputed)");
            if (!Enum.IsDefined(verdict))
                throw Error("verdict", $"unknown value '{verdict}' (expected one of confirmed, disputed)");
            if (reviewed == c.Id)
                throw Error("reviews", "a record cannot review itself");
            if (!_ids.Changes.TryGetValue(reviewed, out var index) || index == _index)
                throw all.Any(other => other.Id == reviewed)
                    ? Error("reviews", $"'{reviewed}' is not an earlier record")
                    : Error("reviews", $"unknown record '{reviewed}'");
            var target = all[index];
            if (target.Reviews is not null)
                throw Error("reviews", $"'{reviewed}' is itself a review; review the original claim '{target.Reviews}'");
            if (target.Kind == ChangeKind.Retraction || target.Status != ChangeStatus.Claimed)
                throw Error("reviews", $"'{reviewed}' is not a claimed record (status {FormatValues.Name(target.Status)}, kind {FormatValues.Name(target.Kind)})");
            if (_ids.Retracted.Contains(reviewed))
                throw Error("reviews", $"'{reviewed}' has been retracted");
            if (_ids.ConfirmedBy.TryGetValue(reviewed, out var earlier) && !_ids.Retracted.Contains(earlier))
                throw Error("reviews", $"'{reviewed}' was already confirmed by '{earlier}'");
            if (c.Kind != target.Kind)
                throw Error("kind", $"a review restates the claim it reviews: expected '{FormatValues.Name(target.Kind)}'");
            if (c.PlaceId != target.PlaceId)
                throw Error("place", $"a review restates the claim it reviews: expected '{target.PlaceId}'");
            if (c.FactionId != target.FactionId)
                throw Error("faction", $"a review restates the claim it reviews: expected '{target.FactionId}'");
            if (c.ValidTime != target.ValidTime)
                throw Error("valid_from", $"a review restates the claim it reviews: expected {target.ValidTime}");
            if (verdict == ReviewVerdict.Confirmed)
            {
                if (c.Status != target.ClaimOf)
                    throw Error("status", $"a confirmed review states the claim as fact: expected '{FormatValues.Name(target.ClaimOf)}'");
                _ids.ConfirmedBy[reviewed] = c.Id;
            }
            else if (c.Status != ChangeStatus.Claimed || c.ClaimOf != target.ClaimOf)
                throw Error("status", "a disputed review keeps the claim a claim: expected 'claimed' with the claim's claim_of");
        }

        private void Boundary(string geoJson)
        {
            _set = RecordSet.Boundary;
            _index = 0;
            try
            {
                using var doc = JsonDocument.Parse(geoJson);
                var root = doc.RootElement;
                var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == "Feature")
                {
                    var geometry = root.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object ? g : default;
                    type = geometry.ValueKind == JsonValueKind.Object && geometry.TryGetProperty("type", out var gt) && gt.ValueKind == JsonValueKind.String ? gt.GetString() : null;
                }
                if (type is not ("Polygon" or "MultiPolygon"))
                    throw Error("type", $"expected a Polygon or MultiPolygon geometry (or a Feature of one), found '{type}'");
            }
            catch (JsonException e)
            {
                var (file, _) = locate(RecordSet.Boundary, 0, null);
                throw new DatasetFormatException(file, (int)(e.LineNumber ?? 0) + 1, null, "invalid JSON", e);
            }
        }
    }
}
