using Tessera.OAuth2;
using Tessera.Platform.Services;

namespace Tessera.Cli;

/// <summary>The listener of a service that a CLI command talks to.</summary>
internal sealed record ServerTarget(ServiceDescriptor Service, ListenerDescriptor Listener)
{
    public static ServerTarget OAuth2Admin { get; } = Of(OAuth2Service.Descriptor, ListenerNames.Admin);

    public static ServerTarget OAuth2Public { get; } = Of(OAuth2Service.Descriptor, ListenerNames.Public);

    /// <summary>The environment variable that names the URL when no <c>--endpoint</c> is given.</summary>
    public string Variable => Listener.UrlVariable ?? $"TESSERA_{Service.Name.ToUpperInvariant()}_{Listener.Name.ToUpperInvariant()}_URL";

    /// <summary>The URL of a local server on the default port, as an example in help and errors.</summary>
    public string Example => $"http://127.0.0.1:{Listener.DefaultPort}";

    public static ServerTarget Of(ServiceDescriptor service, string listener) => new(service, service.Listener(listener));
}
