using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Proxy.ExtAuthz.Envoy;
using Tessera.Proxy.Pipeline;

namespace Tessera.Proxy.ExtAuthz;

/// <summary>
/// The request an Envoy <c>CheckRequest</c> asks about, rebuilt as an HTTP request for the pipeline: its method,
/// scheme, host, request target (<c>path</c> holds path and query, as in the request line), headers (the
/// <c>headers</c> map, or <c>header_map</c> when Envoy encodes raw headers; pseudo-headers are left out), body
/// (<c>raw_body</c>, else <c>body</c>: what Envoy buffered with <c>with_request_body</c>) and the downstream's
/// address. The response side is a memory buffer that an error handler writes into.
/// </summary>
internal static class CheckedRequest
{
    /// <summary>The rebuilt exchange, or null when the check names no HTTP request (no method).</summary>
    public static HttpContext? ToHttpContext(CheckRequest check)
    {
        if (check.Attributes?.Request?.Http is not { } http || http.Method.Length == 0)
        {
            return null;
        }

        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = http.Method;
        request.Scheme = Scheme(http.Scheme);
        request.Protocol = http.Protocol.Length > 0 ? http.Protocol : "HTTP/1.1";
        foreach (var (name, value) in http.Headers)
        {
            if (!name.StartsWith(':'))
            {
                request.Headers.Append(name, value);
            }
        }

        foreach (var header in http.HeaderMap?.Headers ?? [])
        {
            if (!header.Key.StartsWith(':'))
            {
                request.Headers.Append(header.Key, header.RawValue.IsEmpty ? header.Value : header.RawValue.ToStringUtf8());
            }
        }

        var host = http.Host.Length > 0 ? http.Host : request.Headers.Host.ToString();
        request.Host = new HostString(host);
        request.Headers.Host = host;
        var mark = http.Path.IndexOf('?', StringComparison.Ordinal);
        var path = mark >= 0 ? http.Path[..mark] : http.Path;
        request.Path = path.StartsWith('/') ? PathString.FromUriComponent(path) : new PathString("/");
        request.QueryString = mark >= 0 ? new QueryString(http.Path[mark..]) : QueryString.Empty;
        var body = !http.RawBody.IsEmpty ? http.RawBody.ToByteArray() : Encoding.UTF8.GetBytes(http.Body);
        request.Body = new MemoryStream(body, writable: false);
        if (http.Id.Length > 0)
        {
            context.TraceIdentifier = http.Id;
        }

        if (check.Attributes.Source?.Address?.SocketAddress is { } peer && IPAddress.TryParse(peer.Address, out var address))
        {
            context.Connection.RemoteIpAddress = address;
            context.Connection.RemotePort = (int)peer.PortValue;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>The location the request is judged on; null when its path is malformed (a bad percent-escape).</summary>
    public static RequestLocation? Location(CheckRequest check, HttpContext context)
    {
        var target = check.Attributes.Request.Http.Path;
        return RequestLocations.ForTarget(context.Request.Scheme, context.Request.Host.Value ?? "", target.Length > 0 ? target : "/");
    }

    private static string Scheme(string scheme)
        => scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
}
