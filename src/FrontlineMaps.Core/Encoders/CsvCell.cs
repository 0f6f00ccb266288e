using System.Globalization;

namespace FrontlineMaps.Core.Encoders;

/// <summary>
/// CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return as a formula (<c>=HYPERLINK(…)</c> leaks data, <c>+cmd|…</c> runs programs). Every text cell of
/// every CSV this server writes goes through <see cref="Neutralise"/>: such a cell is prefixed with a single quote, which
/// spreadsheets show as text and do not evaluate. The CSV writer then quotes the cell (and doubles its quotes) as RFC 4180 says
/// when needed. Numbers we format ourselves (coordinates, which may be negative) are written as they are.
/// </summary>
public static class CsvCell
{
    /// <summary>The characters a spreadsheet treats as the start of a formula (OWASP's list).</summary>
    public static readonly char[] FormulaPrefixes = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary><paramref name="text"/>, prefixed with <c>'</c> when it starts with a formula character; else unchanged.</summary>
    public static string Neutralise(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        return Array.IndexOf(FormulaPrefixes, text[0]) >= 0 ? "'" + text : text;
    }

    /// <summary>A number as a cell: invariant culture, never neutralised (a negative longitude is a number, not a formula).</summary>
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
