using Tessera.Proxy.Pipeline;
using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// Where Oathkeeper sends a granted request (<c>ConfigureBackendURL</c>): the upstream's scheme and host, the
/// path <c>path.Join(upstream path, request path)</c> (the request path cleaned, so no trailing slash), then
/// the first occurrence of <c>/</c> + <c>strip_path</c> (slashes trimmed) removed, written as the client wrote it
/// when neither changed it (Go's <c>EscapedPath</c> keeps a valid <c>RawPath</c>: <c>%2F</c> stays), else escaped; the query as received.
/// </summary>
internal static class UpstreamUrl
{
    /// <summary>The target, or null when the rule's upstream URL is not an absolute http(s) URL.</summary>
    public static UpstreamTarget? For(RuleUpstream upstream, RequestLocation location)
    {
        if (upstream.ParsedUrl is not { } target || target.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var basePath = Uri.UnescapeDataString(target.AbsolutePath);
        var path = Join(basePath, location.Path);
        if (upstream.StripPath.Length > 0)
        {
            var strip = "/" + upstream.StripPath.Trim('/');
            var at = path.IndexOf(strip, StringComparison.Ordinal);
            if (at >= 0)
            {
                path = path[..at] + path[(at + strip.Length)..];
            }
        }

        // A request target is absolute: stripping may leave nothing, or no leading slash.
        if (path.Length == 0 || path[0] != '/')
        {
            path = "/" + path;
        }

        return new UpstreamTarget(target, GoPath.EscapedPath(path, location.RawPath) + (location.RawQuery.Length > 0 ? "?" + location.RawQuery : ""));
    }

    /// <summary>Go's <c>path.Join</c> of two elements: the non-empty ones joined by <c>/</c>, cleaned; "" when both are empty.</summary>
    internal static string Join(string first, string second)
    {
        var joined = first.Length == 0 ? second : second.Length == 0 ? first : first + "/" + second;
        return joined.Length == 0 ? "" : RequestUrl.Clean(joined);
    }
}
