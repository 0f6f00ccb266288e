using System.Collections.Immutable;

namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// An immutable lookup over records that are only ever appended (changes by id, place versions), made for a new map state from
/// the previous state's at the cost of the records appended: a frozen base dictionary shared by every state, and a persistent
/// overlay of what came after, folded into a new base once it holds an eighth of it (amortized O(1) per record).
/// </summary>
internal sealed class AppendOnlyIndex<TValue>
{
    private readonly Dictionary<string, TValue> _base;
    private readonly ImmutableDictionary<string, TValue> _overlay;

    private AppendOnlyIndex(Dictionary<string, TValue> @base, ImmutableDictionary<string, TValue> overlay)
    {
        _base = @base;
        _overlay = overlay;
    }

    /// <summary>An index of <paramref name="entries"/>, folded in order by <paramref name="fold"/> (previous value, if any, and the record).</summary>
    public static AppendOnlyIndex<TValue> Build<T>(IEnumerable<T> entries, Func<T, string> key, Func<TValue?, bool, T, TValue> fold)
    {
        var d = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var k = key(e);
            var had = d.TryGetValue(k, out var v);
            d[k] = fold(v, had, e);
        }
        return new(d, ImmutableDictionary.Create<string, TValue>(StringComparer.Ordinal));
    }

    /// <summary>This index with <paramref name="appended"/> folded in; this one is not changed.</summary>
    public AppendOnlyIndex<TValue> With<T>(IEnumerable<T> appended, Func<T, string> key, Func<TValue?, bool, T, TValue> fold)
    {
        var overlay = _overlay.ToBuilder();
        foreach (var e in appended)
        {
            var k = key(e);
            var had = overlay.TryGetValue(k, out var v) || _base.TryGetValue(k, out v);
            overlay[k] = fold(v, had, e);
        }
        if (overlay.Count <= Math.Max(1024, _base.Count / 8)) return new(_base, overlay.ToImmutable());
        var merged = new Dictionary<string, TValue>(_base, StringComparer.Ordinal);
        foreach (var (k, v) in overlay) merged[k] = v;
        return new(merged, ImmutableDictionary.Create<string, TValue>(StringComparer.Ordinal));
    }

    /// <summary>The value of <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, out TValue value) =>
        _overlay.TryGetValue(key, out value!) || _base.TryGetValue(key, out value!);
}
