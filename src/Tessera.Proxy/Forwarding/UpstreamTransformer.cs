using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// Shapes the upstream request as Oathkeeper's <c>Rewrite</c> does: YARP copies the client's headers (its
/// Authorization and cookies included) without the hop-by-hop ones; unless <c>trust_forwarded_headers</c>,
/// every <c>X-Forwarded-*</c> and <c>Forwarded</c> header is removed (Oathkeeper adds none of its own); the
/// mutators' headers replace any of the same name; Host is the upstream's, or the client's with
/// <c>preserve_host</c>.
/// </summary>
internal sealed class UpstreamTransformer(Uri target, IReadOnlyDictionary<string, string> headers, string? preservedHost, bool trustForwarded) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (!trustForwarded)
        {
            foreach (var name in proxyRequest.Headers.Select(h => h.Key).ToList())
            {
                if (name.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase) || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase))
                {
                    proxyRequest.Headers.Remove(name);
                }
            }
        }

        // Headers the client named in Connection are hop-by-hop too (RFC 9110 §7.6.1), as Go's proxy drops them.
        foreach (var named in httpContext.Request.Headers.Connection.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            proxyRequest.Headers.Remove(named);
        }

        foreach (var (name, value) in headers)
        {
            proxyRequest.Headers.Remove(name);
            proxyRequest.Content?.Headers.Remove(name);
            if (!proxyRequest.Headers.TryAddWithoutValidation(name, value))
            {
                proxyRequest.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        proxyRequest.RequestUri = target;
        proxyRequest.Headers.Host = preservedHost;
    }
}
