using System.Globalization;
using System.Numerics;
using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>
/// Go's text/template/parse parser: builds the tree of the main template and of every <c>define</c>/<c>block</c>,
/// checks variables are declared and functions exist, and reports errors as Go does
/// (<c>template: name:line: message</c>).
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _name;
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly TemplateFunctions _functions;
    private readonly Dictionary<string, ListNode> _definitions;
    private List<string> _vars = ["$"];
    private int _index;
    private int _rangeDepth;

    private TemplateParser(string name, string text, TemplateFunctions functions, Dictionary<string, ListNode> definitions)
    {
        _name = name;
        _text = text;
        _tokens = TemplateLexer.Lex(text);
        _functions = functions;
        _definitions = definitions;
    }

    /// <summary>Parses <paramref name="text"/>; the main tree goes under <paramref name="name"/> unless it is empty and a define already gave it.</summary>
    public static void Parse(string name, string text, TemplateFunctions functions, Dictionary<string, ListNode> definitions)
    {
        var parser = new TemplateParser(name, text, functions, definitions);
        var root = parser.ParseRoot();
        parser.Add(name, root);
    }

    private ListNode ParseRoot()
    {
        var root = new ListNode(Peek().Position);
        while (Peek().Kind != TokenKind.EOF)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                var saved = _index;
                Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    ParseDefinition();
                    continue;
                }

                _index = saved;
            }

            var node = TextOrAction();
            if (node is EndNode or ElseNode)
            {
                throw Error($"unexpected {node}");
            }

            root.Nodes.Add(node);
        }

        return root;
    }

    private void ParseDefinition()
    {
        const string context = "define clause";
        var token = NextNonSpace();
        if (token.Kind is not TokenKind.String and not TokenKind.RawString)
        {
            throw Unexpected(token, context);
        }

        var name = Unquote(token);
        Expect(TokenKind.RightDelim, context);
        var outer = _vars;
        _vars = ["$"];
        var (list, end) = ItemList();
        _vars = outer;
        if (end is not EndNode)
        {
            throw Error($"unexpected {end} in {context}");
        }

        Add(name, list);
    }

    private void Add(string name, ListNode root)
    {
        if (!_definitions.TryGetValue(name, out var existing) || IsEmpty(existing))
        {
            _definitions[name] = root;
            return;
        }

        if (!IsEmpty(root))
        {
            throw Error($"template: multiple definition of template {GoFormat.Quote(name)}");
        }
    }

    private static bool IsEmpty(Node node) => node switch
    {
        ListNode list => list.Nodes.All(IsEmpty),
        TextNode text => string.IsNullOrWhiteSpace(text.Text),
        CommentNode => true,
        _ => false,
    };

    private (ListNode List, Node End) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Position);
        while (PeekNonSpace().Kind != TokenKind.EOF)
        {
            var node = TextOrAction();
            if (node is EndNode or ElseNode)
            {
                return (list, node);
            }

            list.Nodes.Add(node);
        }

        throw Error("unexpected EOF");
    }

    private Node TextOrAction()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Text:
                return new TextNode(token.Position, token.Value);
            case TokenKind.LeftDelim:
                return Action();
            case TokenKind.Comment:
                return new CommentNode(token.Position);
            default:
                throw Unexpected(token, "input");
        }
    }

    private Node Action()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Block:
                return BlockControl();
            case TokenKind.Break:
                return LoopControl(token, "break");
            case TokenKind.Continue:
                return LoopControl(token, "continue");
            case TokenKind.Else:
                return ElseControl();
            case TokenKind.End:
                return new EndNode(Expect(TokenKind.RightDelim, "end").Position);
            case TokenKind.If:
                return Control(BranchKind.If, token.Position);
            case TokenKind.Range:
                return Control(BranchKind.Range, token.Position);
            case TokenKind.Template:
                return TemplateControl();
            case TokenKind.With:
                return Control(BranchKind.With, token.Position);
        }

        Backup();
        var start = Peek();
        return new ActionNode(start.Position, Pipeline("command", TokenKind.RightDelim));
    }

    private Node LoopControl(Token token, string word)
    {
        var next = NextNonSpace();
        if (next.Kind != TokenKind.RightDelim)
        {
            throw Unexpected(next, "{{" + word + "}}");
        }

        if (_rangeDepth == 0)
        {
            throw Error("{{" + word + "}} outside {{range}}");
        }

        return word == "break" ? new BreakNode(token.Position) : new ContinueNode(token.Position);
    }

    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With)
        {
            // "{{else if …}}" is "{{else}}{{if …}}…{{end}}{{end}}" with the inner end shared.
            return new ElseNode(peek.Position);
        }

        return new ElseNode(Expect(TokenKind.RightDelim, "else").Position);
    }

    private BranchNode Control(BranchKind kind, int position)
    {
        var context = kind switch { BranchKind.If => "if", BranchKind.Range => "range", _ => "with" };
        var mark = _vars.Count;
        var pipe = Pipeline(context, TokenKind.RightDelim);
        if (kind == BranchKind.Range)
        {
            _rangeDepth++;
        }

        var (list, next) = ItemList();
        if (kind == BranchKind.Range)
        {
            _rangeDepth--;
        }

        ListNode? elseList = null;
        if (next is ElseNode)
        {
            var peek = PeekNonSpace();
            if (kind == BranchKind.If && peek.Kind == TokenKind.If || kind == BranchKind.With && peek.Kind == TokenKind.With)
            {
                var keyword = NextNonSpace();
                elseList = new ListNode(next.Position);
                elseList.Nodes.Add(Control(kind, keyword.Position));
            }
            else
            {
                (elseList, next) = ItemList();
                if (next is not EndNode)
                {
                    throw Error($"expected end; found {next}");
                }
            }
        }

        _vars.RemoveRange(mark, _vars.Count - mark);
        return new BranchNode(position, kind, pipe, list, elseList);
    }

    private TemplateCallNode TemplateControl()
    {
        const string context = "template clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            Backup();
            pipe = Pipeline(context, TokenKind.RightDelim);
        }

        // Go positions the node at the name (errors name that column).
        return new TemplateCallNode(token.Position, name, pipe);
    }

    private TemplateCallNode BlockControl()
    {
        const string context = "block clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        var pipe = Pipeline(context, TokenKind.RightDelim);
        var outerVars = _vars;
        var outerDepth = _rangeDepth;
        _vars = ["$"];
        _rangeDepth = 0;
        var (list, end) = ItemList();
        _vars = outerVars;
        _rangeDepth = outerDepth;
        if (end is not EndNode)
        {
            throw Error($"unexpected {end} in {context}");
        }

        Add(name, list);
        return new TemplateCallNode(token.Position, name, pipe);
    }

    private string TemplateName(Token token, string context)
        => token.Kind is TokenKind.String or TokenKind.RawString ? Unquote(token) : throw Unexpected(token, context);

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var start = PeekNonSpace();
        var declarations = new List<VariableNode>();
        var isAssign = false;
        while (PeekNonSpace().Kind == TokenKind.Variable)
        {
            var saved = _index;
            var variable = NextNonSpace();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                isAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                declarations.Add(new VariableNode(variable.Position, [variable.Value]));
                _vars.Add(variable.Value);
                break;
            }

            if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                declarations.Add(new VariableNode(variable.Position, [variable.Value]));
                _vars.Add(variable.Value);
                if (context == "range" && declarations.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        continue;
                    }

                    throw Error("range can only initialize variables");
                }

                throw Error($"too many declarations in {context}");
            }

            _index = saved;
            break;
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                if (commands.Count == 0)
                {
                    throw Error($"missing value for {context}");
                }

                for (var i = 1; i < commands.Count; i++)
                {
                    if (commands[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
                    {
                        throw Error($"non executable command in pipeline stage {i + 1}");
                    }
                }

                return new PipeNode(start.Position, isAssign, [.. declarations], [.. commands]);
            }

            switch (token.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Complex or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable or TokenKind.LeftParen:
                    Backup();
                    commands.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private CommandNode Command()
    {
        var position = PeekNonSpace().Position;
        var args = new List<Node>();
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null)
            {
                args.Add(operand);
            }

            var token = Next();
            if (token.Kind == TokenKind.Space)
            {
                continue;
            }

            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                Backup();
            }
            else if (token.Kind != TokenKind.Pipe)
            {
                throw Unexpected(token, "operand");
            }

            break;
        }

        return args.Count == 0 ? throw Error("empty command") : new CommandNode(position, [.. args]);
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null || Peek().Kind != TokenKind.Field)
        {
            return node;
        }

        var position = Peek().Position;
        var fields = new List<string>();
        while (Peek().Kind == TokenKind.Field)
        {
            fields.Add(Next().Value[1..]);
        }

        return node switch
        {
            FieldNode f => new FieldNode(position, [.. f.Idents, .. fields]),
            VariableNode v => new VariableNode(position, [.. v.Idents, .. fields]),
            BoolNode or StringNode or NumberNode or NilNode or DotNode => throw Error($"unexpected . after term {GoFormat.Quote(node.ToString())}"),
            _ => new ChainNode(position, node, [.. fields]),
        };
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                return _functions.Contains(token.Value)
                    ? new IdentifierNode(token.Position, token.Value)
                    : throw Error($"function {GoFormat.Quote(token.Value)} not defined");
            case TokenKind.Dot:
                return new DotNode(token.Position);
            case TokenKind.Nil:
                return new NilNode(token.Position);
            case TokenKind.Variable:
                return _vars.Contains(token.Value)
                    ? new VariableNode(token.Position, [token.Value])
                    : throw Error($"undefined variable {GoFormat.Quote(token.Value)}");
            case TokenKind.Field:
                return new FieldNode(token.Position, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Position, token.Value == "true");
            case TokenKind.CharConstant or TokenKind.Number:
                return Number(token);
            case TokenKind.Complex:
                throw Error($"complex numbers are not supported: {GoFormat.Quote(token.Value)}");
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            case TokenKind.String or TokenKind.RawString:
                return new StringNode(token.Position, token.Value, Unquote(token));
        }

        Backup();
        return null;
    }

    private NumberNode Number(Token token)
    {
        var text = token.Value;
        if (token.Kind == TokenKind.CharConstant)
        {
            var rune = GoLiterals.UnquoteChar(text) ?? throw Error($"malformed character constant: {text}");
            return new NumberNode(token.Position, text, TemplateValue.Int(rune), null);
        }

        var isHexInt = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X' && text.IndexOfAny(['p', 'P']) < 0;
        var looksFloat = !isHexInt && text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0;
        var integer = GoLiterals.ParseInteger(text);
        if (integer is { } big && !looksFloat)
        {
            return big >= long.MinValue && big <= long.MaxValue
                ? new NumberNode(token.Position, text, TemplateValue.Int((long)big), null)
                : big <= ulong.MaxValue && big >= 0
                    ? new NumberNode(token.Position, text, default, $"{text} overflows int")
                    : throw Error($"integer overflow: {GoFormat.Quote(text)}");
        }

        var f = GoLiterals.ParseFloat(text);
        if (f is null)
        {
            throw Error($"illegal number syntax: {GoFormat.Quote(text)}");
        }

        if (!looksFloat)
        {
            throw Error($"integer overflow: {GoFormat.Quote(text)}");
        }

        return new NumberNode(token.Position, text, TemplateValue.Float(f.Value), null);
    }

    private string Unquote(Token token)
        => (token.Kind == TokenKind.RawString ? token.Value[1..^1].Replace("\r", "", StringComparison.Ordinal) : GoLiterals.UnquoteString(token.Value))
            ?? throw Error("invalid syntax");

    private Token Next()
    {
        var token = _tokens[Math.Min(_index, _tokens.Count - 1)];
        _index++;
        if (token.Kind == TokenKind.Error)
        {
            throw new TemplateParseException($"template: {_name}:{token.Line}: {token.Value}", _name, token.Line, Column(token.Position));
        }

        return token;
    }

    private void Backup() => _index--;

    private Token Peek()
    {
        var token = Next();
        Backup();
        return token;
    }

    private Token NextNonSpace()
    {
        Token token;
        do
        {
            token = Next();
        }
        while (token.Kind == TokenKind.Space);
        return token;
    }

    private Token PeekNonSpace()
    {
        var token = NextNonSpace();
        Backup();
        return token;
    }

    private Token Expect(TokenKind kind, string context)
    {
        var token = NextNonSpace();
        return token.Kind == kind ? token : throw Unexpected(token, context);
    }

    private TemplateParseException Unexpected(Token token, string context) => Error($"unexpected {token} in {context}");

    /// <summary>An error at the current token: Go reports the line of the last token read.</summary>
    private TemplateParseException Error(string message)
    {
        var token = _tokens[Math.Clamp(_index - 1, 0, _tokens.Count - 1)];
        return new TemplateParseException($"template: {_name}:{token.Line}: {message}", _name, token.Line, Column(token.Position));
    }

    private int Column(int position)
    {
        var newline = _text.LastIndexOf('\n', Math.Max(Math.Min(position, _text.Length) - 1, 0));
        return position > 0 && newline >= 0 && newline < position ? position - newline - 1 : position;
    }

    /// <summary>{{end}} as the item lists see it.</summary>
    private sealed class EndNode(int position) : Node(position)
    {
        public override void Write(StringBuilder output) => output.Append("{{end}}");
    }

    /// <summary>{{else}} as the item lists see it.</summary>
    private sealed class ElseNode(int position) : Node(position)
    {
        public override void Write(StringBuilder output) => output.Append("{{else}}");
    }
}

