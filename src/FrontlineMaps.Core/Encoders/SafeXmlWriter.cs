using System.Xml;
using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Encoders;

/// <summary>
/// An <see cref="XmlWriter"/> for documents that hold stored text (the Atom feed, SVG maps): every text and attribute value goes
/// through <see cref="FreeText.ForMarkup"/>, so a stored string with a control character or a lone surrogate (a store older than
/// the write rule, a file edited by hand) becomes U+FFFD instead of an exception half-way through a response, and the document
/// is always well-formed. Markup itself (<c>&lt;</c>, <c>&amp;</c>, <c>]]&gt;</c>) is escaped by the inner writer as usual.
/// </summary>
public sealed class SafeXmlWriter : XmlWriter
{
    private readonly XmlWriter _inner;

    private SafeXmlWriter(XmlWriter inner) => _inner = inner;

    /// <summary>A safe writer over <paramref name="output"/> with <paramref name="settings"/> (character checking stays on).</summary>
    public static XmlWriter Over(Stream output, XmlWriterSettings settings) => new SafeXmlWriter(XmlWriter.Create(output, settings));

    /// <inheritdoc />
    public override WriteState WriteState => _inner.WriteState;

    /// <inheritdoc />
    public override XmlWriterSettings? Settings => _inner.Settings;

    /// <inheritdoc />
    public override void WriteString(string? text) => _inner.WriteString(text is null ? null : FreeText.ForMarkup(text));

    /// <inheritdoc />
    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    /// <inheritdoc />
    public override void WriteCData(string? text) => WriteString(text);

    /// <inheritdoc />
    public override void WriteComment(string? text) =>
        _inner.WriteComment(text is null ? null : FreeText.ForMarkup(text).Replace("--", "- -", StringComparison.Ordinal).TrimEnd('-'));

    /// <inheritdoc />
    public override void WriteRaw(string data) => _inner.WriteRaw(data);

    /// <inheritdoc />
    public override void WriteRaw(char[] buffer, int index, int count) => _inner.WriteRaw(buffer, index, count);

    /// <inheritdoc />
    public override void WriteCharEntity(char ch) => WriteString(ch.ToString());

    /// <inheritdoc />
    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => _inner.WriteSurrogateCharEntity(lowChar, highChar);

    /// <inheritdoc />
    public override void WriteWhitespace(string? ws) => _inner.WriteWhitespace(ws);

    /// <inheritdoc />
    public override void WriteBase64(byte[] buffer, int index, int count) => _inner.WriteBase64(buffer, index, count);

    /// <inheritdoc />
    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => _inner.WriteDocType(name, pubid, sysid, subset);

    /// <inheritdoc />
    public override void WriteEntityRef(string name) => _inner.WriteEntityRef(name);

    /// <inheritdoc />
    public override void WriteProcessingInstruction(string name, string? text) => _inner.WriteProcessingInstruction(name, text);

    /// <inheritdoc />
    public override void WriteStartDocument() => _inner.WriteStartDocument();

    /// <inheritdoc />
    public override void WriteStartDocument(bool standalone) => _inner.WriteStartDocument(standalone);

    /// <inheritdoc />
    public override void WriteEndDocument() => _inner.WriteEndDocument();

    /// <inheritdoc />
    public override void WriteStartElement(string? prefix, string localName, string? ns) => _inner.WriteStartElement(prefix, localName, ns);

    /// <inheritdoc />
    public override void WriteEndElement() => _inner.WriteEndElement();

    /// <inheritdoc />
    public override void WriteFullEndElement() => _inner.WriteFullEndElement();

    /// <inheritdoc />
    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => _inner.WriteStartAttribute(prefix, localName, ns);

    /// <inheritdoc />
    public override void WriteEndAttribute() => _inner.WriteEndAttribute();

    /// <inheritdoc />
    public override string? LookupPrefix(string ns) => _inner.LookupPrefix(ns);

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
