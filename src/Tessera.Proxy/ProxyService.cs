using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.Proxy;

/// <summary>
/// The proxy service: Ory Oathkeeper's proxy (4455) and API/decisions (4456) listeners. It keeps no
/// database of its own and, like Oathkeeper, serves plain HTTP when no TLS is configured. Its one
/// migration is the table of SQL rule repositories, applied only by <c>migrate sql --service proxy</c>.
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
        MigratesOnRequest = true,
        EventIds = EventIdRange.Thousand(6000),
    };
}
