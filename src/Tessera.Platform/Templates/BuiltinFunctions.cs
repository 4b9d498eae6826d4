using System.Globalization;
using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>Go's predefined template functions. <c>call</c> is left out: template data holds no functions.</summary>
internal static class BuiltinFunctions
{
    public static IEnumerable<TemplateFunction> Create() =>
    [
        new("and", 1, true, args => args[^1]) { ShortCircuit = true },
        new("or", 1, true, args => args[^1]) { ShortCircuit = true },
        new("not", 1, false, args => TemplateValue.Bool(!args[0].IsTrue)),
        new("len", 1, false, Length),
        new("index", 1, true, Index),
        new("slice", 1, true, Slice),
        new("print", 0, true, args => TemplateValue.String(GoFormat.Sprint(args))),
        new("println", 0, true, args => TemplateValue.String(GoFormat.Sprintln(args))),
        new("printf", 1, true, args => TemplateValue.String(GoPrintf.Sprintf(TemplateArgs.String(args, 0), args[1..]))),
        new("eq", 1, true, args => TemplateValue.Bool(Equal(args))),
        new("ne", 2, false, args => TemplateValue.Bool(!Equal(args))),
        new("lt", 2, false, args => TemplateValue.Bool(Less(args[0], args[1]))),
        new("le", 2, false, args => TemplateValue.Bool(Less(args[0], args[1]) || Equal(args))),
        new("gt", 2, false, args => TemplateValue.Bool(!(Less(args[0], args[1]) || Equal(args)))),
        new("ge", 2, false, args => TemplateValue.Bool(!Less(args[0], args[1]))),
        new("html", 0, true, args => TemplateValue.String(Html(EvalArgs(args)))),
        new("js", 0, true, args => TemplateValue.String(JavaScript(EvalArgs(args)))),
        new("urlquery", 0, true, args => TemplateValue.String(QueryEscape(EvalArgs(args)))),
    ];

    /// <summary>Go's evalArgs: each operand made printable as the template printer does (nil is no value), then fmt.Sprint.</summary>
    private static string EvalArgs(ReadOnlySpan<TemplateValue> args)
    {
        if (args.Length == 1 && args[0].Kind == TemplateKind.String)
        {
            return args[0].AsString;
        }

        var printable = new TemplateValue[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            printable[i] = args[i].IsNothing ? TemplateValue.String("<no value>") : args[i];
        }

        return GoFormat.Sprint(printable, dereference: true);
    }

    private static TemplateValue Length(ReadOnlySpan<TemplateValue> args)
    {
        var item = args[0];
        return item.Kind switch
        {
            TemplateKind.String => TemplateValue.Int(Encoding.UTF8.GetByteCount(item.AsString)),
            TemplateKind.List => TemplateValue.Int(item.AsList.Count),
            TemplateKind.Map => TemplateValue.Int(item.AsMap.Count),
            TemplateKind.Missing or TemplateKind.Nil => throw TemplateArgs.Fail("len of nil pointer"),
            _ => throw TemplateArgs.Fail($"len of type {item.TypeName}"),
        };
    }

    private static TemplateValue Index(ReadOnlySpan<TemplateValue> args)
    {
        var item = args[0];
        if (item.IsNothing)
        {
            throw TemplateArgs.Fail("index of untyped nil");
        }

        foreach (var index in args[1..])
        {
            switch (item.Kind)
            {
                case TemplateKind.List:
                    item = item.AsList[IndexArg(index, item.AsList.Count)];
                    break;
                case TemplateKind.String:
                {
                    var bytes = Encoding.UTF8.GetBytes(item.AsString);
                    item = TemplateValue.Int(bytes[IndexArg(index, bytes.Length)]);
                    break;
                }

                case TemplateKind.Map:
                {
                    var map = item.AsMap;
                    var key = index.IsNothing ? "" : index.Kind == TemplateKind.String ? index.AsString
                        : throw TemplateArgs.Fail($"value has type {index.TypeName}; should be string");
                    item = map.TryGet(key, out var found) ? found : map.ZeroValue;
                    break;
                }

                case TemplateKind.Missing or TemplateKind.Nil:
                    throw TemplateArgs.Fail("index of nil pointer");
                default:
                    throw TemplateArgs.Fail($"can't index item of type {item.TypeName}");
            }
        }

        return item;
    }

    private static int IndexArg(TemplateValue index, int length)
    {
        if (index.IsNothing)
        {
            throw TemplateArgs.Fail("cannot index slice/array with nil");
        }

        if (index.Kind != TemplateKind.Int)
        {
            throw TemplateArgs.Fail($"cannot index slice/array with type {index.TypeName}");
        }

        var x = index.AsInt;
        return x < 0 || x >= length ? throw TemplateArgs.Fail($"index out of range: {x}") : (int)x;
    }

