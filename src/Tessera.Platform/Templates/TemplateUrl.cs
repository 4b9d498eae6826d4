using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>
/// Go's <c>*url.URL</c>: fields Scheme, Opaque, User (always nil here), Host, Path, RawPath, ForceQuery, RawQuery,
/// Fragment and RawFragment; methods Query (a url.Values with Get), String, Hostname, Port, EscapedPath,
/// RequestURI and IsAbs. Prints as its String().
/// </summary>
public sealed class TemplateUrl : TemplateObject
{
    private static readonly string[] Names = ["Scheme", "Opaque", "User", "Host", "Path", "RawPath", "OmitHost", "ForceQuery", "RawQuery", "Fragment", "RawFragment"];

    private static readonly Dictionary<string, TemplateMethod> Methods = new(StringComparer.Ordinal)
    {
        ["Query"] = new("Query", 0, (self, _) => TemplateValue.Map(((TemplateUrl)self.AsObject).Query())),
        ["String"] = new("String", 0, (self, _) => TemplateValue.String(((TemplateUrl)self.AsObject).ToString())),
        ["Hostname"] = new("Hostname", 0, (self, _) => TemplateValue.String(((TemplateUrl)self.AsObject).Hostname())),
        ["Port"] = new("Port", 0, (self, _) => TemplateValue.String(((TemplateUrl)self.AsObject).Port())),
        ["EscapedPath"] = new("EscapedPath", 0, (self, _) => TemplateValue.String(((TemplateUrl)self.AsObject).RawPath)),
        ["RequestURI"] = new("RequestURI", 0, (self, _) => TemplateValue.String(((TemplateUrl)self.AsObject).RequestUri())),
        ["IsAbs"] = new("IsAbs", 0, (self, _) => TemplateValue.Bool(((TemplateUrl)self.AsObject).Scheme.Length > 0)),
    };

    private TemplateHeader? _query;

    /// <param name="scheme">e.g. <c>https</c>.</param>
    /// <param name="host">host or host:port as received.</param>
    /// <param name="rawPath">the path as received (percent-encoded).</param>
    /// <param name="rawQuery">the query without '?'.</param>
    /// <param name="fragment">the decoded fragment.</param>
    public TemplateUrl(string scheme, string host, string rawPath, string rawQuery, string fragment = "")
    {
        Scheme = scheme;
        Host = host;
        RawPath = rawPath.Length == 0 && host.Length > 0 ? "" : rawPath;
        Path = Unescape(rawPath, plusIsSpace: false) ?? rawPath;
        RawQuery = rawQuery;
        Fragment = fragment;
    }

    public static TemplateUrl FromUri(Uri uri)
        => new(uri.Scheme, uri.IsDefaultPort ? uri.Host : uri.Authority, uri.AbsolutePath, uri.Query.TrimStart('?'), Uri.UnescapeDataString(uri.Fragment.TrimStart('#')));

    public string Scheme { get; }

    public string Host { get; }

    public string Path { get; }

    public string RawPath { get; }

    public string RawQuery { get; }

    public string Fragment { get; }

    public override string TypeName => "*url.URL";

    public override IReadOnlyList<string> FieldNames => Names;

    public override bool TryGetField(string name, out TemplateValue value)
    {
        value = name switch
        {
            "Scheme" => TemplateValue.String(Scheme),
            "Opaque" or "RawFragment" => TemplateValue.EmptyString,
            "User" => NoUser,
            "Host" => TemplateValue.String(Host),
            "Path" => TemplateValue.String(Path),
            // Go keeps RawPath only when it differs from the default encoding of Path.
            "RawPath" => TemplateValue.String(RawPath == Path ? "" : RawPath),
            "OmitHost" or "ForceQuery" => TemplateValue.False,
            "RawQuery" => TemplateValue.String(RawQuery),
            "Fragment" => TemplateValue.String(Fragment),
            _ => TemplateValue.Missing,
        };
        return !value.IsMissing;
    }

