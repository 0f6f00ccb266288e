using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Ingest;

/// <summary>A sentence of a report: its character range and its index among the report's sentences.</summary>
/// <param name="Index">0-based sentence number.</param>
/// <param name="Paragraph">0-based paragraph number.</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset just past the last character.</param>
/// <param name="Text">The sentence text.</param>
public sealed record Sentence(int Index, int Paragraph, int Start, int End, string Text);

/// <summary>Splits plain-text reports into paragraphs and sentences, keeping character offsets into the original text.</summary>
public static partial class ReportText
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "U.S.", "U.N.", "U.K.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "e.g.", "i.e.",
        "approx.", "vs.", "km.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "Brig.", "Sen.", "Rep.", "Gov.",
    };

    /// <summary>The sentences of <paramref name="text"/>: split at line breaks and at . ! ? followed by a space and a capital.</summary>
    public static List<Sentence> Sentences(string text)
    {
        var result = new List<Sentence>();
        var paragraph = 0;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var nl = text.IndexOf('\n', lineStart);
            var lineEnd = nl < 0 ? text.Length : nl;
            var start = lineStart;
            var any = false;
            for (var i = lineStart; i < lineEnd; i++)
            {
                var c = text[i];
                if (c is not ('.' or '!' or '?' or '…')) continue;
                var j = i + 1;
                while (j < lineEnd && text[j] is '"' or '”' or '’' or '\'' or ')') j++;
                if (j >= lineEnd || !char.IsWhiteSpace(text[j])) continue;
                var k = j;
                while (k < lineEnd && char.IsWhiteSpace(text[k])) k++;
                if (k >= lineEnd) continue;
                if (!(char.IsUpper(text[k]) || char.IsDigit(text[k]) || text[k] is '"' or '“' or '‘' or '(')) continue;
                if (c == '.' && IsAbbreviation(text, start, i)) continue;
                any |= AddTrimmed(result, text, start, j, paragraph);
                start = k;
            }
            any |= AddTrimmed(result, text, start, lineEnd, paragraph);
            if (any) paragraph++;
            if (nl < 0) break;
            lineStart = nl + 1;
        }
        return result;
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var ws = dot;
        while (ws > sentenceStart && !char.IsWhiteSpace(text[ws - 1])) ws--;
        var word = text[ws..(dot + 1)];
        if (Abbreviations.Contains(word)) return true;
        return word.Length == 2 && char.IsUpper(word[0]); // an initial: "J. Smith"
    }

    private static bool AddTrimmed(List<Sentence> result, string text, int start, int end, int paragraph)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end <= start || !text[start..end].Any(char.IsLetter)) return false;
        result.Add(new Sentence(result.Count, paragraph, start, end, text[start..end]));
        return true;
    }

    /// <summary>Spans of capitalised words that may be place names ("Rasm al-Ward", "al-Nu'man", "Tell Dam").</summary>
    public static IEnumerable<(int Start, int End)> NameSpans(string sentence)
    {
        foreach (Match m in NameSpan().Matches(sentence)) yield return (m.Index, m.Index + m.Length);
    }

    [GeneratedRegex(@"(?<![\p{L}\d'’])(?:(?:al|el|ad|ar|as|ash|at|az|ez|an|ed|es|et|adh|ath|ul)[-‑])?\p{Lu}[\p{L}'’]*(?:-[\p{L}'’]+)*(?:\s(?:(?:al|el|bin|ibn|abu|bani|bani)\s)?(?:(?:al|el|ad|ar|as|ash|at|az|ez|an|ed|es|et|adh|ath|ul)[-‑])?\p{Lu}[\p{L}'’]*(?:-[\p{L}'’]+)*)*")]
    private static partial Regex NameSpan();
}
