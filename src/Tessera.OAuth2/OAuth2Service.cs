using Tessera.Platform.Services;

namespace Tessera.OAuth2;

/// <summary>The oauth2 service: Ory Hydra's public (4444) and admin (4445) APIs.</summary>
public static class OAuth2Service
{
    public static ServiceDescriptor Descriptor { get; } = new(
        "oauth2",
        typeof(OAuth2Service).Assembly,
        [new ListenerDescriptor("public", 4444, IsAdmin: false), new ListenerDescriptor("admin", 4445, IsAdmin: true)],
        UsesDatabase: true)
    {
        Start = OAuth2Runtime.StartAsync,
    };
}
