using System.Globalization;
using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>Go's fmt printing of template values: Sprint, Sprintln, Sprintf (the common verbs) and strconv's float forms.</summary>
internal static class GoFormat
{
    public static string Sprint(TemplateValue value)
    {
        if (value.Kind == TemplateKind.String)
        {
            return value.AsString;
        }

        var builder = new StringBuilder();
        if (value.Kind == TemplateKind.Object)
        {
            AppendOperand(builder, value, plus: false);
        }
        else
        {
            AppendValue(builder, value, plus: false, nested: false);
        }

        return builder.ToString();
    }

    /// <summary>
    /// %v of one operand of fmt: as <see cref="AppendValue"/>, but a pointer to a struct prints as <c>&amp;{…}</c>
    /// (nested pointers print as addresses in Go, which the engine does not imitate).
    /// </summary>
    public static void AppendOperand(StringBuilder output, TemplateValue value, bool plus)
    {
        if (value.Kind == TemplateKind.Object && value.AsObject.IsStructPointer)
        {
            output.Append('&');
        }

        AppendValue(output, value, plus, nested: true);
    }

    /// <summary>
    /// fmt.Sprint: a space between operands when neither side is a string. With <paramref name="dereference"/>
    /// pointers print as the template printer prints them (no <c>&amp;</c>).
    /// </summary>
    public static string Sprint(ReadOnlySpan<TemplateValue> args, bool dereference = false)
    {
        if (args.Length == 1 && args[0].Kind == TemplateKind.String)
        {
            return args[0].AsString;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0 && args[i].Kind != TemplateKind.String && args[i - 1].Kind != TemplateKind.String)
            {
                builder.Append(' ');
            }

            if (dereference)
            {
                AppendValue(builder, args[i], plus: false, nested: true);
            }
            else
            {
                AppendOperand(builder, args[i], plus: false);
            }
        }

