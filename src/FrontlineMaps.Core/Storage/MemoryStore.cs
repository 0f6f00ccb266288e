using System.Collections.Concurrent;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A dataset held in memory (<c>Store:Provider=memory</c>): the same validation and atomic appends as the other stores, keys and
/// idempotency records in memory, nothing durable. For tests and demos that must not touch the disk.
/// </summary>
public sealed class MemoryStore : IDatasetStore, IEditorStore
{
    private readonly object _gate = new();
    private readonly List<(ApiKey Key, string Hash)> _keys = [];
    private readonly ConcurrentDictionary<string, StoredResponse> _responses = new(StringComparer.Ordinal);
    private Dataset? _dataset;
    private StoreVersion? _version;
    private DatasetValidator.ValidatedIds? _ids;

    /// <summary>A store holding <paramref name="dataset"/> (validated), or an empty one.</summary>
    public MemoryStore(Dataset? dataset = null)
    {
        if (dataset is not null) Import(dataset);
    }

    /// <inheritdoc />
    public int SchemaVersion => DatasetFiles.SchemaVersion;

    /// <inheritdoc />
    public string Version
    {
        get
        {
            lock (_gate) return _dataset is null || _version is null ? throw Empty() : _version.Value;
        }
    }

    /// <inheritdoc />
    public bool IsEmpty
    {
        get { lock (_gate) return _dataset is null; }
    }

    /// <inheritdoc />
    public Dataset Load()
    {
        lock (_gate) return _dataset ?? throw Empty();
    }

    /// <inheritdoc />
    public void Append(IReadOnlyList<ControlChange> changes) => Append(DatasetAdditions.OfChanges(changes));

    /// <inheritdoc />
    public void Append(DatasetAdditions additions) => Append(additions, null);

    /// <inheritdoc />
    public StoredResponse? Append(DatasetAdditions additions, StoredResponse? response, PlaceVersion? expected = null, ResponseHeaders? headers = null)
    {
        ArgumentNullException.ThrowIfNull(additions);
        lock (_gate)
        {
            if (response is not null && _responses.TryGetValue(response.Scope, out var earlier)) return earlier;
            var current = _dataset ?? throw Empty();
            if (expected is not null && PlaceVersions.Of(current.Changes.OrEmpty(), expected.PlaceId) is var actual && actual != expected)
                throw new StalePlaceVersionException(expected, actual);
            if (!additions.IsEmpty)
            {
                var combined = additions.ApplyTo(current);
                // Only the new records are checked, against the ids of the validated dataset (same verdict as validating all).
                _ids = DatasetValidator.ValidateAdditions(_ids!, combined, additions, DatasetLayout.Canonical);
                DatasetValidator.Remember(combined, _ids);
                _dataset = combined;
                _version = _version!.Appended(combined, additions);
                if (headers is not null && headers(combined, _version.Value) is var h && response is not null) response = response with { Headers = h };
            }
            if (response is not null) _responses[response.Scope] = response;
            return null;
        }
    }

    /// <inheritdoc />
    public void Import(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            if (_dataset is not null) throw new InvalidOperationException("the memory store already holds a dataset; import needs an empty store.");
            _ids = DatasetValidator.ValidateWithIds(dataset, DatasetLayout.Canonical);
            DatasetValidator.Remember(dataset, _ids);
            _dataset = dataset;
            _version = StoreVersion.Of(dataset);
        }
    }

    private static DatasetFormatException Empty() => new("memory", 0, null, "the store is empty: import a dataset first");

    /// <inheritdoc />
    public (ApiKey Key, string Token) CreateKey(string name, ApiRole role)
    {
        ApiKeyTokens.CheckName(name);
        lock (_gate)
        {
            if (_keys.Any(k => k.Key.Name == name)) throw new ArgumentException($"a key named '{name}' already exists", nameof(name));
            var (id, token) = ApiKeyTokens.Generate();
            var key = new ApiKey(id, name, role, DateTimeOffset.UtcNow);
            _keys.Add((key, ApiKeyTokens.Hash(token)));
            return (key, token);
        }
    }

    /// <inheritdoc />
    public ApiKey? RevokeKey(string idOrName)
    {
        lock (_gate)
        {
            var i = _keys.FindIndex(k => k.Key.Id == idOrName || k.Key.Name == idOrName);
            if (i < 0) return null;
            if (_keys[i].Key.IsActive) _keys[i] = (_keys[i].Key with { RevokedAt = DateTimeOffset.UtcNow }, _keys[i].Hash);
            return _keys[i].Key;
        }
    }

    /// <inheritdoc />
    public ApiKey? FindKey(string token)
    {
        if (ApiKeyTokens.IdOf(token) is not { } id) return null;
        lock (_gate)
            foreach (var (key, hash) in _keys)
                if (key.Id == id)
                    return ApiKeyTokens.Matches(token, hash) ? key : null;
        return null;
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiKey> ListKeys()
    {
        lock (_gate) return [.. _keys.Select(k => k.Key)];
    }

    /// <inheritdoc />
    public StoredResponse? FindResponse(string scope) => _responses.TryGetValue(scope, out var r) ? r : null;
}
