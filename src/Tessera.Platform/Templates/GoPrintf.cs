using System.Globalization;
using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>fmt.Sprintf for template values: verbs v s q d x X o b c U t e E f F g G T and %%, flags - + # 0 space, width and precision (also *).</summary>
internal static class GoPrintf
{
    public static string Sprintf(string format, ReadOnlySpan<TemplateValue> args)
    {
        var output = new StringBuilder(format.Length + 16);
        var next = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                output.Append(c);
                i++;
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }

            bool minus = false, plus = false, sharp = false, zero = false, space = false;
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': minus = true; zero = false; continue;
                    case '+': plus = true; continue;
                    case '#': sharp = true; continue;
                    case '0': zero = !minus; continue;
                    case ' ': space = true; continue;
                }

                break;
            }

            var width = ReadNumber(format, ref i, args, ref next, out var badWidth);
            if (badWidth)
            {
                output.Append("%!(BADWIDTH)");
            }

            if (width < 0)
            {
                minus = true;
                width = -width;
            }

            var precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i, args, ref next, out var badPrecision);
                if (badPrecision || precision < -1)
                {
                    output.Append("%!(BADPREC)");
                    precision = -1;
                }
                else if (precision < 0)
                {
                    precision = 0;
                }
            }

            if (i >= format.Length)
            {
                output.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i++];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }

            if (next >= args.Length)
            {
                output.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var spec = new Spec(verb, minus, plus, sharp, zero, space, width, precision);
            Pad(output, Format(args[next++], spec), spec);
        }

        if (next < args.Length)
        {
            output.Append("%!(EXTRA ");
            for (var k = next; k < args.Length; k++)
            {
                if (k > next)
                {
                    output.Append(", ");
                }

                output.Append(args[k].TypeName).Append('=');
                GoFormat.AppendValue(output, args[k], plus: false, nested: true);
            }

            output.Append(')');
        }

        return output.ToString();
    }

    private readonly record struct Spec(char Verb, bool Minus, bool Plus, bool Sharp, bool Zero, bool Space, int Width, int Precision);

    private static int ReadNumber(string format, ref int i, ReadOnlySpan<TemplateValue> args, ref int next, out bool bad)
    {
        bad = false;
        if (i < format.Length && format[i] == '*')
        {
            i++;
            if (next < args.Length && args[next].Kind == TemplateKind.Int)
            {
                return (int)args[next++].AsInt;
            }

            next++;
            bad = true;
            return 0;
        }

        var start = i;
        var n = 0;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            n = (n * 10) + (format[i] - '0');
            i++;
        }

        return i == start ? -1 : n;
    }

    private static void Pad(StringBuilder output, string text, Spec spec)
    {
        var length = text.EnumerateRunes().Count();
        if (spec.Width <= length)
        {
            output.Append(text);
            return;
        }

        var fill = spec.Width - length;
        if (spec.Minus)
        {
            output.Append(text).Append(' ', fill);
        }
        else if (spec.Zero && IsNumericVerb(spec.Verb) && text.Length > 0 && (text[0] == '-' || text[0] == '+' || text[0] == ' '))
        {
            output.Append(text[0]).Append('0', fill).Append(text, 1, text.Length - 1);
        }
        else
        {
            output.Append(spec.Zero ? '0' : ' ', fill).Append(text);
        }
    }

    private static bool IsNumericVerb(char verb) => verb is 'd' or 'f' or 'F' or 'e' or 'E' or 'g' or 'G' or 'x' or 'X' or 'o' or 'b' or 'v';

    private static string Format(TemplateValue value, Spec spec)
    {
        var verb = spec.Verb;
        if (verb == 'T')
        {
            return value.Kind == TemplateKind.Missing ? "<nil>" : value.TypeName;
        }

        if (verb == 'v' && value.Kind is not TemplateKind.Int and not TemplateKind.Float)
        {
            if (spec.Sharp && value.Kind == TemplateKind.String)
            {
                return GoFormat.Quote(value.AsString);
            }

            var builder = new StringBuilder();
            GoFormat.AppendOperand(builder, value, spec.Plus);
            return builder.ToString();
        }

        switch (value.Kind)
        {
            case TemplateKind.Missing or TemplateKind.Nil:
                return "%!" + verb + "(<nil>)";
            case TemplateKind.Bool:
                return verb == 't' ? (value.AsBool ? "true" : "false") : Bad(value, verb);
            case TemplateKind.Int:
                return FormatInt(value, spec);
            case TemplateKind.Float:
                return FormatFloat(value, spec);
            case TemplateKind.String:
                return FormatString(value.AsString, spec) ?? Bad(value, verb);
            case TemplateKind.List:
            {
                var list = value.AsList;
                var builder = new StringBuilder("[");
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(Format(list[i], spec with { Width = 0 }));
                }

                return builder.Append(']').ToString();
            }

            case TemplateKind.Map:
            {
                var map = value.AsMap;
                var builder = new StringBuilder("map[");
                var first = true;
                foreach (var key in map.SortedKeys())
                {
                    if (!first)
                    {
                        builder.Append(' ');
                    }

                    first = false;
                    map.TryGet(key, out var item);
                    builder.Append(FormatString(key, spec with { Width = 0 }) ?? key).Append(':').Append(Format(item, spec with { Width = 0 }));
                }

                return builder.Append(']').ToString();
            }

            default:
            {
                var builder = new StringBuilder();
                GoFormat.AppendOperand(builder, value, spec.Plus);
                return verb == 's' ? builder.ToString() : Bad(value, verb);
            }
        }
    }

    private static string Bad(TemplateValue value, char verb)
    {
        var builder = new StringBuilder("%!").Append(verb).Append('(').Append(value.TypeName).Append('=');
        GoFormat.AppendValue(builder, value, plus: false, nested: true);
        return builder.Append(')').ToString();
    }

    private static string Sign(bool negative, Spec spec) => negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";

    private static string FormatInt(TemplateValue value, Spec spec)
    {
        var n = value.AsInt;
        var negative = n < 0;
        var magnitude = negative ? (ulong)(-(n + 1)) + 1 : (ulong)n;
        string digits;
        switch (spec.Verb)
        {
            case 'v' or 'd':
                digits = magnitude.ToString(CultureInfo.InvariantCulture);
                break;
            case 'x':
                digits = (spec.Sharp ? "0x" : "") + magnitude.ToString("x", CultureInfo.InvariantCulture);
                break;
            case 'X':
                digits = (spec.Sharp ? "0X" : "") + magnitude.ToString("X", CultureInfo.InvariantCulture);
                break;
            case 'o':
                digits = (spec.Sharp ? "0" : "") + Convert.ToString((long)magnitude, 8);
                break;
            case 'O':
                digits = "0o" + Convert.ToString((long)magnitude, 8);
                break;
            case 'b':
                digits = Convert.ToString((long)magnitude, 2);
                break;
            case 'c':
                return n is >= 0 and <= 0x10FFFF && !(n is >= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32((int)n) : "\uFFFD";
            case 'q':
                return GoFormat.QuoteRune(n);
            case 'U':
                return "U+" + n.ToString("X4", CultureInfo.InvariantCulture);
            default:
                return Bad(value, spec.Verb);
        }

        if (spec.Precision >= 0 && digits.Length < spec.Precision)
        {
            digits = digits.PadLeft(spec.Precision, '0');
        }

        return Sign(negative, spec) + digits;
    }

    private static string FormatFloat(TemplateValue value, Spec spec)
    {
        var f = value.AsFloat;
        string text;
        switch (spec.Verb)
        {
            case 'v' or 'g' or 'G':
                text = GoFormat.FormatFloat(f, 'g', spec.Precision);
                break;
            case 'e' or 'E':
                text = GoFormat.FormatFloat(f, 'e', spec.Precision < 0 ? 6 : spec.Precision);
                break;
            case 'f' or 'F':
                text = GoFormat.FormatFloat(f, 'f', spec.Precision < 0 ? 6 : spec.Precision);
                break;
            default:
                return Bad(value, spec.Verb);
        }

        if (spec.Verb is 'E' or 'G')
        {
            text = text.ToUpperInvariant();
        }

        if (text[0] != '-' && (spec.Plus || spec.Space) && !double.IsNaN(f))
        {
            text = (spec.Plus ? "+" : " ") + text;
        }

        return text;
    }

    private static string? FormatString(string s, Spec spec)
    {
        if (spec.Precision >= 0 && spec.Verb is 's' or 'q' or 'v')
        {
            var runes = s.EnumerateRunes().Take(spec.Precision);
            s = string.Concat(runes.Select(r => r.ToString()));
        }

        switch (spec.Verb)
        {
            case 's' or 'v':
                return s;
            case 'q':
                return spec.Sharp && !s.Contains('`', StringComparison.Ordinal) ? "`" + s + "`" : GoFormat.Quote(s);
            case 'x' or 'X':
            {
                var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(s));
                return spec.Verb == 'x' ? hex.ToLowerInvariant() : hex;
            }

            default:
                return null;
        }
    }
}
