using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.Proxy;

/// <summary>
/// The proxy service: Ory Oathkeeper's proxy (4455) and API/decisions (4456) listeners. It keeps no
/// database and, like Oathkeeper, serves plain HTTP when no TLS is configured.
/// </summary>
public static class ProxyService
{
    public static ServiceDescriptor Descriptor { get; } = new(
        "proxy",
        typeof(ProxyService).Assembly,
        [new ListenerDescriptor(ListenerNames.Proxy, 4455, IsAdmin: false), new ListenerDescriptor(ListenerNames.Api, 4456, IsAdmin: true)],
        UsesDatabase: false)
    {
        Start = ProxyRuntime.StartAsync,
        EventIds = EventIdRange.Thousand(6000),
    };
}
