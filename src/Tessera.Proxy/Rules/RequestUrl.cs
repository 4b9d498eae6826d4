using System.Text;

namespace Tessera.Proxy.Rules;

/// <summary>
/// The string a rule's <c>match.url</c> is tested against, built as Oathkeeper builds it:
/// <c>scheme://host</c> and the request path, percent-decoded once (so <c>%2F</c> is a slash and
/// <c>%2e%2e</c> a dot segment, as in Go's <c>URL.Path</c>) and then cleaned as Go's
/// <c>path.Clean</c> does (repeated slashes, <c>.</c> and <c>..</c> segments resolved, no trailing
/// slash); the query is not part of it.
/// </summary>
internal static class RequestUrl
{
    /// <summary>The URL to match, or null when the path holds a malformed escape (Go refuses to parse such a URL).</summary>
    public static string? ForMatching(string scheme, string host, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        var query = rawPath.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            rawPath = rawPath[..query];
        }

        if (Unescape(rawPath) is not { } path)
        {
            return null;
        }

        return scheme + "://" + host + (path.Length == 0 ? "" : Clean(path));
    }

    /// <summary>Go's <c>url.PathUnescape</c>: every <c>%XX</c> decoded, a malformed escape refused; <c>+</c> stays a plus.</summary>
    internal static string? Unescape(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var bytes = new List<byte>(raw.Length);
        Span<byte> one = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
                {
                    return null;
                }

                bytes.Add((byte)((Convert.ToInt32(raw[i + 1].ToString(), 16) << 4) | Convert.ToInt32(raw[i + 2].ToString(), 16)));
                i += 2;
                continue;
            }

            var length = Encoding.UTF8.GetBytes(raw.AsSpan(i, char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1), one);
            if (length > 1 && char.IsHighSurrogate(raw[i]))
            {
                i++;
            }

            for (var b = 0; b < length; b++)
            {
                bytes.Add(one[b]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Go's <c>path.Clean</c>.</summary>
    internal static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0 && segments[^1] != "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else if (!rooted)
                {
                    segments.Add("..");
                }

                continue;
            }

            segments.Add(segment);
        }

        var joined = string.Join('/', segments);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
