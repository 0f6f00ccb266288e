using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

public static partial class DatasetValidator
{
    /// <summary>The rules of the control log: references, valid time, citations, retraction chains and reviews.</summary>
    private sealed partial class Run
    {
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
    }
}
