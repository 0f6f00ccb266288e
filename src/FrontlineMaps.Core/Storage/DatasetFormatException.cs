namespace FrontlineMaps.Core.Storage;

/// <summary>
/// Thrown when a dataset (files, a SQLite database, or records handed to a store) breaks the data format or its rules.
/// The message reads <c>FILE:LINE: field 'NAME': reason</c>, e.g. <c>changes.ndjson:12: field 'faction': unknown faction 'XYZ'</c>.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="file"/>:<paramref name="line"/>, in <paramref name="field"/>.</summary>
    /// <param name="file">The file (or, for a SQLite store, <c>database:table</c>) the problem is in.</param>
    /// <param name="line">1-based line (for SQLite: the row's sequence number); 0 when the problem concerns the whole file.</param>
    /// <param name="field">The field (JSON member, as spelled in the file format) at fault, or null.</param>
    /// <param name="reason">What is wrong, in a few words.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public DatasetFormatException(string file, int line, string? field, string reason, Exception? inner = null)
        : base(Format(file, line, field, reason), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Reason = reason;
    }

    /// <summary>The file (or <c>database:table</c>) the problem is in, e.g. <c>changes.ndjson</c>.</summary>
    public string File { get; }

    /// <summary>1-based line number (for SQLite: the row's sequence number); 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The field at fault as spelled in the file format (<c>faction</c>, <c>sources[0].source</c>), or null.</summary>
    public string? Field { get; }

    /// <summary>The reason alone, without location.</summary>
    public string Reason { get; }

    private static string Format(string file, int line, string? field, string reason)
    {
        var location = line > 0 ? $"{file}:{line}" : file;
        return field is null ? $"{location}: {reason}" : $"{location}: field '{field}': {reason}";
    }
}
