using System.Globalization;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>A date expression found in a report and the days it means: one day, or a range when the report is vague.</summary>
/// <param name="Start">Character offset of the expression.</param>
/// <param name="End">Offset just past it.</param>
/// <param name="From">First day meant.</param>
/// <param name="To">Last day meant (inclusive); equal to <paramref name="From"/> for an exact day.</param>
/// <param name="IsSpeech">True when the expression dates a statement ("said on Sunday") rather than an event.</param>
/// <param name="IsDateline">True when the expression is the report's dateline ("DAMASCUS, July 3 (Xinhua) --", a date heading a line): it dates the writing, not an event.</param>
public sealed record DateMention(int Start, int End, DateOnly From, DateOnly To, bool IsSpeech = false, bool IsDateline = false)
{
    /// <summary>True when the mention names one day.</summary>
    public bool IsExact => From == To;
}

/// <summary>
/// Finds date expressions and resolves them against the publication date: explicit dates with or without a year
/// ("December 24", "24 December 2019", "2019-12-24"), weekdays ("on Wednesday": the latest such day on or before
/// publication), "today", "yesterday", "N days/weeks ago", "a week ago", "last week", "last weekend", "earlier this month",
/// "in June", "earlier in June", "last month", "last year", "earlier this year", "in 2014". A date without a year takes the year that puts it on or before the publication date
/// (allowing two days of slack for time zones). Deterministic; no clock is read.
/// </summary>
public static partial class DateResolver
{
    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>Every date expression in <paramref name="text"/>, in order.</summary>
    public static List<DateMention> Find(string text, DateOnly published)
    {
        var found = new List<DateMention>();
        bool Free(int s, int e) => !found.Any(f => s < f.End && e > f.Start);
        void Add(Match m, DateOnly from, DateOnly to)
        {
            if (!Free(m.Index, m.Index + m.Length)) return;
            var before = text[Math.Max(0, m.Index - 40)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 25)];
            var speech = SpeechBefore().IsMatch(before) || SpeechAfter().IsMatch(after);
            var lineStart = text.LastIndexOf('\n', Math.Max(0, m.Index - 1)) + 1;
            var line = text[lineStart..m.Index];
            // only at the head of the report (title, dateline): a date heading a line further down is a timeline's entry ("November 5 - Rebels seized P")
            var head = text[..lineStart].Split('\n').Count(l => l.Trim().Length > 0) <= 3;
            var dateline = head && DatelineBefore().IsMatch(line) && (line.TrimStart().StartsWith("date ", StringComparison.Ordinal) || DatelineAfter().IsMatch(text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)]));
            found.Add(new DateMention(m.Index, m.Index + m.Length, from, to, speech, dateline));
        }

        foreach (Match m in IsoDate().Matches(text))
            if (DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) Add(m, d, d);
        foreach (Match m in MonthDay().Matches(text))
        {
            var month = MonthNumber(m.Groups["m"].Value);
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            if (Resolve(month, day, year, published) is { } d) Add(m, d, d);
        }
        foreach (Match m in DayMonth().Matches(text))
        {
            var month = MonthNumber(m.Groups["m"].Value);
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            if (Resolve(month, day, year, published) is { } d) Add(m, d, d);
        }
        foreach (Match m in LastWeekend().Matches(text))
        {
            // The most recent Saturday-Sunday that ended before the publication day.
            var sunday = published.AddDays(-1);
            while (sunday.DayOfWeek != DayOfWeek.Sunday) sunday = sunday.AddDays(-1);
            Add(m, sunday.AddDays(-1), sunday);
        }
        foreach (Match m in LastWeek().Matches(text))
        {
            var monday = published;
            while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(-1);
            Add(m, monday.AddDays(-7), monday.AddDays(-1));
        }
        foreach (Match m in Ago().Matches(text))
        {
            var n = m.Groups["n"].Value.ToLowerInvariant() switch
            {
                "a" or "an" or "one" => 1, "two" or "a couple of" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6,
                "seven" => 7, "few" or "a few" => 3, var s => int.TryParse(s, CultureInfo.InvariantCulture, out var k) ? k : 1,
            };
            var unit = m.Groups["u"].Value.ToLowerInvariant();
            if (unit.StartsWith("day", StringComparison.Ordinal))
            {
                var d = published.AddDays(-n);
                Add(m, m.Groups["n"].Value.Contains("few", StringComparison.OrdinalIgnoreCase) ? d.AddDays(-1) : d, m.Groups["n"].Value.Contains("few", StringComparison.OrdinalIgnoreCase) ? published.AddDays(-2) : d);
            }
            else if (unit.StartsWith("week", StringComparison.Ordinal))
            {
                var d = published.AddDays(-7 * n);
                Add(m, d.AddDays(-2), d.AddDays(2));
            }
            else
            {
                var d = published.AddMonths(-n);
                Add(m, d.AddDays(-10), d.AddDays(10));
            }
        }
        foreach (Match m in Weekday().Matches(text))
        {
            var dow = Enum.Parse<DayOfWeek>(m.Groups["w"].Value, ignoreCase: true);
            var d = published;
            while (d.DayOfWeek != dow) d = d.AddDays(-1);
            if (m.Groups["last"].Success && d == published) d = d.AddDays(-7);
            Add(m, d, d);
        }
        foreach (Match m in Relative().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            var d = w.Contains("yesterday") ? published.AddDays(-1) : w.Contains("day before") ? published.AddDays(-2) : published;
            Add(m, d, d);
        }
        foreach (Match m in ThisWeek().Matches(text))
        {
            // "earlier this week", "this week": from the week's Monday; "the past week": the seven days before
            var w = m.Value.ToLowerInvariant();
            var monday = published;
            while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(-1);
            if (monday == published && w.Contains("earlier")) monday = monday.AddDays(-2);
            Add(m, w.Contains("past") || w.Contains("last seven") ? published.AddDays(-7) : monday, published);
        }
        foreach (Match m in LastNight().Matches(text))
            Add(m, published.AddDays(-1), published);
        foreach (Match m in EarlierThisMonth().Matches(text))
            Add(m, new DateOnly(published.Year, published.Month, 1), published);
        foreach (Match m in InMonth().Matches(text))
        {
            var month = MonthNumber(m.Groups["m"].Value);
            // "April last year" is April of the year before; "last April" the latest April before this month; "in April" the latest April
            var strict = m.Groups["last"].Success;
            int year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture)
                : m.Groups["ly"].Value.Equals("last", StringComparison.OrdinalIgnoreCase) ? published.Year - 1
                : m.Groups["ly"].Success ? published.Year
                : month < published.Month || month == published.Month && !strict ? published.Year : published.Year - 1;
            var first = new DateOnly(year, month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            // "early June" is the first ten days, "mid-June" the middle ten, "late June" from the 21st
            switch (m.Groups["part"].Value.ToLowerInvariant())
            {
                case "early": last = first.AddDays(9); break;
                case "mid": (first, last) = (first.AddDays(10), first.AddDays(19)); break;
                case "late": first = first.AddDays(20); break;
            }
            if (last > published) last = published;
            if (last >= first) Add(m, first, last);
        }
        foreach (Match m in LastMonthOrYear().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Contains("month"))
            {
                var first = new DateOnly(published.Year, published.Month, 1).AddMonths(-1);
                Add(m, first, first.AddMonths(1).AddDays(-1));
            }
            else if (w.Contains("earlier") || w.Contains("this"))
                Add(m, new DateOnly(published.Year, 1, 1), published);
            else
                Add(m, new DateOnly(published.Year - 1, 1, 1), new DateOnly(published.Year - 1, 12, 31));
        }
        foreach (Match m in BareYear().Matches(text))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (y > published.Year) continue;
            var last = new DateOnly(y, 12, 31);
            Add(m, new DateOnly(y, 1, 1), last > published ? published : last);
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>The day <paramref name="month"/>/<paramref name="day"/> falls on, in the year that puts it on or before publication.</summary>
    public static DateOnly? Resolve(int month, int day, int? year, DateOnly published)
    {
        if (month is < 1 or > 12 || day < 1) return null;
        var y = year ?? published.Year;
        if (day > DateTime.DaysInMonth(y, month)) return null;
        var d = new DateOnly(y, month, day);
        if (year is null && d > published.AddDays(2)) d = d.AddYears(-1);
        return d;
    }

    private static int MonthNumber(string name)
    {
        var n = name.TrimEnd('.').ToLowerInvariant();
        for (var i = 0; i < 12; i++)
            if (Months[i].StartsWith(n, StringComparison.OrdinalIgnoreCase) && n.Length >= 3) return i + 1;
        return 0;
    }

    private const string MonthPattern = "(?<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b" + MonthPattern + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>(?:19|20)\d{2})\b)?")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MonthPattern + @"(?:,?\s+(?<y>(?:19|20)\d{2})\b)?")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:(?:last|past|this\s+past)\s+weekend|(?:over|during|at)\s+the\s+weekend)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastWeekend();

    [GeneratedRegex(@"\blast\s+week\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastWeek();

    [GeneratedRegex(@"\b(?<n>\d+|an?|one|two|three|four|five|six|seven|a few|few|a couple of)\s+(?<u>days?|weeks?|months?)\s+ago\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ago();

    [GeneratedRegex(@"\b(?:(?<last>last)\s+)?(?<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:the day before yesterday|yesterday|today|this morning|tonight|this evening)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?:last|past)\s+(?:month|year)\b|\b(?:earlier\s+this|this)\s+year\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastMonthOrYear();

    [GeneratedRegex(@"\b(?:in|since|during|by|of)\s+(?:early\s+|late\s+|mid-?)?(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex BareYear();

    [GeneratedRegex(@"\b(?:earlier\s+(?:this|in\s+the)\s+week|this\s+week|(?:the\s+)?(?:past|last\s+seven)\s+(?:week|days))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThisWeek();

    [GeneratedRegex(@"\blast\s+night\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastNight();

    [GeneratedRegex(@"\bearlier this month\b", RegexOptions.IgnoreCase)]
    private static partial Regex EarlierThisMonth();

    [GeneratedRegex(@"\b(?:(?:in|earlier\s+in|since|during|by|until)\s+(?:the\s+)?(?:(?<part>early|late|mid)[-\s]+)?|(?<part>early|late|mid)[-\s]+|(?<last>last|this\s+past)\s+)" + MonthPattern + @"(?!\s+\d{1,2}\b)(?:\s+(?<y>(?:19|20)\d{2})|,?\s+(?:of\s+)?(?<ly>last|this)\s+year)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex InMonth();

    // a date heading its line, after "date", a weekday or a place in capitals: "date 2024-12-11", "DAMASCUS, July 3", "Monday, August 25, 2014"
    [GeneratedRegex(@"^\s*(?:date\s+|\p{Lu}{2,}[\p{Lu}\s.'’-]*,\s*(?:\p{Lu}\p{Ll}+,\s*)?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?$")]
    private static partial Regex DatelineBefore();

    // what follows a dateline: the agency in brackets, a dash, a full stop or the end of the line
    [GeneratedRegex(@"^(?:,?\s*(?:19|20)\d{2})?\s*(?:\([^)\n]{1,30}\)\s*)?(?:[-–—/.]|\r?\n|$)")]
    private static partial Regex DatelineAfter();

    [GeneratedRegex(@"\b(?:said|says|announced|stated|reported|claimed|told\s+\w+|platforms?|statement)\b[^.]{0,20}$", RegexOptions.IgnoreCase)]
    private static partial Regex SpeechBefore();

    [GeneratedRegex(@"^,?\s*(?:the\s+)?[\w'’ -]{0,20}?\b(?:said|announced|stated|claimed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpeechAfter();
}
