using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Hosting;

/// <summary>
/// For a plain-HTTP listener behind a TLS-terminating proxy (<c>serve.tls.allow_termination_from</c>):
/// a request is served only when it comes from a trusted range and says <c>X-Forwarded-Proto: https</c>.
/// Health checks are exempt, so that load balancers can probe the plain port.
/// </summary>
internal static class TlsTermination
{
    public static void Use(IApplicationBuilder app, ListenerOptions listener, ErrorWriter errors, ILogger logger)
    {
        if (listener.Tls is not null || listener.AllowTerminationFrom.Count == 0)
        {
            return;
        }

        app.Use(async (context, next) =>
        {
            if (HealthEndpoints.IsHealthPath(context.Request.Path) || IsTrusted(context, listener))
            {
                context.Request.Scheme = "https";
                await next(context);
                return;
            }

            HostingLog.InsecureRequestRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unix socket");
            await errors(context, StatusCodes.Status502BadGateway, "can not serve request over insecure http");
        });
    }

    private static bool IsTrusted(HttpContext context, ListenerOptions listener)
    {
        if (!string.Equals(context.Request.Headers["X-Forwarded-Proto"].ToString(), "https", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        foreach (var network in listener.AllowTerminationFrom)
        {
            if (network.Contains(remote))
            {
                return true;
            }
        }

        return false;
    }
}
