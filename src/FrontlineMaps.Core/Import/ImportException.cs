namespace FrontlineMaps.Core.Import;

/// <summary>
/// Bad input found by an importer. The message reads <c>FILE:LINE: field 'NAME': message</c>, like the loader's
/// (see <c>docs/data-format.md</c>). An importer that throws returns nothing: there are no partial imports.
/// </summary>
public sealed class ImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">Name (or path) of the file.</param>
    /// <param name="line">1-based line of a text file, or 1-based record number in a JSON array or feature collection.</param>
    /// <param name="field">The field at fault, if the fault is in one field.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ImportException(string file, long line, string? field, string detail, Exception? inner = null)
        : base(Format(file, line, field, detail), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Detail = detail;
    }

    /// <summary>Name (or path) of the file.</summary>
    public string File { get; }

    /// <summary>1-based line of a text file, or 1-based record number in a JSON array or feature collection; 0 for the whole file.</summary>
    public long Line { get; }

    /// <summary>The field at fault, if any.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Detail { get; }

    private static string Format(string file, long line, string? field, string detail) =>
        field is null ? $"{file}:{line}: {detail}" : $"{file}:{line}: field '{field}': {detail}";
}
