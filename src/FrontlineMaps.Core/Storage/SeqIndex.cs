namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The seq (row number) of every stored record, per record table, in order: what a database store needs to name a row
/// in an error message and to read only the rows appended since (<see cref="SqliteStore"/>, <see cref="PostgresStore"/>).
/// </summary>
internal sealed class SeqIndex
{
    public static SeqIndex Empty { get; } = new();

    public List<long> Factions { get; init; } = [];
    public List<long> Sources { get; init; } = [];
    public List<long> Places { get; init; } = [];
    public List<long> Changes { get; init; } = [];

    public List<long>? Of(RecordSet set) => set switch
    {
        RecordSet.Factions => Factions,
        RecordSet.Sources => Sources,
        RecordSet.Places => Places,
        RecordSet.Changes => Changes,
        _ => null,
    };

    /// <summary>The seq of the last stored row of <paramref name="set"/>, or null when it has none.</summary>
    public long? Last(RecordSet set) => Of(set) is { Count: > 0 } list ? list[^1] : null;

    /// <summary>The seq the next row of <paramref name="set"/> gets.</summary>
    public long Next(RecordSet set) => Last(set) is { } last ? last + 1 : 1;

    /// <summary>A new index with the rows <paramref name="additions"/> add, numbered on from the last of each table.</summary>
    public SeqIndex Extend(DatasetAdditions additions) => new()
    {
        Factions = Grow(RecordSet.Factions, additions.Factions.Count),
        Sources = Grow(RecordSet.Sources, additions.Sources.Count),
        Places = Grow(RecordSet.Places, additions.Places.Count),
        Changes = Grow(RecordSet.Changes, additions.Changes.Count),
    };

    /// <summary>A new index with <paramref name="added"/>'s rows after this one's.</summary>
    public SeqIndex Concat(SeqIndex added) => new()
    {
        Factions = [.. Factions, .. added.Factions],
        Sources = [.. Sources, .. added.Sources],
        Places = [.. Places, .. added.Places],
        Changes = [.. Changes, .. added.Changes],
    };

    /// <summary>
    /// The row the <paramref name="index"/>-th record of <paramref name="set"/> lives in: stored rows by their seq, rows
    /// past the stored ones by the seq they would get (0 for a set without rows, such as the manifest).
    /// </summary>
    public int Line(RecordSet set, int index)
    {
        if (Of(set) is not { } list)
            return 0;
        var seq = index < list.Count ? list[index] : (list.Count == 0 ? 0 : list[^1]) + index - list.Count + 1;
        return (int)seq;
    }

    private List<long> Grow(RecordSet set, int count)
    {
        var list = new List<long>(Of(set)!.Count + count);
        list.AddRange(Of(set)!);
        var next = Next(set);
        for (var i = 0; i < count; i++)
            list.Add(next + i);
        return list;
    }
}
