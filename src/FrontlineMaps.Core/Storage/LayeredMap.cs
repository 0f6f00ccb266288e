namespace FrontlineMaps.Core.Storage;

/// <summary>
/// A map from ids that a validation run extends without copying the one it was given (<see cref="DatasetValidator.ValidatedIds"/>):
/// its own entries (added, set or removed keys) over a base that is never changed again; a lookup tries its own entries, then
/// the base's. A write adds one layer, so a lookup walks at most <see cref="MaxDepth"/> of them: a map made over a base that deep
/// copies everything into one layer instead (one copy every <see cref="MaxDepth"/> writes, where there was one per write).
/// </summary>
internal sealed class LayeredMap<TValue>
{
    private const int MaxDepth = 16;
    private readonly LayeredMap<TValue>? _base;
    private readonly Dictionary<string, Entry> _own;
    private readonly int _depth;

    /// <summary>An empty map.</summary>
    public LayeredMap() => _own = new(StringComparer.Ordinal);

    /// <summary>A map holding what <paramref name="below"/> holds, which must not be changed afterwards.</summary>
    public LayeredMap(LayeredMap<TValue> below)
    {
        if (below._depth + 1 < MaxDepth)
        {
            _base = below;
            _depth = below._depth + 1;
            _own = new(StringComparer.Ordinal);
            Count = below.Count;
            return;
        }
        var layers = new List<LayeredMap<TValue>>();
        for (var m = below; m is not null; m = m._base)
            layers.Add(m);
        _own = new(below.Count, StringComparer.Ordinal);
        for (var i = layers.Count - 1; i >= 0; i--)
            foreach (var (key, entry) in layers[i]._own)
                if (entry.Present) _own[key] = entry;
                else _own.Remove(key);
        Count = _own.Count;
    }

    private readonly record struct Entry(bool Present, TValue Value);

    /// <summary>The number of keys held.</summary>
    public int Count { get; private set; }

    /// <summary>The value of <paramref name="key"/>; throws when there is none.</summary>
    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        set
        {
            if (!ContainsKey(key)) Count++;
            _own[key] = new Entry(true, value);
        }
    }

    public bool TryGetValue(string key, out TValue value)
    {
        for (var m = this; m is not null; m = m._base)
            if (m._own.TryGetValue(key, out var entry))
            {
                value = entry.Value;
                return entry.Present;
            }
        value = default!;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public TValue? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : default;

    /// <summary>Adds <paramref name="key"/> unless it is held; false when it was.</summary>
    public bool TryAdd(string key, TValue value)
    {
        if (ContainsKey(key)) return false;
        _own[key] = new Entry(true, value);
        Count++;
        return true;
    }

    /// <summary>The keys held (each once, in no particular order).</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var m = this; m is not null; m = m._base)
                foreach (var (key, entry) in m._own)
                    if (seen.Add(key) && entry.Present)
                        yield return key;
        }
    }

    /// <summary>Removes <paramref name="key"/>; false when it was not held.</summary>
    public bool Remove(string key)
    {
        if (!ContainsKey(key)) return false;
        if (_base is null) _own.Remove(key);
        else _own[key] = new Entry(false, default!);
        Count--;
        return true;
    }
}

/// <summary>A set of ids over a base that is never changed again (<see cref="LayeredMap{TValue}"/>).</summary>
internal sealed class LayeredSet : IEnumerable<string>
{
    private readonly LayeredMap<bool> _map;

    public LayeredSet() => _map = new();

    public LayeredSet(LayeredSet below) => _map = new(below._map);

    public int Count => _map.Count;

    public bool Contains(string key) => _map.ContainsKey(key);

    public bool Add(string key) => _map.TryAdd(key, true);

    public bool Remove(string key) => _map.Remove(key);

    public IEnumerator<string> GetEnumerator() => _map.Keys.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
