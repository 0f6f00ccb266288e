using System.Globalization;
using System.Text;

namespace FrontlineMaps.Core.Import.WikipediaModule;

/// <summary>A value of a Lua table constructor, with the 1-based line it starts on.</summary>
public abstract record LuaValue(int Line);

/// <summary>A string literal (quoted or long-bracket), unescaped.</summary>
public sealed record LuaString(int Line, string Value) : LuaValue(Line);

/// <summary>A numeric literal.</summary>
public sealed record LuaNumber(int Line, double Value) : LuaValue(Line);

/// <summary>A name or dotted name (<c>m.gov_hill</c>), or <c>true</c>/<c>false</c>/<c>nil</c>.</summary>
public sealed record LuaName(int Line, string Value) : LuaValue(Line);

/// <summary>A function call or other expression the reader does not evaluate (<c>mw.loadData('...')</c>); kept as its source text.</summary>
public sealed record LuaExpression(int Line, string Text) : LuaValue(Line);

/// <summary>A table constructor: positional items and named fields, in source order.</summary>
public sealed record LuaTable(int Line, IReadOnlyList<LuaValue> Items, IReadOnlyList<KeyValuePair<string, LuaValue>> Fields) : LuaValue(Line)
{
    /// <summary>The value of a named field, or null.</summary>
    public LuaValue? this[string name]
    {
        get
        {
            foreach (var (k, v) in Fields) if (k == name) return v;
            return null;
        }
    }
}

/// <summary>
/// Reads the data part of a MediaWiki Lua data module as served by <c>action=raw</c>: an optional preamble of
/// <c>local NAME = EXPR</c> statements, then <c>return { ... }</c>. Only table constructors, literals, names and simple calls
/// are understood — what data modules contain; this is not a Lua interpreter. Errors name the line.
/// </summary>
/// <remarks>Hand-written because no served NuGet package parses Lua source; a data module needs about a tenth of the grammar.</remarks>
public sealed class LuaTableReader
{
    private readonly string _text;
    private readonly string _file;
    private int _pos;
    private int _line = 1;

    private LuaTableReader(string text, string file)
    {
        _text = text;
        _file = file;
    }

