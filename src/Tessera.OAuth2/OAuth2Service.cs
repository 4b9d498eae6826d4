using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.OAuth2;

/// <summary>The oauth2 service: Ory Hydra's public (4444) and admin (4445) APIs.</summary>
public static class OAuth2Service
{
    public static ServiceDescriptor Descriptor { get; } = new(
        "oauth2",
        typeof(OAuth2Service).Assembly,
        [
            new ListenerDescriptor(ListenerNames.Public, 4444, IsAdmin: false) { UrlVariable = "TESSERA_PUBLIC_URL" },
            new ListenerDescriptor(ListenerNames.Admin, 4445, IsAdmin: true) { UrlVariable = "TESSERA_ADMIN_URL" },
        ],
        UsesDatabase: true)
    {
        Start = OAuth2Runtime.StartAsync,
        RefusesPlainHttp = true,
        EventIds = EventIdRange.Thousand(4000),
    };
}
