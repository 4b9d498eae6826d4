using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.Identity;

/// <summary>The identity service: Ory Kratos's public (4433) and admin (4434) APIs. Like Kratos, it serves plain HTTP when no TLS is configured.</summary>
public static class IdentityService
{
    public static ServiceDescriptor Descriptor { get; } = new(
        "identity",
        typeof(IdentityService).Assembly,
        [new ListenerDescriptor(ListenerNames.Public, 4433, IsAdmin: false), new ListenerDescriptor(ListenerNames.Admin, 4434, IsAdmin: true)],
        UsesDatabase: true)
    {
        Start = IdentityRuntime.StartAsync,
        EventIds = EventIdRange.Thousand(5000),
    };
}
