using Tessera.Platform.Services;

namespace Tessera.Proxy;

/// <summary>The proxy service: Ory Oathkeeper's proxy (4455) and API/decisions (4456) listeners. It keeps no database.</summary>
public static class ProxyService
{
    public static ServiceDescriptor Descriptor { get; } = new(
        "proxy",
        typeof(ProxyService).Assembly,
        [new ListenerDescriptor("proxy", 4455, IsAdmin: false), new ListenerDescriptor("api", 4456, IsAdmin: true)],
        UsesDatabase: false);
}