/// <summary>Go literal syntax: quoted strings and chars with their escapes, and integer/float constants with prefixes and underscores.</summary>
internal static class GoLiterals
{
    public static string? UnquoteString(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
        {
            return null;
        }

        var body = quoted[1..^1];
        if (!body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }

        var builder = new StringBuilder(body.Length);
        var bytes = new List<byte>();
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != '\\')
            {
                Flush(builder, bytes);
                builder.Append(body[i++]);
                continue;
            }

            if (!Escape(body, ref i, '"', builder, bytes))
            {
                return null;
            }
        }

        Flush(builder, bytes);
        return builder.ToString();
    }

    public static int? UnquoteChar(string quoted)
    {
        if (quoted.Length < 3 || quoted[0] != '\'' || quoted[^1] != '\'')
        {
            return null;
        }

        var body = quoted[1..^1];
        if (body[0] != '\\')
        {
            return Rune.DecodeFromUtf16(body, out var rune, out var used) == System.Buffers.OperationStatus.Done && used == body.Length ? rune.Value : null;
        }

        var builder = new StringBuilder();
        var bytes = new List<byte>();
        var i = 0;
        if (!Escape(body, ref i, '\'', builder, bytes) || i != body.Length)
        {
            return null;
        }

        if (bytes.Count == 1)
        {
            return bytes[0];
        }

        var text = builder.ToString();
        return Rune.DecodeFromUtf16(text, out var r, out _) == System.Buffers.OperationStatus.Done ? r.Value : null;
    }

    private static void Flush(StringBuilder builder, List<byte> bytes)
    {
        if (bytes.Count > 0)
        {
            builder.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }

    /// <summary>One escape at body[i] (a backslash); \x and octal escapes are bytes, collected so UTF-8 sequences decode together.</summary>
    private static bool Escape(string body, ref int i, char quote, StringBuilder builder, List<byte> bytes)
    {
        if (i + 1 >= body.Length)
        {
            return false;
        }

        var c = body[i + 1];
        i += 2;
        switch (c)
        {
            case 'a': Flush(builder, bytes); builder.Append('\a'); return true;
            case 'b': Flush(builder, bytes); builder.Append('\b'); return true;
            case 'f': Flush(builder, bytes); builder.Append('\f'); return true;
            case 'n': Flush(builder, bytes); builder.Append('\n'); return true;
            case 'r': Flush(builder, bytes); builder.Append('\r'); return true;
            case 't': Flush(builder, bytes); builder.Append('\t'); return true;
            case 'v': Flush(builder, bytes); builder.Append('\v'); return true;
            case '\\': Flush(builder, bytes); builder.Append('\\'); return true;
            case '\'' or '"':
                if (c != quote)
                {
                    return false;
                }

                Flush(builder, bytes);
                builder.Append(c);
                return true;
            case 'x':
                if (i + 2 > body.Length || !byte.TryParse(body.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    return false;
                }

                bytes.Add(b);
                i += 2;
                return true;
            case 'u' or 'U':
            {
                var n = c == 'u' ? 4 : 8;
                if (i + n > body.Length || !int.TryParse(body.AsSpan(i, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) || !Rune.IsValid(v))
                {
                    return false;
                }

                Flush(builder, bytes);
                builder.Append(new Rune(v).ToString());
                i += n;
                return true;
            }

            case >= '0' and <= '7':
            {
                if (i + 2 > body.Length)
                {
                    return false;
                }

                var v = 0;
                for (var k = i - 1; k < i + 2; k++)
                {
                    if (body[k] is < '0' or > '7')
                    {
                        return false;
                    }

                    v = (v * 8) + (body[k] - '0');
                }

                if (v > 255)
                {
                    return false;
                }

                bytes.Add((byte)v);
                i += 2;
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>strconv.ParseInt(text, 0, …) as an unbounded integer: sign, 0x/0o/0b/0 prefixes, underscores between digits.</summary>
    public static BigInteger? ParseInteger(string text)
    {
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var radix = 10;
        var prefixed = false;
        if (s.Length > 1 && s[0] == '0')
        {
            switch (char.ToLowerInvariant(s[1]))
            {
                case 'x': radix = 16; s = s[2..]; prefixed = true; break;
                case 'o': radix = 8; s = s[2..]; prefixed = true; break;
                case 'b': radix = 2; s = s[2..]; prefixed = true; break;
                default: radix = 8; s = s[1..]; prefixed = true; break;
            }
        }

        if (!Underscores(s, prefixed))
        {
            return null;
        }

        s = s.Replace("_", "", StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return radix == 8 && !text.Contains('o', StringComparison.OrdinalIgnoreCase) ? BigInteger.Zero : null;
        }

        BigInteger value = 0;
        foreach (var ch in s)
        {
            var digit = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return null;
            }

            value = (value * radix) + digit;
        }

        return negative ? -value : value;
    }

    /// <summary>Go's underscoreOK: an underscore follows a digit or the base prefix, and a digit follows it.</summary>
    private static bool Underscores(string digits, bool prefixed)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (digits[i] != '_')
            {
                continue;
            }

            var afterOk = i + 1 < digits.Length && digits[i + 1] != '_';
            var beforeOk = i == 0 ? prefixed : digits[i - 1] != '_';
            if (!afterOk || !beforeOk)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>strconv.ParseFloat(text, 64) for decimal and hexadecimal (p exponent) forms, with underscores.</summary>
    public static double? ParseFloat(string text)
    {
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        double value;
        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            var p = s.IndexOfAny(['p', 'P']);
            if (p < 0)
            {
                return null;
            }

            var mantissa = s[2..p];
            if (!int.TryParse(s.AsSpan(p + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp))
            {
                return null;
            }

            var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
            var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
            var fraction = dot < 0 ? 0 : mantissa.Length - dot - 1;
            if (digits.Length == 0 || !BigInteger.TryParse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var m))
            {
                return null;
            }

            value = (double)m * Math.Pow(2, exp - (4 * fraction));
        }
        else if (!double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }

        return negative ? -value : value;
    }
}
