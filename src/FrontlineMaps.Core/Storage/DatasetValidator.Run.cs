using System.Collections.Immutable;
using System.Text.Json;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

public static partial class DatasetValidator
{
    /// <summary>One validation run: where it is (record set and index), the ids it collected, and the rules shared by every
    /// record type (ids, texts); the manifest and the boundary. The rules per record type are in the other parts.</summary>
    private sealed partial class Run(RecordLocator locate, ValidatedIds? from, bool stored = false)
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

        private void Id(string field, string? id, LayeredMap<int> seen)
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
