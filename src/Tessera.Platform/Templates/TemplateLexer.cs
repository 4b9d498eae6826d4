namespace Tessera.Platform.Templates;

internal enum TokenKind
{
    Error,
    EOF,
    Text,
    Comment,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Field,
    Variable,
    Dot,
    String,
    RawString,
    CharConstant,
    Number,
    Complex,
    Bool,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Char,

    // Keywords come after this marker, as in Go's lexer.
    Keyword,
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
}

internal readonly record struct Token(TokenKind Kind, int Position, string Value, int Line)
{
    /// <summary>How Go's parser names a token in "unexpected …" errors.</summary>
    public override string ToString() => Kind switch
    {
        TokenKind.EOF => "EOF",
        TokenKind.Error => Value,
        > TokenKind.Keyword => "<" + Value + ">",
        _ when Value.Length > 10 => GoFormat.Quote(Value[..10]) + "...",
        _ => GoFormat.Quote(Value),
    };
}

/// <summary>
/// Go's text/template lexer: text, <c>{{ }}</c> actions with trim markers (<c>{{- </c> and <c> -}}</c>),
/// comments, and the tokens inside actions. Produces the whole token list up front; a lexical error ends it with an
/// Error token.
/// </summary>
internal sealed class TemplateLexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";

    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["block"] = TokenKind.Block,
        ["break"] = TokenKind.Break,
        ["continue"] = TokenKind.Continue,
        ["define"] = TokenKind.Define,
        ["else"] = TokenKind.Else,
        ["end"] = TokenKind.End,
        ["if"] = TokenKind.If,
        ["range"] = TokenKind.Range,
        ["template"] = TokenKind.Template,
        ["with"] = TokenKind.With,
        ["nil"] = TokenKind.Nil,
        ["true"] = TokenKind.Bool,
        ["false"] = TokenKind.Bool,
    };

    private readonly string _input;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _start;
    private int _line = 1;
    private int _startLine = 1;
    private int _parenDepth;

    private TemplateLexer(string input) => _input = input;

    public static List<Token> Lex(string input)
    {
        var lexer = new TemplateLexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        var trimNext = false;
        while (true)
        {
            // Text up to the next left delimiter.
            var at = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
            var textEnd = at < 0 ? _input.Length : at;
            if (trimNext)
            {
                while (_pos < textEnd && IsSpace(_input[_pos]))
                {
                    Advance(1);
                }

                _start = _pos;
                _startLine = _line;
                trimNext = false;
            }

            var trimLeft = at >= 0 && HasLeftTrim(at + LeftDelim.Length);
            var visibleEnd = textEnd;
            if (trimLeft)
            {
                while (visibleEnd > _pos && IsSpace(_input[visibleEnd - 1]))
                {
                    visibleEnd--;
                }
            }

            if (visibleEnd > _pos)
            {
                AdvanceTo(visibleEnd);
                Emit(TokenKind.Text);
            }

            AdvanceTo(textEnd);
            Ignore();
            if (at < 0)
            {
                Emit(TokenKind.EOF);
                return;
            }

            if (!LexAction(trimLeft, out trimNext))
            {
                return;
            }
        }
    }

    private bool HasLeftTrim(int index) => index + 1 < _input.Length && _input[index] == '-' && IsSpace(_input[index + 1]);

    private bool AtRightDelim(out bool trim)
    {
        trim = false;
        if (string.CompareOrdinal(_input, _pos, RightDelim, 0, RightDelim.Length) == 0)
        {
            return true;
        }

        if (_pos + 1 < _input.Length && IsSpace(_input[_pos]) && _input[_pos + 1] == '-'
            && string.CompareOrdinal(_input, _pos + 2, RightDelim, 0, RightDelim.Length) == 0)
        {
            trim = true;
            return true;
        }

        return false;
    }

    /// <summary>Lexes one action from its left delimiter; false when lexing ended with an error.</summary>
    private bool LexAction(bool trimLeft, out bool trimRight)
    {
        trimRight = false;
        Advance(LeftDelim.Length);
        if (trimLeft)
        {
            Advance(2);
        }

        if (string.CompareOrdinal(_input, _pos, "/*", 0, 2) == 0)
        {
            return LexComment(out trimRight);
        }

        Emit(TokenKind.LeftDelim);
        _parenDepth = 0;
        while (true)
        {
            if (AtRightDelim(out var trim))
            {
                if (_parenDepth > 0)
                {
                    return Error("unclosed left paren");
                }

                if (trim)
                {
                    Advance(2);
                    Ignore();
                }

                Advance(RightDelim.Length);
                Emit(TokenKind.RightDelim);
                trimRight = trim;
                return true;
            }

            if (_pos >= _input.Length)
            {
                return Error("unclosed action");
            }

            var c = _input[_pos];
            if (IsSpace(c))
            {
                while (_pos < _input.Length && IsSpace(_input[_pos]) && !AtRightDelim(out _))
                {
                    Advance(1);
                }

                Emit(TokenKind.Space);
                continue;
            }

            switch (c)
            {
                case '=':
                    Advance(1);
                    Emit(TokenKind.Assign);
                    continue;
                case ':':
                    if (_pos + 1 >= _input.Length || _input[_pos + 1] != '=')
                    {
                        return Error("expected :=");
                    }

                    Advance(2);
                    Emit(TokenKind.Declare);
                    continue;
                case '|':
                    Advance(1);
                    Emit(TokenKind.Pipe);
                    continue;
                case '"':
                    if (!LexQuote())
                    {
                        return false;
                    }

                    continue;
                case '`':
                {
                    var end = _input.IndexOf('`', _pos + 1);
                    if (end < 0)
                    {
                        return Error("unterminated raw quoted string");
                    }

                    AdvanceTo(end + 1);
                    Emit(TokenKind.RawString);
                    continue;
                }

                case '\'':
                    if (!LexChar())
                    {
                        return false;
                    }

                    continue;
                case '$':
                    Advance(1);
                    if (!LexWord(TokenKind.Variable))
                    {
                        return false;
                    }

                    continue;
                case '.':
                    if (_pos + 1 >= _input.Length || !char.IsAsciiDigit(_input[_pos + 1]))
                    {
                        Advance(1);
                        if (!LexWord(TokenKind.Field))
                        {
                            return false;
                        }

                        continue;
                    }

                    break;
                case '(':
                    Advance(1);
                    Emit(TokenKind.LeftParen);
                    _parenDepth++;
                    continue;
                case ')':
                    // Go emits the parenthesis before the error, so the parser usually reports it first.
                    Advance(1);
                    Emit(TokenKind.RightParen);
                    if (--_parenDepth < 0)
                    {
                        return Error("unexpected right paren " + DescribeRune(')'));
                    }

                    continue;
            }

            if (c is '.' or '+' or '-' || char.IsAsciiDigit(c))
            {
                if (!LexNumber())
                {
                    return false;
                }

                continue;
            }

            if (IsAlphaNumeric(c))
            {
                if (!LexWord(TokenKind.Identifier))
                {
                    return false;
                }

                continue;
            }

            if (c < 0x80 && c >= ' ' && c != 0x7f)
            {
                Advance(1);
                Emit(TokenKind.Char);
                continue;
            }

            return Error("unrecognized character in action: " + DescribeRune(c));
        }
    }

    private bool LexComment(out bool trimRight)
    {
        trimRight = false;
        var end = _input.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return Error("unclosed comment");
        }

        AdvanceTo(end + 2);
        if (!AtRightDelim(out var trim))
        {
            return Error("comment ends before closing delimiter");
        }

        Emit(TokenKind.Comment);
        if (trim)
        {
            Advance(2);
        }

        Advance(RightDelim.Length);
        Ignore();
        trimRight = trim;
        return true;
    }

    private bool LexQuote()
    {
        var i = _pos + 1;
        while (true)
        {
            if (i >= _input.Length || _input[i] == '\n')
            {
                return Error("unterminated quoted string");
            }

            if (_input[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (_input[i] == '"')
            {
                break;
            }

            i++;
        }

        AdvanceTo(i + 1);
        Emit(TokenKind.String);
        return true;
    }

    private bool LexChar()
    {
        var i = _pos + 1;
        while (true)
        {
            if (i >= _input.Length || _input[i] == '\n')
            {
                return Error("unterminated character constant");
            }

            if (_input[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (_input[i] == '\'')
            {
                break;
            }

            i++;
        }

        AdvanceTo(i + 1);
        Emit(TokenKind.CharConstant);
        return true;
    }

    /// <summary>An identifier, a field (after '.') or a variable (after '$'); keywords are recognized here.</summary>
    private bool LexWord(TokenKind kind)
    {
        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            Advance(1);
        }

        if (!AtTerminator())
        {
            return Error("bad character " + DescribeRune(_input[_pos]));
        }

        var word = _input[_start.._pos];
        if (kind == TokenKind.Field && word == ".")
        {
            Emit(TokenKind.Dot);
        }
        else if (kind == TokenKind.Identifier && Keywords.TryGetValue(word, out var keyword))
        {
            Emit(keyword);
        }
        else
        {
            Emit(kind);
        }

        return true;
    }

    private bool AtTerminator()
    {
        if (_pos >= _input.Length)
        {
            return true;
        }

        var c = _input[_pos];
        return IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(' || string.CompareOrdinal(_input, _pos, RightDelim, 0, RightDelim.Length) == 0;
    }

    private bool LexNumber()
    {
        Accept("+-");
        var digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF_";
            }
            else if (Accept("oO"))
            {
                digits = "01234567_";
            }
            else if (Accept("bB"))
            {
                digits = "01_";
            }
        }

        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }

        if (digits.Length == 11 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }

        if (digits.Length == 23 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }

        var imaginary = Accept("i");
        if (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            Advance(1);
            return Error("bad number syntax: " + GoFormat.Quote(_input[_start.._pos]));
        }

        if (!imaginary && _pos < _input.Length && _input[_pos] is '+' or '-')
        {
            // A complex constant such as 1+2i.
            Advance(1);
            AcceptRun(digits + ".eEpP+-");
            Accept("i");
            Emit(TokenKind.Complex);
            return true;
        }

        Emit(imaginary ? TokenKind.Complex : TokenKind.Number);
        return true;
    }

    private bool Accept(string valid)
    {
        if (_pos < _input.Length && valid.Contains(_input[_pos], StringComparison.Ordinal))
        {
            Advance(1);
            return true;
        }

        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private void Advance(int count) => AdvanceTo(Math.Min(_pos + count, _input.Length));

    private void AdvanceTo(int position)
    {
        for (var i = _pos; i < position; i++)
        {
            if (_input[i] == '\n')
            {
                _line++;
            }
        }

        _pos = position;
    }

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _start, _input[_start.._pos], _startLine));
        Ignore();
    }

    private void Ignore()
    {
        _start = _pos;
        _startLine = _line;
    }

    private bool Error(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, _start, message, _startLine));
        return false;
    }

    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    /// <summary>Go's %#U: <c>U+0023 '#'</c>.</summary>
    private static string DescribeRune(char c)
        => "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + (char.IsControl(c) ? "" : " '" + c + "'");
}