    /// <summary>A nil <c>*url.Userinfo</c> (the proxy's URLs carry no user): false, prints "" (its String method's nil case).</summary>
    private static TemplateValue NoUser { get; } = TemplateValue.Object(new NilUserinfo());

    public override TemplateMethod? Method(string name) => Methods.GetValueOrDefault(name);

    public override void Print(StringBuilder output, bool plus) => output.Append(ToString());

    internal override bool IsStructPointer => false;

    public override string ToString()
    {
        var builder = new StringBuilder();
        if (Scheme.Length > 0)
        {
            builder.Append(Scheme).Append(':');
        }

        if (Host.Length > 0 || Scheme.Length > 0)
        {
            builder.Append("//").Append(Host);
        }

        if (RawPath.Length > 0 && RawPath[0] != '/' && Host.Length > 0)
        {
            builder.Append('/');
        }

        builder.Append(RawPath);
        if (RawQuery.Length > 0)
        {
            builder.Append('?').Append(RawQuery);
        }

        if (Fragment.Length > 0)
        {
            builder.Append('#').Append(Uri.EscapeDataString(Fragment));
        }

        return builder.ToString();
    }

    /// <summary>Go's url.ParseQuery, keeping the pairs it can decode.</summary>
    public TemplateHeader Query()
    {
        if (_query is not null)
        {
            return _query;
        }

        var pairs = new List<KeyValuePair<string, string[]>>();
        var order = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var part in RawQuery.Split('&'))
        {
            if (part.Length == 0 || part.Contains(';', StringComparison.Ordinal))
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq < 0 ? part : part[..eq], plusIsSpace: true);
            var value = Unescape(eq < 0 ? "" : part[(eq + 1)..], plusIsSpace: true);
            if (key is null || value is null)
            {
                continue;
            }

            if (!order.TryGetValue(key, out var list))
            {
                order[key] = list = [];
            }

            list.Add(value);
        }

        foreach (var (key, values) in order)
        {
            pairs.Add(new(key, [.. values]));
        }

        return _query = TemplateHeader.QueryValues(pairs);
    }

    private string Hostname()
    {
        if (Host.StartsWith('['))
        {
            var end = Host.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? Host[1..] : Host[1..end];
        }

        var colon = Host.LastIndexOf(':');
        return colon < 0 ? Host : Host[..colon];
    }

    private string Port()
    {
        var colon = Host.LastIndexOf(':');
        var bracket = Host.LastIndexOf(']');
        return colon > bracket && colon >= 0 ? Host[(colon + 1)..] : "";
    }

    private string RequestUri()
    {
        var path = RawPath.Length == 0 ? "/" : RawPath;
        return RawQuery.Length > 0 ? path + "?" + RawQuery : path;
    }

    /// <summary>Percent-decoding; null when an escape is malformed (Go then fails the decode).</summary>
    internal static string? Unescape(string text, bool plusIsSpace)
    {
        if (!text.Contains('%', StringComparison.Ordinal) && !(plusIsSpace && text.Contains('+', StringComparison.Ordinal)))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
                {
                    return null;
                }

                bytes.Add((byte)((Uri.FromHex(text[i + 1]) << 4) | Uri.FromHex(text[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i++, 2)));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}

/// <summary>A nil <c>*url.Userinfo</c>: its methods accept a nil receiver and return "".</summary>
internal sealed class NilUserinfo : TemplateObject
{
    private static readonly Dictionary<string, TemplateMethod> Methods = new(StringComparer.Ordinal)
    {
        ["Username"] = new("Username", 0, (_, _) => TemplateValue.EmptyString),
        ["String"] = new("String", 0, (_, _) => TemplateValue.EmptyString),
    };

    public override string TypeName => "*url.Userinfo";

    public override bool IsTrue => false;

    internal override bool IsStructPointer => false;

    public override bool TryGetField(string name, out TemplateValue value)
    {
        value = default;
        return false;
    }

    public override TemplateMethod? Method(string name) => Methods.GetValueOrDefault(name);

    public override void Print(StringBuilder output, bool plus)
    {
    }
}
