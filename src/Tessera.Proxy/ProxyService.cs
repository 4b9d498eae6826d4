using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.Proxy;

/// <summary>
/// The proxy service: Ory Oathkeeper's proxy (4455) and API/decisions (4456) listeners, and Envoy's ext_authz
/// gRPC (4457, HTTP/2; opened only when <c>serve.ext_authz</c> is configured). It keeps no database of its own
/// and, like Oathkeeper, serves plain HTTP when no TLS is configured. Its one migration is the table of SQL rule
/// repositories, applied only by <c>migrate sql --service proxy</c>.
/// </summary>
public static class ProxyService
{
    public static ServiceDescriptor Descriptor { get; } = new(
        "proxy",
        typeof(ProxyService).Assembly,
        [
            new ListenerDescriptor(ListenerNames.Proxy, 4455, IsAdmin: false) { MaxRequestBodyBytes = null },
            new ListenerDescriptor(ListenerNames.Api, 4456, IsAdmin: true),
            new ListenerDescriptor(ExtAuthz.ExtAuthzCheck.Listener, 4457, IsAdmin: false) { Http2Only = true, OptIn = true },
        ],
        UsesDatabase: false)
    {
        Start = ProxyRuntime.StartAsync,
        MigratesOnRequest = true,
        EventIds = EventIdRange.Thousand(6000),
    };
}
