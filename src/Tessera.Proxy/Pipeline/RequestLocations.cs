using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Pipeline;

/// <summary>Builds the <see cref="RequestLocation"/> a request is judged on, from the raw request target (not Kestrel's decoded path), as Oathkeeper's proxy and decision handlers do.</summary>
internal static class RequestLocations
{
    public const string DecisionsPrefix = "/decisions";

    /// <summary>The proxy: <c>http(s)://Host</c> + the request path; with <c>trust_forwarded_headers</c>, <c>X-Forwarded-Proto: http|https</c> sets the scheme. Null for a malformed path.</summary>
    public static RequestLocation? ForProxy(HttpContext context, bool trustForwarded)
    {
        var forwarded = FirstValue(context.Request.Headers["X-Forwarded-Proto"]);
        var scheme = trustForwarded && (forwarded.Equals("https", StringComparison.OrdinalIgnoreCase) || forwarded.Equals("http", StringComparison.OrdinalIgnoreCase))
            ? forwarded.ToLowerInvariant()
            : context.Request.IsHttps ? "https" : "http";
        var (path, query) = Split(RawTarget(context));
        return Decoded(scheme, context.Request.Host.Value ?? "", path, query, keepRaw: true);
    }

    /// <summary>
    /// <c>/decisions</c>: scheme, host and path from <c>X-Forwarded-Proto</c>, <c>-Host</c>, <c>-Uri</c> (its
    /// path, taken as already decoded, as Oathkeeper assigns it to <c>URL.Path</c>) when present; otherwise the
    /// request's own, minus the <c>/decisions</c> prefix.
    /// </summary>
    public static RequestLocation? ForDecision(HttpContext context)
    {
        var headers = context.Request.Headers;
        var scheme = Or(FirstValue(headers["X-Forwarded-Proto"]), context.Request.IsHttps ? "https" : "http");
        var host = Or(FirstValue(headers["X-Forwarded-Host"]), context.Request.Host.Value ?? "");
        var (rawPath, query) = Split(RawTarget(context));
        var forwardedUri = FirstValue(headers["X-Forwarded-Uri"]);
        if (forwardedUri.Length > 0)
        {
            var mark = forwardedUri.IndexOf('?', StringComparison.Ordinal);
            var path = mark >= 0 ? forwardedUri[..mark] : forwardedUri;
            if (path.Length > 0)
            {
                return new RequestLocation(scheme, host, RequestUrl.Clean(path), query);
            }
        }

        return Decoded(scheme, host, rawPath.Length >= DecisionsPrefix.Length ? rawPath[DecisionsPrefix.Length..] : "", query);
    }

    /// <summary>Envoy's ext_authz: the scheme and host it names, and its request target (path and query, as sent). Null for a malformed path.</summary>
    public static RequestLocation? ForTarget(string scheme, string host, string target)
    {
        var (path, query) = Split(target);
        return Decoded(scheme, host, path, query);
    }

    private static RequestLocation? Decoded(string scheme, string host, string rawPath, string query, bool keepRaw = false)
        => RequestUrl.Unescape(rawPath) is { } path
            ? new RequestLocation(scheme, host, path.Length == 0 ? "" : RequestUrl.Clean(path), query) { RawPath = keepRaw ? rawPath : null }
            : null;

    private static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (raw.StartsWith('/'))
        {
            return raw;
        }

        // An absolute-form target (http://host/path): its path and query.
        return Uri.TryCreate(raw, UriKind.Absolute, out var uri) ? uri.PathAndQuery : context.Request.Path.ToUriComponent() + context.Request.QueryString;
    }

    private static (string Path, string Query) Split(string target)
    {
        var mark = target.IndexOf('?', StringComparison.Ordinal);
        return mark >= 0 ? (target[..mark], target[(mark + 1)..]) : (target, "");
    }

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;

    /// <summary>Go's <c>Header.Get</c>: the first field of that name as it came, not every field joined with commas.</summary>
    internal static string FirstValue(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] ?? "" : "";
}
