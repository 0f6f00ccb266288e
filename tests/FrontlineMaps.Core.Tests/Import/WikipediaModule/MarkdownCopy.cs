using System.Text.RegularExpressions;

namespace FrontlineMaps.Core.Tests.Import.WikipediaModule;

/// <summary>
/// Turns the markdown copy of the module kept in the public repository MASangys/wikipedia.zh back into raw module source:
/// that conversion wrapped each line in backticks and rewrote every wiki link <c>[[Page|Text]]</c> as a markdown link to
/// zh.wikipedia.org with its words split by <c>``   ``</c>. The marks themselves are intact.
/// </summary>
internal static partial class MarkdownCopy
{
    public static string ToRaw(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n').Select(l =>
        {
            var s = l.Length >= 2 && l[0] == '`' && l[^1] == '`' ? l[1..^1] : l;
            s = s.Replace("``   ``", " ");
            return Link().Replace(s, m =>
            {
                var text = m.Groups["text"].Value;
                var page = m.Groups["page"].Value.Replace("\\(", "(").Replace("\\)", ")").Replace('_', ' ');
                return page == text ? $"[[{text}]]" : $"[[{page}|{text}]]";
            });
        });
        return string.Join('\n', lines);
    }

    [GeneratedRegex("`\\[`(?<text>.*?)`\\]\\(https://zh\\.wikipedia\\.org/wiki/(?<page>[^ ]+) \"wikilink\"\\)`")]
    private static partial Regex Link();
}
