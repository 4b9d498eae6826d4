using System.Globalization;
using System.Net;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Config;

/// <summary>
/// Kratos's <c>SelfAdminURL</c>: <c>serve.admin.base_url</c>, else the admin listener's own URL as ory/x's
/// <c>configx.Serve</c> defaults it — <c>https</c> (<c>http</c> only with <c>--dev</c> and <c>tls.enabled</c> unset),
/// <c>serve.admin.host</c> (the machine's host name when it is empty or <c>0.0.0.0</c>), <c>serve.admin.port</c>, path <c>/</c>.
/// </summary>
internal static class AdminBaseUrl
{
    public static string FromConfig(ConfigSnapshot config, bool dev, int defaultPort)
    {
        if (config.GetString("serve.admin.base_url") is { Length: > 0 } configured)
        {
            return configured;
        }

        var scheme = !dev || config.GetBool("serve.admin.tls.enabled") == true ? "https" : "http";
        var host = config.GetString("serve.admin.host") ?? "";
        if (host is "" or "0.0.0.0")
        {
            host = Dns.GetHostName();
        }

        var port = config.GetInt("serve.admin.port") ?? defaultPort;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{port}/");
    }

    /// <summary>
    /// ory/x's <c>urlx.AppendPaths</c>: the segments joined to the URL's path as Go's <c>path.Join</c> joins them
    /// (slashes collapsed, <c>.</c> and <c>..</c> resolved), its query and fragment kept.
    /// </summary>
    public static string AppendPaths(string url, params string[] segments)
    {
        var end = url.IndexOfAny(['?', '#']);
        var rest = end < 0 ? "" : url[end..];
        var head = end < 0 ? url : url[..end];
        var authorityAt = head.IndexOf("://", StringComparison.Ordinal);
        var pathAt = authorityAt < 0 ? 0 : head.IndexOf('/', authorityAt + 3);
        if (pathAt < 0)
        {
            pathAt = head.Length;
        }

        var path = head[pathAt..];
        var parts = new List<string>();
        foreach (var part in path.Split('/').Concat(segments.SelectMany(s => s.Split('/'))))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        // Go writes a slash before a relative path when the URL has a host; path.Join keeps a leading one.
        var lead = authorityAt >= 0 || path.StartsWith('/') ? "/" : "";
        return head[..pathAt] + lead + string.Join('/', parts) + rest;
    }
}
