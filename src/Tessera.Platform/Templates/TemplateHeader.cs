using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>
/// Go's <c>http.Header</c> (and <c>url.Values</c>): a <c>map[string][]string</c> with methods Get and Values.
/// Header keys are in Go's canonical form (<c>Content-Type</c>); Get and Values canonicalize their argument, a
/// plain key lookup does not, as in Go.
/// </summary>
public sealed class TemplateHeader : TemplateMap
{
    private static readonly TemplateMethod GetMethod = new("Get", 1, (self, args) =>
    {
        var header = (TemplateHeader)self.AsMap;
        return header._entries.TryGetValue(header.Key(TemplateArgs.String(args, 0)), out var v) && v.Length > 0 ? TemplateValue.String(v[0]) : TemplateValue.EmptyString;
    });

    private static readonly TemplateMethod ValuesMethod = new("Values", 1, (self, args) =>
    {
        var header = (TemplateHeader)self.AsMap;
        return header._entries.TryGetValue(header.Key(TemplateArgs.String(args, 0)), out var v) ? TemplateValue.Strings(v) : TemplateValue.Strings([]);
    });

    private readonly Dictionary<string, string[]> _entries = new(StringComparer.Ordinal);
    private readonly bool _canonical;
    private string[]? _sorted;

    /// <summary>An http.Header: keys are canonicalized.</summary>
    public TemplateHeader(IEnumerable<KeyValuePair<string, string[]>> headers)
        : this(headers, canonical: true, "http.Header")
    {
    }

    private TemplateHeader(IEnumerable<KeyValuePair<string, string[]>> entries, bool canonical, string typeName)
    {
        _canonical = canonical;
        TypeName = typeName;
        foreach (var (key, values) in entries)
        {
            var k = canonical ? CanonicalKey(key) : key;
            _entries[k] = _entries.TryGetValue(k, out var existing) ? [.. existing, .. values] : values;
        }
    }

    /// <summary>A url.Values (query parameters): keys as they are.</summary>
    public static TemplateHeader QueryValues(IEnumerable<KeyValuePair<string, string[]>> values) => new(values, canonical: false, "url.Values");

    public override string TypeName { get; }

    public override int Count => _entries.Count;

    public override TemplateValue ZeroValue => TemplateValue.Strings([]);

    public override bool TryGet(string key, out TemplateValue value)
    {
        if (_entries.TryGetValue(key, out var v))
        {
            value = TemplateValue.Strings(v);
            return true;
        }

        value = default;
        return false;
    }

    public override IReadOnlyList<string> SortedKeys()
    {
        if (_sorted is null)
        {
            var keys = _entries.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            _sorted = keys;
        }

        return _sorted;
    }

    public override TemplateMethod? Method(string name) => name switch
    {
        "Get" => GetMethod,
        "Values" => ValuesMethod,
        _ => null,
    };

    private string Key(string key) => _canonical ? CanonicalKey(key) : key;

    /// <summary>Go's textproto.CanonicalMIMEHeaderKey: first letter and letters after '-' upper case, the rest lower.</summary>
    public static string CanonicalKey(string key)
    {
        foreach (var c in key)
        {
            if (c == ' ' || c > 127)
            {
                return key;
            }
        }

        var upper = true;
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = c == '-';
        }

        return builder.ToString();
    }
}
