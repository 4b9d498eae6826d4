using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Platform.Templates;

/// <summary>
/// The Masterminds/sprig v3 functions we support, with sprig's semantics. Functions that read the environment or
/// the clock (env, expandenv, now, date…) are not offered, so templates naming them do not parse.
/// </summary>
internal static class SprigFunctions
{
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new(StringComparer.Ordinal);

    public static IEnumerable<TemplateFunction> Create() =>
    [
        // Defaults and flow.
        new("default", 1, true, args => args.Length < 2 || IsEmpty(args[1]) ? args[0] : args[1]),
        new("empty", 1, false, args => TemplateValue.Bool(IsEmpty(args[0]))),
        new("coalesce", 0, true, Coalesce),
        new("ternary", 3, false, args => TemplateArgs.Bool(args, 2) ? args[0] : args[1]),
        new("fail", 1, false, args => throw TemplateArgs.Fail(TemplateArgs.String(args, 0))),
        new("required", 2, false, args => args[1].IsNothing || args[1].Kind == TemplateKind.String && args[1].AsString.Length == 0 ? throw TemplateArgs.Fail(TemplateArgs.String(args, 0)) : args[1]),

        // Encodings.
        new("toJson", 1, false, args => Text(TemplateJsonWriter.Write(args[0], indent: false))),
        new("toPrettyJson", 1, false, args => Text(TemplateJsonWriter.Write(args[0], indent: true))),
        new("toRawJson", 1, false, args => Text(TemplateJsonWriter.Write(args[0], indent: false, escapeHtml: false))),
        new("fromJson", 1, false, args => TemplateJsonWriter.Read(TemplateArgs.String(args, 0))),
        new("b64enc", 1, false, args => Text(Convert.ToBase64String(Encoding.UTF8.GetBytes(TemplateArgs.ToText(args[0]))))),
        new("b64dec", 1, false, args => Text(Base64Decode(TemplateArgs.ToText(args[0])))),
        new("sha256sum", 1, false, args => Text(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TemplateArgs.String(args, 0)))))),
        new("sha1sum", 1, false, args => Text(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(TemplateArgs.String(args, 0)))))),
        new("uuidv4", 0, false, _ => Text(Guid.NewGuid().ToString())),

        // Strings.
        new("upper", 1, false, args => Text(TemplateArgs.String(args, 0).ToUpperInvariant())),
        new("lower", 1, false, args => Text(TemplateArgs.String(args, 0).ToLowerInvariant())),
        new("title", 1, false, args => Text(Title(TemplateArgs.String(args, 0)))),
        new("trim", 1, false, args => Text(TemplateArgs.String(args, 0).Trim(GoSpace))),
        new("trimAll", 2, false, args => Text(TemplateArgs.String(args, 1).Trim(TemplateArgs.String(args, 0).ToCharArray()))),
        new("trimall", 2, false, args => Text(TemplateArgs.String(args, 1).Trim(TemplateArgs.String(args, 0).ToCharArray()))),
        new("trimPrefix", 2, false, args => Text(TrimPrefix(TemplateArgs.String(args, 1), TemplateArgs.String(args, 0)))),
        new("trimSuffix", 2, false, args => Text(TrimSuffix(TemplateArgs.String(args, 1), TemplateArgs.String(args, 0)))),
        new("contains", 2, false, args => TemplateValue.Bool(TemplateArgs.String(args, 1).Contains(TemplateArgs.String(args, 0), StringComparison.Ordinal))),
        new("hasPrefix", 2, false, args => TemplateValue.Bool(TemplateArgs.String(args, 1).StartsWith(TemplateArgs.String(args, 0), StringComparison.Ordinal))),
        new("hasSuffix", 2, false, args => TemplateValue.Bool(TemplateArgs.String(args, 1).EndsWith(TemplateArgs.String(args, 0), StringComparison.Ordinal))),
        new("replace", 3, false, args => Text(Replace(TemplateArgs.String(args, 2), TemplateArgs.String(args, 0), TemplateArgs.String(args, 1)))),
        new("repeat", 2, false, args => Text(Repeat(TemplateArgs.String(args, 1), TemplateArgs.Int(args, 0)))),
        new("substr", 3, false, args => Text(Substring(TemplateArgs.Int(args, 0), TemplateArgs.Int(args, 1), TemplateArgs.String(args, 2)))),
        new("nospace", 1, false, args => Text(string.Concat(TemplateArgs.String(args, 0).Where(c => !char.IsWhiteSpace(c))))),
        new("trunc", 2, false, args => Text(Truncate(TemplateArgs.Int(args, 0), TemplateArgs.String(args, 1)))),
        new("cat", 0, true, Cat),
        new("indent", 2, false, args => Text(Indent(TemplateArgs.Int(args, 0), TemplateArgs.String(args, 1)))),
        new("nindent", 2, false, args => Text("\n" + Indent(TemplateArgs.Int(args, 0), TemplateArgs.String(args, 1)))),
        new("quote", 0, true, args => Text(JoinNonNil(args, v => GoFormat.Quote(TemplateArgs.ToText(v))))),
        new("squote", 0, true, args => Text(JoinNonNil(args, v => "'" + TemplateArgs.ToText(v) + "'"))),
        new("toString", 1, false, args => Text(TemplateArgs.ToText(args[0]))),
        new("split", 2, false, Split),
        new("splitList", 2, false, args => TemplateValue.Strings(TemplateArgs.String(args, 1).Split(TemplateArgs.String(args, 0)))),
        new("join", 2, false, args => Text(string.Join(TemplateArgs.String(args, 0), Strings(args[1])))),
        new("sortAlpha", 1, false, args => TemplateValue.Strings([.. Strings(args[0]).Order(StringComparer.Ordinal)])),

        // Numbers.
        new("atoi", 1, false, args => TemplateValue.Int(long.TryParse(TemplateArgs.String(args, 0), out var n) ? n : 0)),
        new("int", 1, false, args => TemplateValue.Int(TemplateArgs.ToInt64(args[0]))),
        new("int64", 1, false, args => TemplateValue.Int(TemplateArgs.ToInt64(args[0]))),
        new("float64", 1, false, args => TemplateValue.Float(TemplateArgs.ToFloat64(args[0]))),
        new("add", 0, true, args => TemplateValue.Int(Fold(args, 0, (a, b) => a + b))),
        new("add1", 1, false, args => TemplateValue.Int(TemplateArgs.ToInt64(args[0]) + 1)),
        new("mul", 1, true, args => TemplateValue.Int(Fold(args, 1, (a, b) => a * b))),
        new("sub", 2, false, args => TemplateValue.Int(TemplateArgs.ToInt64(args[0]) - TemplateArgs.ToInt64(args[1]))),
        new("div", 2, false, args => TemplateValue.Int(Divide(args, remainder: false))),
        new("mod", 2, false, args => TemplateValue.Int(Divide(args, remainder: true))),
        new("max", 1, true, args => TemplateValue.Int(Fold(args[1..], TemplateArgs.ToInt64(args[0]), Math.Max))),
        new("min", 1, true, args => TemplateValue.Int(Fold(args[1..], TemplateArgs.ToInt64(args[0]), Math.Min))),

        // Lists.
        new("list", 0, true, args => TemplateValue.List(args.ToArray())),
        new("first", 1, false, args => ListOp(args[0], "first", l => l.Count == 0 ? TemplateValue.Nil : l[0])),
        new("last", 1, false, args => ListOp(args[0], "last", l => l.Count == 0 ? TemplateValue.Nil : l[l.Count - 1])),
        // rest and initial return a []interface{} (an empty one prints []); first and last an interface{} (nil).
        new("rest", 1, false, args => ListOp(args[0], "rest", l => TemplateValue.List(Items(l).Skip(1).ToArray()))),
        new("initial", 1, false, args => ListOp(args[0], "initial", l => TemplateValue.List(Items(l).SkipLast(1).ToArray()))),
        new("slice", 1, true, Slice),
        new("append", 2, false, args => Append(args[0], args[1], "append")),
        new("push", 2, false, args => Append(args[0], args[1], "push")),
        new("prepend", 2, false, args => args[1] is var item ? ListOp(args[0], "prepend", l => TemplateValue.List([item, .. Items(l)])) : default),
        new("reverse", 1, false, args => ListOp(args[0], "reverse", l => TemplateValue.List(Items(l).Reverse().ToArray()))),
        new("uniq", 1, false, args => ListOp(args[0], "uniq", Unique)),
        new("compact", 1, false, args => ListOp(args[0], "compact", l => TemplateValue.List(Items(l).Where(v => !IsEmpty(v)).ToArray()))),
        new("without", 1, true, Without),
        new("has", 2, false, Has),
        new("concat", 0, true, Concat),
        new("until", 1, false, args => TemplateValue.List(Enumerable.Range(0, (int)Math.Clamp(TemplateArgs.Int(args, 0), 0, 100_000)).Select(i => TemplateValue.Int(i)).ToArray())),

        // Dictionaries.
        new("dict", 0, true, Dict),
        new("get", 2, false, args => MapArg(args[0], "get").TryGet(TemplateArgs.String(args, 1), out var v) ? v : TemplateValue.EmptyString),
        new("set", 3, false, args => (TemplateArgs.String(args, 1), args[2]) is var (key, item) ? Mutable(args[0], "set", m => m.Entries[key] = item) : default),
        new("unset", 2, false, args => TemplateArgs.String(args, 1) is var key ? Mutable(args[0], "unset", m => m.Entries.Remove(key)) : default),
        new("hasKey", 2, false, args => TemplateValue.Bool(MapArg(args[0], "hasKey").TryGet(TemplateArgs.String(args, 1), out _))),
        new("keys", 0, true, Keys),
        new("values", 1, false, args => TemplateValue.List(MapArg(args[0], "values") is var m ? m.SortedKeys().Select(k => m.TryGet(k, out var v) ? v : default).ToArray() : [])),
        new("pluck", 1, true, Pluck),
        new("pick", 1, true, args => Pick(args, keep: true)),
        new("omit", 1, true, args => Pick(args, keep: false)),

        // Regular expressions (.NET's engine in non-backtracking mode; see docs/design/templates.md).
        new("regexMatch", 2, false, args => TemplateValue.Bool(TryRegex(TemplateArgs.String(args, 0)) is { } r && r.IsMatch(TemplateArgs.String(args, 1)))),
        new("regexFind", 2, false, args => Text(Regex(args, 0).Match(TemplateArgs.String(args, 1)) is { Success: true } m ? m.Value : "")),
        new("regexFindAll", 3, false, RegexFindAll),
        new("regexReplaceAll", 3, false, args => Text(Regex(args, 0).Replace(TemplateArgs.String(args, 1), TemplateArgs.String(args, 2)))),
        new("regexReplaceAllLiteral", 3, false, args => Text(Regex(args, 0).Replace(TemplateArgs.String(args, 1), TemplateArgs.String(args, 2).Replace("$", "$$", StringComparison.Ordinal)))),
        new("regexSplit", 3, false, RegexSplit),
        new("regexQuoteMeta", 1, false, args => Text(System.Text.RegularExpressions.Regex.Escape(TemplateArgs.String(args, 0)))),

        // Types.
        new("kindOf", 1, false, args => Text(KindOf(args[0]))),
        new("typeOf", 1, false, args => Text(args[0].IsNothing ? "<nil>" : args[0].TypeName)),
        new("kindIs", 2, false, args => TemplateValue.Bool(KindOf(args[1]) == TemplateArgs.String(args, 0))),
        new("typeIs", 2, false, args => TemplateValue.Bool(args[1].TypeName == TemplateArgs.String(args, 0))),
    ];

    private static readonly char[] GoSpace = [' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00A0'];

    private static TemplateValue Text(string s) => TemplateValue.String(s);

    /// <summary>sprig's empty: nil, false, zero, and empty strings, lists and maps; structs are never empty.</summary>
    internal static bool IsEmpty(TemplateValue value) => !value.IsTrue;

    private static TemplateValue Coalesce(ReadOnlySpan<TemplateValue> args)
    {
        foreach (var arg in args)
        {
            if (!IsEmpty(arg))
            {
                return arg;
            }
        }

        return TemplateValue.Nil;
    }

    private static string Base64Decode(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return "illegal base64 data at input byte 0";
        }
    }

    /// <summary>strings.Title: the first letter of each word upper-cased.</summary>
    private static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previous = ' ';
        foreach (var c in s)
        {
            // strings.Title's isSeparator: ASCII other than letters, digits and '_'; beyond ASCII, only spaces.
            var separator = previous < 0x80 ? !(char.IsAsciiLetterOrDigit(previous) || previous == '_') : !char.IsLetterOrDigit(previous) && char.IsWhiteSpace(previous);
            builder.Append(separator && char.IsLetter(c) ? char.ToUpperInvariant(c) : c);
            previous = c;
        }

        return builder.ToString();
    }

    private static string TrimPrefix(string s, string prefix) => prefix.Length > 0 && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    private static string TrimSuffix(string s, string suffix) => suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;

    /// <summary>strings.Replace(s, old, new, -1); an empty old inserts between every rune.</summary>
    private static string Replace(string s, string old, string replacement)
    {
        if (old.Length > 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder(replacement);
        foreach (var rune in s.EnumerateRunes())
        {
            builder.Append(rune.ToString()).Append(replacement);
        }

        return builder.ToString();
    }

    private static string Repeat(string s, long count)
    {
        if (count < 0)
        {
            throw TemplateArgs.Fail("strings: negative Repeat count");
        }

        if (s.Length * count > 1 << 20)
        {
            throw TemplateArgs.Fail("strings: Repeat output too large");
        }

        return new StringBuilder().Insert(0, s, (int)count).ToString();
    }

    private static string Substring(long start, long end, string s)
    {
        if (start < 0)
        {
            return end > s.Length || end < 0 ? throw TemplateArgs.Fail($"runtime error: slice bounds out of range [:{end}] with length {s.Length}") : s[..(int)end];
        }

        if (end < 0 || end > s.Length)
        {
            return start > s.Length ? throw TemplateArgs.Fail($"runtime error: slice bounds out of range [{start}:{s.Length}]") : s[(int)start..];
        }

        return start > end ? throw TemplateArgs.Fail($"runtime error: slice bounds out of range [{start}:{end}]") : s[(int)start..(int)end];
    }

    private static string Truncate(long count, string s)
    {
        if (count < 0 && s.Length + count > 0)
        {
            return s[(int)(s.Length + count)..];
        }

        return count >= 0 && s.Length > count ? s[..(int)count] : s;
    }

    private static TemplateValue Cat(ReadOnlySpan<TemplateValue> args)
    {
        var parts = new List<string>();
        foreach (var arg in args)
        {
            if (!arg.IsNothing)
            {
                parts.Add(GoFormat.Sprint(arg));
            }
        }

        return Text(string.Join(' ', parts));
    }

    private static string Indent(long spaces, string s)
    {
        var pad = new string(' ', (int)Math.Clamp(spaces, 0, 1000));
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string JoinNonNil(ReadOnlySpan<TemplateValue> args, Func<TemplateValue, string> format)
    {
        var parts = new List<string>(args.Length);
        foreach (var arg in args)
        {
            if (!arg.IsNothing)
            {
                parts.Add(format(arg));
            }
        }

        return string.Join(' ', parts);
    }

    private static TemplateValue Split(ReadOnlySpan<TemplateValue> args)
    {
        var map = new TemplateMutableMap("map[string]string");
        var parts = TemplateArgs.String(args, 1).Split(TemplateArgs.String(args, 0));
        for (var i = 0; i < parts.Length; i++)
        {
            map.Entries["_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Text(parts[i]);
        }

        return TemplateValue.Map(map);
    }

    /// <summary>sprig's strslice: a list's items as strings (nil items dropped), a single value as one string.</summary>
    private static IEnumerable<string> Strings(TemplateValue value)
    {
        if (value.Kind == TemplateKind.List)
        {
            return Items(value.AsList).Where(v => !v.IsNothing).Select(TemplateArgs.ToText).ToList();
        }

        return value.IsNothing ? [] : [TemplateArgs.ToText(value)];
    }

    private static IEnumerable<TemplateValue> Items(TemplateList list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            yield return list[i];
        }
    }

    private static long Fold(ReadOnlySpan<TemplateValue> args, long seed, Func<long, long, long> op)
    {
        var result = seed;
        foreach (var arg in args)
        {
            result = op(result, TemplateArgs.ToInt64(arg));
        }

        return result;
    }

    private static long Divide(ReadOnlySpan<TemplateValue> args, bool remainder)
    {
        var a = TemplateArgs.ToInt64(args[0]);
        var b = TemplateArgs.ToInt64(args[1]);
        if (b == 0)
        {
            throw TemplateArgs.Fail("runtime error: integer divide by zero");
        }

        return remainder ? a % b : a / b;
    }

    private static TemplateValue ListOp(TemplateValue value, string name, Func<TemplateList, TemplateValue> op)
        => value.Kind switch
        {
            TemplateKind.List => op(value.AsList),
            // sprig asks reflect for the kind of a nil interface, which panics.
            TemplateKind.Missing or TemplateKind.Nil => throw TemplateArgs.Fail("runtime error: invalid memory address or nil pointer dereference"),
            _ => throw TemplateArgs.Fail($"Cannot find {name} on type {value.TypeName}"),
        };

    /// <summary>
    /// sprig's slice, which replaces Go's builtin in sprig's function map: lists only, <c>list[start:end]</c> with
    /// reflect's bounds checks, nil for an empty list.
    /// </summary>
    private static TemplateValue Slice(ReadOnlySpan<TemplateValue> args)
    {
        var value = args[0];
        if (value.IsNothing)
        {
            throw TemplateArgs.Fail("runtime error: invalid memory address or nil pointer dereference");
        }

        if (value.Kind != TemplateKind.List)
        {
            throw TemplateArgs.Fail($"list should be type of slice or array but {KindOf(value)}");
        }

        var list = value.AsList;
        if (list.Count == 0)
        {
            return TemplateValue.Nil;
        }

        var start = args.Length > 1 ? TemplateArgs.ToInt64(args[1]) : 0;
        var end = args.Length > 2 ? TemplateArgs.ToInt64(args[2]) : list.Count;
        if (start < 0 || end < start || end > list.Count)
        {
            throw TemplateArgs.Fail("reflect.Value.Slice: slice index out of bounds");
        }

        return TemplateValue.List(Items(list).Skip((int)start).Take((int)(end - start)).ToArray());
    }

    private static TemplateValue Append(TemplateValue list, TemplateValue item, string name)
        => list.Kind == TemplateKind.List
            ? TemplateValue.List([.. Items(list.AsList), item])
            : throw TemplateArgs.Fail($"Cannot {name} on type {list.TypeName}");

    private static TemplateValue Unique(TemplateList list)
    {
        var result = new List<TemplateValue>();
        foreach (var item in Items(list))
        {
            if (!result.Any(r => DeepEqual(r, item)))
            {
                result.Add(item);
            }
        }

        return TemplateValue.List(result);
    }

    private static TemplateValue Without(ReadOnlySpan<TemplateValue> args)
    {
        var omit = args[1..].ToArray();
        return ListOp(args[0], "without", l => TemplateValue.List(Items(l).Where(v => !omit.Any(o => DeepEqual(o, v))).ToArray()));
    }

    private static TemplateValue Has(ReadOnlySpan<TemplateValue> args)
    {
        var needle = args[0];
        return args[1].Kind switch
        {
            TemplateKind.List => TemplateValue.Bool(Items(args[1].AsList).Any(v => DeepEqual(v, needle))),
            TemplateKind.Missing or TemplateKind.Nil => TemplateValue.False,
            _ => throw TemplateArgs.Fail($"Cannot find has on type {args[1].TypeName}"),
        };
    }

    private static TemplateValue Concat(ReadOnlySpan<TemplateValue> args)
    {
        var result = new List<TemplateValue>();
        foreach (var arg in args)
        {
            if (arg.Kind != TemplateKind.List)
            {
                throw TemplateArgs.Fail($"Cannot concat type {arg.TypeName} as list");
            }

            result.AddRange(Items(arg.AsList));
        }

        return TemplateValue.List(result);
    }

    /// <summary>reflect.DeepEqual over template values (types must match: 1 and 1.0 differ).</summary>
    internal static bool DeepEqual(TemplateValue a, TemplateValue b)
    {
        if (a.Kind != b.Kind)
        {
            return a.IsNothing && b.IsNothing;
        }

        switch (a.Kind)
        {
            case TemplateKind.Missing or TemplateKind.Nil:
                return true;
            case TemplateKind.Bool or TemplateKind.Int:
                return a.AsInt == b.AsInt && a.AsBool == b.AsBool;
            case TemplateKind.Float:
                return a.AsFloat == b.AsFloat;
            case TemplateKind.String:
                return a.AsString == b.AsString;
            case TemplateKind.List:
            {
                var x = a.AsList;
                var y = b.AsList;
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!DeepEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            case TemplateKind.Map:
            {
                var x = a.AsMap;
                var y = b.AsMap;
                return x.Count == y.Count && x.SortedKeys().All(k => x.TryGet(k, out var xv) && y.TryGet(k, out var yv) && DeepEqual(xv, yv));
            }

            default:
                return ReferenceEquals(a.AsObject, b.AsObject);
        }
    }

    private static TemplateValue Dict(ReadOnlySpan<TemplateValue> args)
    {
        var map = new TemplateMutableMap();
        for (var i = 0; i < args.Length; i += 2)
        {
            map.Entries[TemplateArgs.ToText(args[i])] = i + 1 < args.Length ? args[i + 1] : TemplateValue.EmptyString;
        }

        return TemplateValue.Map(map);
    }

    private static TemplateMap MapArg(TemplateValue value, string name)
        => value.Kind == TemplateKind.Map ? value.AsMap : throw TemplateArgs.WrongType("map[string]interface {}", value);

    private static TemplateValue Mutable(TemplateValue value, string name, Action<TemplateMutableMap> change)
    {
        if (value.Kind == TemplateKind.Map && value.AsMap is TemplateMutableMap map)
        {
            change(map);
            return value;
        }

        throw TemplateArgs.Fail($"{name} can only change a dict made by the template (got {value.TypeName})");
    }

    private static TemplateValue Keys(ReadOnlySpan<TemplateValue> args)
    {
        var keys = new List<string>();
        foreach (var arg in args)
        {
            keys.AddRange(MapArg(arg, "keys").SortedKeys());
        }

        return TemplateValue.Strings(keys);
    }

    private static TemplateValue Pluck(ReadOnlySpan<TemplateValue> args)
    {
        var name = TemplateArgs.String(args, 0);
        var result = new List<TemplateValue>();
        foreach (var arg in args[1..])
        {
            if (MapArg(arg, "pluck").TryGet(name, out var v))
            {
                result.Add(v);
            }
        }

        return TemplateValue.List(result);
    }

    private static TemplateValue Pick(ReadOnlySpan<TemplateValue> args, bool keep)
    {
        var source = MapArg(args[0], keep ? "pick" : "omit");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in args[1..])
        {
            names.Add(TemplateArgs.ToText(arg));
        }

        var map = new TemplateMutableMap();
        foreach (var key in source.SortedKeys())
        {
            if (names.Contains(key) == keep && source.TryGet(key, out var v))
            {
                map.Entries[key] = v;
            }
        }

        return TemplateValue.Map(map);
    }

    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return Compile(pattern);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Regex Regex(ReadOnlySpan<TemplateValue> args, int index)
    {
        var pattern = TemplateArgs.String(args, index);
        try
        {
            return Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw TemplateArgs.Fail($"regexp: Compile({QuotePattern(pattern)}): {e.Message}");
        }
    }

    /// <summary>Go's regexp quoting in MustCompile's panic: backquoted when strconv.CanBackquote allows it.</summary>
    private static string QuotePattern(string pattern)
        => pattern.Any(c => c == '`' || c == '\uFEFF' || char.IsSurrogate(c) || (char.IsControl(c) && c != '\t'))
            ? GoFormat.Quote(pattern)
            : "`" + pattern + "`";

    private static Regex Compile(string pattern)
    {
        if (Regexes.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        var regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (Regexes.Count < 1000)
        {
            Regexes[pattern] = regex;
        }

        return regex;
    }

    private static TemplateValue RegexFindAll(ReadOnlySpan<TemplateValue> args)
    {
        var regex = Regex(args, 0);
        var n = TemplateArgs.Int(args, 2);
        var matches = regex.Matches(TemplateArgs.String(args, 1)).Select(m => m.Value);
        return TemplateValue.Strings((n < 0 ? matches : matches.Take((int)Math.Min(n, int.MaxValue))).ToArray());
    }

    private static TemplateValue RegexSplit(ReadOnlySpan<TemplateValue> args)
    {
        var regex = Regex(args, 0);
        var n = TemplateArgs.Int(args, 2);
        var s = TemplateArgs.String(args, 1);
        if (n == 0)
        {
            return TemplateValue.Strings([]);
        }

        var parts = new List<string>();
        var last = 0;
        foreach (Match m in regex.Matches(s))
        {
            if (n > 0 && parts.Count == n - 1)
            {
                break;
            }

            if (m.Length == 0 && (m.Index == 0 || m.Index == s.Length))
            {
                continue;
            }

            parts.Add(s[last..m.Index]);
            last = m.Index + m.Length;
        }

        parts.Add(s[last..]);
        return TemplateValue.Strings(parts);
    }

    private static string KindOf(TemplateValue value) => value.Kind switch
    {
        TemplateKind.Missing or TemplateKind.Nil => "invalid",
        TemplateKind.Bool => "bool",
        TemplateKind.Int => "int",
        TemplateKind.Float => "float64",
        TemplateKind.String => "string",
        TemplateKind.List => "slice",
        TemplateKind.Map => "map",
        _ => value.AsObject.TypeName.StartsWith('*') ? "ptr" : "struct",
    };
}