    private static TemplateValue Slice(ReadOnlySpan<TemplateValue> args)
    {
        var item = args[0];
        if (item.IsNothing)
        {
            throw TemplateArgs.Fail("slice of untyped nil");
        }

        var indexes = args[1..];
        if (indexes.Length > 3)
        {
            throw TemplateArgs.Fail($"too many slice indexes: {indexes.Length}");
        }

        int length;
        byte[]? bytes = null;
        switch (item.Kind)
        {
            case TemplateKind.String:
                if (indexes.Length == 3)
                {
                    throw TemplateArgs.Fail("cannot 3-index slice a string");
                }

                bytes = Encoding.UTF8.GetBytes(item.AsString);
                length = bytes.Length;
                break;
            case TemplateKind.List:
                length = item.AsList.Count;
                break;
            default:
                throw TemplateArgs.Fail($"can't slice item of type {item.TypeName}");
        }

        int[] bounds = [0, length, length];
        for (var i = 0; i < indexes.Length; i++)
        {
            bounds[i] = IndexArg(indexes[i], length + 1);
        }

        if (bounds[0] > bounds[1])
        {
            throw TemplateArgs.Fail($"invalid slice index: {bounds[0]} > {bounds[1]}");
        }

        if (indexes.Length == 3 && bounds[1] > bounds[2])
        {
            throw TemplateArgs.Fail($"invalid slice index: {bounds[1]} > {bounds[2]}");
        }

        if (bytes is not null)
        {
            return TemplateValue.String(Encoding.UTF8.GetString(bytes, bounds[0], bounds[1] - bounds[0]));
        }

        var list = item.AsList;
        var items = new TemplateValue[bounds[1] - bounds[0]];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = list[bounds[0] + i];
        }

        return TemplateValue.List(items);
    }

    private enum BasicKind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
        Other,
    }

    private static BasicKind Kind(TemplateValue value) => value.Kind switch
    {
        TemplateKind.Missing or TemplateKind.Nil => BasicKind.Invalid,
        TemplateKind.Bool => BasicKind.Bool,
        TemplateKind.Int => BasicKind.Int,
        TemplateKind.Float => BasicKind.Float,
        TemplateKind.String => BasicKind.String,
        _ => BasicKind.Other,
    };

    /// <summary>Go's eq: arg1 == arg2 || arg1 == arg3 …; basic kinds must match; nil equals only nil.</summary>
    internal static bool Equal(ReadOnlySpan<TemplateValue> args)
    {
        if (args.Length < 2)
        {
            throw TemplateArgs.Fail("missing argument for comparison");
        }

        var a = args[0];
        var k1 = Kind(a);
        foreach (var b in args[1..])
        {
            var k2 = Kind(b);
            bool truth;
            if (k1 != k2)
            {
                if (k1 != BasicKind.Invalid && k2 != BasicKind.Invalid)
                {
                    throw TemplateArgs.Fail("incompatible types for comparison");
                }

                truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    BasicKind.Invalid => true,
                    BasicKind.Bool => a.AsBool == b.AsBool,
                    BasicKind.Int => a.AsInt == b.AsInt,
                    BasicKind.Float => a.AsFloat == b.AsFloat,
                    BasicKind.String => a.AsString == b.AsString,
                    _ => a.Kind == TemplateKind.Object && b.Kind == TemplateKind.Object
                        ? ReferenceEquals(a.AsObject, b.AsObject)
                        : throw TemplateArgs.Fail($"non-comparable type {GoPrintf.Sprintf("%s", [a])}: {a.TypeName}"),
                };
            }

            if (truth)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool Less(TemplateValue a, TemplateValue b)
    {
        var k1 = Kind(a);
        var k2 = Kind(b);
        if (k1 is BasicKind.Invalid or BasicKind.Other || k2 is BasicKind.Invalid or BasicKind.Other)
        {
            throw TemplateArgs.Fail("invalid type for comparison");
        }

        if (k1 != k2)
        {
            throw TemplateArgs.Fail("incompatible types for comparison");
        }

        return k1 switch
        {
            BasicKind.Int => a.AsInt < b.AsInt,
            BasicKind.Float => a.AsFloat < b.AsFloat,
            BasicKind.String => string.CompareOrdinal(a.AsString, b.AsString) < 0,
            _ => throw TemplateArgs.Fail("invalid type for comparison"),
        };
    }

    internal static string Html(string s)
    {
        if (s.AsSpan().IndexOfAny("'\"&<>") < 0)
        {
            return s;
        }

        var builder = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => null,
            } ?? c.ToString());
        }

        return builder.ToString();
    }

    internal static string JavaScript(string s)
    {
        var builder = new StringBuilder(s.Length + 16);
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '\\': builder.Append(@"\\"); continue;
                case '\'': builder.Append(@"\'"); continue;
                case '"': builder.Append("\\\""); continue;
                case '<': builder.Append(@"\u003C"); continue;
                case '>': builder.Append(@"\u003E"); continue;
                case '&': builder.Append(@"\u0026"); continue;
                case '=': builder.Append(@"\u003D"); continue;
            }

            if (v < ' ')
            {
                builder.Append(@"\u00").Append(v.ToString("X2", CultureInfo.InvariantCulture));
            }
            else if (v >= 0x80 && !GoFormat.IsPrint(rune))
            {
                builder.Append(@"\u").Append(v.ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Go's url.QueryEscape.</summary>
    internal static string QueryEscape(string s)
    {
        var builder = new StringBuilder(s.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else if (b == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
