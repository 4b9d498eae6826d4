using System.Globalization;

namespace Tessera.Platform.Templates;

/// <summary>Typed reads of function arguments, failing as Go does when a value has the wrong type.</summary>
public static class TemplateArgs
{
    public static string String(ReadOnlySpan<TemplateValue> args, int index)
        => args[index].Kind == TemplateKind.String ? args[index].AsString : throw WrongType("string", args, index, "string");

    public static long Int(ReadOnlySpan<TemplateValue> args, int index)
        => args[index].Kind == TemplateKind.Int ? args[index].AsInt : throw WrongType("int", args, index, "integer");

    public static bool Bool(ReadOnlySpan<TemplateValue> args, int index)
        => args[index].Kind == TemplateKind.Bool ? args[index].AsBool : throw WrongType("bool", args, index, "bool");

    /// <summary>
    /// A wrong-type argument at <paramref name="index"/>: the executor reports it at that argument, and as Go's
    /// literal check (<c>expected string; found 3</c>) when the argument is a constant of the template text.
    /// </summary>
    private static TemplateFunctionException WrongType(string expected, ReadOnlySpan<TemplateValue> args, int index, string literal)
        => new($"wrong type for value; expected {expected}; got {args[index].TypeName}")
        {
            IsArgumentError = true,
            ArgumentIndex = index,
            ExpectedLiteral = literal,
        };

    public static TemplateFunctionException WrongType(string expected, TemplateValue value)
        => new($"wrong type for value; expected {expected}; got {value.TypeName}") { IsArgumentError = true };

    public static TemplateFunctionException Fail(string message) => new(message);

    /// <summary>sprig's strval: strings as they are, everything else as fmt's %v.</summary>
    public static string ToText(TemplateValue value) => value.Kind == TemplateKind.String ? value.AsString : GoFormat.Sprint(value.OrNil);

    /// <summary>spf13/cast's ToInt64 as sprig uses it: numbers truncate, numeric strings parse (base prefixes too), bools are 0/1, the rest 0.</summary>
    public static long ToInt64(TemplateValue value)
    {
        switch (value.Kind)
        {
            case TemplateKind.Int:
                return value.AsInt;
            case TemplateKind.Float:
            {
                var f = value.AsFloat;
                return double.IsNaN(f) ? long.MinValue : f >= 9.2233720368547758E18 ? long.MinValue : f <= -9.2233720368547758E18 ? long.MinValue : (long)f;
            }

            case TemplateKind.Bool:
                return value.AsBool ? 1 : 0;
            case TemplateKind.String:
            {
                var s = value.AsString;
                if (s.Contains('.', StringComparison.Ordinal))
                {
                    // cast trims a zero decimal part ("12.0") only.
                    var trimmed = s.TrimEnd('0');
                    s = trimmed.EndsWith('.') ? trimmed[..^1] : s;
                }

                var parsed = GoLiterals.ParseInteger(s);
                return parsed is { } big && big >= long.MinValue && big <= long.MaxValue ? (long)big : 0;
            }

            default:
                return 0;
        }
    }

    /// <summary>spf13/cast's ToFloat64.</summary>
    public static double ToFloat64(TemplateValue value) => value.Kind switch
    {
        TemplateKind.Int => value.AsInt,
        TemplateKind.Float => value.AsFloat,
        TemplateKind.Bool => value.AsBool ? 1 : 0,
        TemplateKind.String => double.TryParse(value.AsString, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : 0,
        _ => 0,
    };
}