        return builder.ToString();
    }

    public static string Sprintln(ReadOnlySpan<TemplateValue> args)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            AppendOperand(builder, args[i], plus: false);
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>%v (or %+v). At the top level a missing value prints <c>&lt;no value&gt;</c>, as the template printer does.</summary>
    public static void AppendValue(StringBuilder output, TemplateValue value, bool plus, bool nested)
    {
        switch (value.Kind)
        {
            case TemplateKind.Missing:
                output.Append(nested ? "<nil>" : "<no value>");
                break;
            case TemplateKind.Nil:
                output.Append("<nil>");
                break;
            case TemplateKind.Bool:
                output.Append(value.AsBool ? "true" : "false");
                break;
            case TemplateKind.Int:
                output.Append(value.AsInt);
                break;
            case TemplateKind.Float:
                output.Append(FormatFloat(value.AsFloat, 'g', -1));
                break;
            case TemplateKind.String:
                output.Append(value.AsString);
                break;
            case TemplateKind.List:
            {
                var list = value.AsList;
                output.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(' ');
                    }

                    AppendValue(output, list[i], plus, nested: true);
                }

                output.Append(']');
                break;
            }

            case TemplateKind.Map:
            {
                var map = value.AsMap;
                output.Append("map[");
                var first = true;
                foreach (var key in map.SortedKeys())
                {
                    if (!first)
                    {
                        output.Append(' ');
                    }

                    first = false;
                    map.TryGet(key, out var item);
                    output.Append(key).Append(':');
                    AppendValue(output, item, plus, nested: true);
                }

                output.Append(']');
                break;
            }

            default:
                value.AsObject.Print(output, plus);
                break;
        }
    }

    /// <summary>strconv.FormatFloat for 'g', 'e', 'f' (prec -1: the shortest digits that round-trip).</summary>
    public static string FormatFloat(double value, char format, int precision)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var abs = Math.Abs(value);
        string digits;
        int dp;
        var shortest = precision < 0;
        if (format == 'f' && !shortest)
        {
            var fixedText = abs.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return negative ? "-" + fixedText : fixedText;
        }

        if (shortest)
        {
            (digits, dp) = Shortest(abs);
        }
        else
        {
            var significant = format == 'e' ? precision + 1 : Math.Max(precision, 1);
            (digits, dp) = Significant(abs, significant);
        }

        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        switch (format)
        {
            case 'e':
                AppendE(builder, digits, dp, shortest ? digits.Length - 1 : precision);
                break;
            case 'f':
                AppendF(builder, digits, dp, Math.Max(digits.Length - dp, 0));
                break;
            default:
            {
                var eprec = shortest ? 6 : Math.Max(precision, 1);
                if (!shortest && eprec > digits.Length && digits.Length >= dp)
                {
                    eprec = digits.Length;
                }

                var exp = dp - 1;
                if (exp < -4 || exp >= eprec)
                {
                    AppendE(builder, digits, dp, digits.Length - 1);
                }
                else
                {
                    AppendF(builder, digits, dp, Math.Max(digits.Length - dp, 0));
                }

                break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Shortest round-trip decimal digits (no leading or trailing zeros) and the decimal point position.</summary>
    private static (string Digits, int Dp) Shortest(double abs)
    {
        if (abs == 0)
        {
            return ("0", 1);
        }

        return Decompose(abs.ToString("R", CultureInfo.InvariantCulture));
    }

    private static (string Digits, int Dp) Significant(double abs, int count)
    {
        if (abs == 0)
        {
            return ("0", 1);
        }

        var (digits, dp) = Decompose(abs.ToString("E" + (count - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return (digits, dp);
    }

    private static (string Digits, int Dp) Decompose(string text)
    {
        var exp = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var digits = dot < 0 ? whole : whole + text[(dot + 1)..];
        var dp = whole.Length + exp;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            dp--;
        }

        digits = digits[lead..].TrimEnd('0');
        return digits.Length == 0 ? ("0", 1) : (digits, dp);
    }

    private static void AppendE(StringBuilder builder, string digits, int dp, int fraction)
    {
        builder.Append(digits[0]);
        if (fraction > 0)
        {
            builder.Append('.');
            for (var i = 1; i <= fraction; i++)
            {
                builder.Append(i < digits.Length ? digits[i] : '0');
            }
        }

        var exp = digits == "0" ? 0 : dp - 1;
        builder.Append('e').Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        if (exp < 10)
        {
            builder.Append('0');
        }

        builder.Append(exp);
    }

    private static void AppendF(StringBuilder builder, string digits, int dp, int fraction)
    {
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++)
            {
                builder.Append(i < digits.Length ? digits[i] : '0');
            }
        }
        else
        {
            builder.Append('0');
        }

        if (fraction > 0)
        {
            builder.Append('.');
            for (var i = 0; i < fraction; i++)
            {
                var j = dp + i;
                builder.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
    }

    /// <summary>strconv.Quote: a double-quoted Go string literal.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            AppendQuotedRune(builder, rune, '"');
        }

        return builder.Append('"').ToString();
    }

    public static string QuoteRune(long value)
    {
        var builder = new StringBuilder().Append('\'');
        var rune = value is >= 0 and <= 0x10FFFF && !(value is >= 0xD800 and <= 0xDFFF) ? new Rune((int)value) : Rune.ReplacementChar;
        AppendQuotedRune(builder, rune, '\'');
        return builder.Append('\'').ToString();
    }

    private static void AppendQuotedRune(StringBuilder builder, Rune rune, char quote)
    {
        var v = rune.Value;
        if (v == quote || v == '\\')
        {
            builder.Append('\\').Append((char)v);
            return;
        }

        if (IsPrint(rune))
        {
            builder.Append(rune.ToString());
            return;
        }

        switch (v)
        {
            case '\a': builder.Append("\\a"); return;
            case '\b': builder.Append("\\b"); return;
            case '\f': builder.Append("\\f"); return;
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\v': builder.Append("\\v"); return;
        }

        if (v < ' ' || v == 0x7f)
        {
            builder.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (v < 0x10000)
        {
            builder.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
