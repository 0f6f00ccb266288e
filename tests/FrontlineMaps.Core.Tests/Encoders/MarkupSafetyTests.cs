using System.Text;
using System.Xml;
using System.Xml.Linq;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;

namespace FrontlineMaps.Core.Tests.Encoders;

/// <summary>The text rule, the safe XML writer, the CSV cell neutraliser and the source URL rule, one by one.</summary>
public class MarkupSafetyTests
{
    [Theory]
    [InlineData("plain", null)]
    [InlineData("tab\tand\nnewline", null)]
    [InlineData("\U0001F642 \u0625\u0639\u062C\u0627\u0632 \u202Ebidi", null)]
    [InlineData("nul\u0000", "U+0000 at position 3")]
    [InlineData("bell\u0007", "U+0007")]
    [InlineData("cr\r", "U+000D")]
    [InlineData("c1\u0085", "U+0085")]
    [InlineData("non\uFFFF", "non-character U+FFFF")]
    public void Free_text_refuses_control_characters_but_tab_and_newline_and_lone_surrogates(string text, string? problem)
    {
        var found = FreeText.Problem(text);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    [Fact]
    public void Free_text_refuses_lone_surrogates_but_keeps_pairs()
    {
        // Built at run time: a lone surrogate does not survive an attribute argument.
        Assert.Contains("lone surrogate U+D800 at position 4", FreeText.Problem("lone" + (char)0xD800));
        Assert.Contains("lone surrogate U+DC00 at position 0", FreeText.Problem((char)0xDC00 + "low"));
        Assert.Contains("lone surrogate U+DC00", FreeText.Problem("x" + (char)0xDC00 + (char)0xD800));
        Assert.Null(FreeText.Problem("pair \U0001F642"));
    }

    [Fact]
    public void The_markup_form_of_a_text_replaces_what_xml_cannot_hold_and_keeps_the_rest()
    {
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFD\tx\ny \U0001F642", FreeText.ForMarkup("a\u0000b\uD800c\r\tx\ny \U0001F642"));
        var same = "nothing to do";
        Assert.Same(same, FreeText.ForMarkup(same));
    }

    [Fact]
    public void The_safe_xml_writer_writes_a_well_formed_document_from_any_string()
    {
        var hostile = "t\u0000i\u0007t\uD800l\uFFFFe ]]> </svg><script>alert(1)</script> & \"'";
        using var stream = new MemoryStream();
        using (var x = SafeXmlWriter.Over(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            x.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            x.WriteAttributeString("data-name", hostile);
            x.WriteElementString("title", "http://www.w3.org/2000/svg", hostile);
            x.WriteStartElement("text", "http://www.w3.org/2000/svg");
            x.WriteString(hostile);
            x.WriteCData(hostile);
            x.WriteEndElement();
            x.WriteEndElement();
        }
        var doc = XDocument.Parse(Encoding.UTF8.GetString(stream.ToArray()));
        var title = doc.Root!.Elements().First().Value;
        Assert.Equal("t\uFFFDi\uFFFDt\uFFFDl\uFFFDe ]]> </svg><script>alert(1)</script> & \"'", title);
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName == "script");
        Assert.Equal(title, doc.Root.Attribute("data-name")!.Value);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Reuters", "Reuters")]
    [InlineData("", "")]
    [InlineData("a=b", "a=b")]
    public void A_csv_cell_starting_like_a_formula_gets_a_leading_quote(string cell, string expected) =>
        Assert.Equal(expected, CsvCell.Neutralise(cell));

    [Fact]
    public void A_negative_number_stays_a_number() => Assert.Equal("-36.5", CsvCell.Number(-36.5));

    [Theory]
    [InlineData("https://example.com/", true)]
    [InlineData("http://example.com/a/b?c=d&e=%E2%80%94#f", true)]
    [InlineData("https://[2001:db8::1]:8443/x", true)]
    [InlineData("https://example.com/\njavascript:alert(1)", false)]
    [InlineData("https://example.com/a b", false)]
    [InlineData("https://samanews.example/ar/post/1/\u0642\u0648\u0627\u062A", true)]
    [InlineData("https://example.com/a\u00A0b", false)]
    [InlineData("https://example.com/\u202Eevil", false)]
    [InlineData("https://example.com/\u200Bzero-width", false)]
    [InlineData("https://example.com/%G0", false)]
    [InlineData("https://example.com/%4", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("https:/example.com", false)]
    [InlineData("ftp://example.com/", false)]
    public void A_source_url_is_an_absolute_http_uri_in_rfc_3986_characters(string url, bool ok) =>
        Assert.Equal(ok, SourceUrl.Problem(url) is null);
}
