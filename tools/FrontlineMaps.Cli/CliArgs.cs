using System.Globalization;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Cli;

/// <summary>A bad command-line value: reported as "option 'NAME': message" with exit code 2.</summary>
public sealed class CliUsageException(string option, string message) : Exception($"option '{option}': {message}")
{
    /// <summary>The option or argument at fault.</summary>
    public string Option { get; } = option;
}

/// <summary>Parsing of dates and instants given on the command line.</summary>
public static class CliArgs
{
    /// <summary>Parses <c>YYYY-MM-DD</c>.</summary>
    public static DateOnly ParseDate(string option, string? value)
    {
        if (value is null) throw new CliUsageException(option, "is required");
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new CliUsageException(option, $"'{value}' is not a date; expected YYYY-MM-DD");
    }

    /// <summary>
    /// Parses a knowledge cut-off as the server parses <c>known_at</c> (<see cref="KnownAt.TryParse"/>): an RFC 3339 instant, or
    /// a date meaning "by the end of that day (UTC)". Null stays null.
    /// </summary>
    public static DateTimeOffset? ParseKnownAt(string option, string? value)
    {
        if (value is null) return null;
        if (KnownAt.TryParse(value, out var instant)) return instant;
        throw new CliUsageException(option, $"'{value}' is neither a date (YYYY-MM-DD) nor an RFC 3339 instant");
    }
}