    /// <summary>Reads the table the module returns.</summary>
    /// <param name="text">The module's source.</param>
    /// <param name="file">File name for errors.</param>
    /// <exception cref="ImportException">The text is not a data module.</exception>
    public static LuaTable ReadModule(string text, string file)
    {
        var r = new LuaTableReader(text, file);
        while (true)
        {
            r.SkipSpace();
            if (r.AtEnd) throw r.Error("no 'return { ... }' found: is this the module's raw source (action=raw)?");
            var word = r.PeekWord();
            if (word == "local")
            {
                r._pos += 5;
                r.SkipSpace();
                r.ReadName();
                r.SkipSpace();
                r.Expect('=');
                r.ReadValue();
                continue;
            }
            if (word == "return")
            {
                r._pos += 6;
                r.SkipSpace();
                var value = r.ReadValue();
                if (value is not LuaTable table) throw r.Error("the module must return a table");
                r.SkipSpace();
                if (!r.AtEnd) throw r.Error($"unexpected text after the returned table: '{r.Snippet()}'");
                return table;
            }
            throw r.Error($"expected 'local' or 'return', found '{r.Snippet()}'");
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private ImportException Error(string detail) => new(_file, _line, null, detail);

    private string Snippet() => _text.Substring(_pos, Math.Min(24, _text.Length - _pos)).Split('\n')[0];

    private string PeekWord()
    {
        int i = _pos;
        while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_')) i++;
        return _text[_pos..i];
    }

    private void Advance()
    {
        if (_text[_pos] == '\n') _line++;
        _pos++;
    }

    private void SkipSpace()
    {
        while (!AtEnd)
        {
            char c = Peek();
            if (char.IsWhiteSpace(c)) { Advance(); continue; }
            if (c == '-' && Peek(1) == '-')
            {
                _pos += 2;
                if (Peek() == '[' && LongBracketLevel() is { } level) { ReadLongBracket(level); continue; }
                while (!AtEnd && Peek() != '\n') _pos++;
                continue;
            }
            break;
        }
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw Error(AtEnd ? $"expected '{c}', found the end of the file" : $"expected '{c}', found '{Snippet()}'");
        Advance();
    }

    private string ReadName()
    {
        var w = PeekWord();
        if (w.Length == 0 || char.IsDigit(w[0])) throw Error($"expected a name, found '{Snippet()}'");
        _pos += w.Length;
        return w;
    }

    private LuaValue ReadValue()
    {
        SkipSpace();
        int line = _line;
        if (AtEnd) throw Error("expected a value, found the end of the file");
        char c = Peek();
        if (c == '{') return ReadTable();
        if (c is '"' or '\'') return new LuaString(line, ReadQuoted(c));
        if (c == '[' && LongBracketLevel() is { } level) return new LuaString(line, ReadLongBracket(level));
        if (char.IsDigit(c) || (c is '-' or '.' && (char.IsDigit(Peek(1)) || Peek(1) == '.'))) return new LuaNumber(line, ReadNumber());
        if (char.IsLetter(c) || c == '_')
        {
            var sb = new StringBuilder(ReadName());
            while (Peek() == '.' && (char.IsLetter(Peek(1)) || Peek(1) == '_'))
            {
                _pos++;
                sb.Append('.').Append(ReadName());
            }
            SkipSpace();
            if (Peek() == '(')
            {
                // A call such as mw.loadData('Module:...'): kept as text, never evaluated.
                int start = _pos, depth = 0;
                do
                {
                    if (Peek() is '"' or '\'') { ReadQuoted(Peek()); continue; }
                    if (Peek() == '(') depth++;
                    else if (Peek() == ')') depth--;
                    Advance();
                } while (!AtEnd && depth > 0);
                if (depth > 0) throw Error("unclosed '(' ");
                return new LuaExpression(line, sb + _text[start.._pos]);
            }
            return new LuaName(line, sb.ToString());
        }
        throw Error($"expected a value, found '{Snippet()}'");
    }

    private LuaTable ReadTable()
    {
        int line = _line;
        Expect('{');
        var items = new List<LuaValue>();
        var fields = new List<KeyValuePair<string, LuaValue>>();
        while (true)
        {
            SkipSpace();
            if (AtEnd) throw new ImportException(_file, line, null, "a table opened here is never closed");
            if (Peek() == '}') { Advance(); break; }
            if (Peek() == '[' && LongBracketLevel() is null)
            {
                // [key] = value
                Advance();
                var key = ReadValue();
                SkipSpace();
                Expect(']');
                SkipSpace();
                Expect('=');
                var v = ReadValue();
                fields.Add(new(key switch { LuaString s => s.Value, LuaNumber n => n.Value.ToString(CultureInfo.InvariantCulture), _ => key.ToString() }, v));
            }
            else
            {
                var w = PeekWord();
                int save = _pos, saveLine = _line;
                if (w.Length > 0 && !char.IsDigit(w[0]))
                {
                    _pos += w.Length;
                    SkipSpace();
                    if (Peek() == '=' && Peek(1) != '=')
                    {
                        Advance();
                        fields.Add(new(w, ReadValue()));
                        goto separator;
                    }
                    _pos = save;
                    _line = saveLine;
                }
                items.Add(ReadValue());
            }
        separator:
            SkipSpace();
            if (Peek() is ',' or ';') { Advance(); continue; }
            if (Peek() == '}') { Advance(); break; }
            throw Error(AtEnd ? "a table is never closed" : $"expected ',' or '}}' in a table, found '{Snippet()}'");
        }
        return new LuaTable(line, items, fields);
    }

    private double ReadNumber()
    {
        int start = _pos;
        if (Peek() == '-') _pos++;
        while (!AtEnd && (char.IsLetterOrDigit(Peek()) || Peek() == '.' || ((Peek() is '+' or '-') && (_text[_pos - 1] is 'e' or 'E')))) _pos++;
        var s = _text[start.._pos];
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        if ((s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.StartsWith("-0x", StringComparison.OrdinalIgnoreCase))
            && long.TryParse(s.TrimStart('-')[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h))
            return s[0] == '-' ? -h : h;
        throw Error($"'{s}' is not a number");
    }

    private string ReadQuoted(char quote)
    {
        int line = _line;
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw new ImportException(_file, line, null, "a string is not closed on its line");
            char c = Peek();
            Advance();
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (AtEnd) throw new ImportException(_file, line, null, "a string ends in a backslash");
            char e = Peek();
            Advance();
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\n': sb.Append('\n'); break;
                case 'z': while (!AtEnd && char.IsWhiteSpace(Peek())) Advance(); break;
                case 'x':
                    if (_pos + 2 > _text.Length || !byte.TryParse(_text.AsSpan(_pos, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hx))
                        throw new ImportException(_file, line, null, "bad \\x escape in a string");
                    sb.Append((char)hx);
                    _pos += 2;
                    break;
                default:
                    if (char.IsDigit(e))
                    {
                        int v = e - '0', n = 1;
                        while (n < 3 && char.IsDigit(Peek())) { v = v * 10 + (Peek() - '0'); _pos++; n++; }
                        sb.Append((char)v);
                    }
                    else sb.Append(e); // \\ \" \' and anything else: the character itself
                    break;
            }
        }
    }

    /// <summary>At <c>[</c>: the level of a long bracket <c>[==[</c> starting here, or null.</summary>
    private int? LongBracketLevel()
    {
        int i = _pos + 1, level = 0;
        while (i < _text.Length && _text[i] == '=') { i++; level++; }
        return i < _text.Length && _text[i] == '[' ? level : null;
    }

    private string ReadLongBracket(int level)
    {
        int line = _line;
        _pos += level + 2;
        if (Peek() == '\n') Advance(); // a first newline is not part of the string
        var close = "]" + new string('=', level) + "]";
        int end = _text.IndexOf(close, _pos, StringComparison.Ordinal);
        if (end < 0) throw new ImportException(_file, line, null, "a long string or comment is never closed");
        var s = _text[_pos..end];
        while (_pos < end) Advance();
        _pos += close.Length;
        return s;
    }
}
