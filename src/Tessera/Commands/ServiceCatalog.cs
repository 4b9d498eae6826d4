using Tessera.Identity;
using Tessera.OAuth2;
using Tessera.Platform.Services;
using Tessera.Proxy;

namespace Tessera.Commands;

/// <summary>Every service this binary carries, in the order `serve all` starts them.</summary>
internal static class ServiceCatalog
{
    public static IReadOnlyList<ServiceDescriptor> All { get; } =
        [OAuth2Service.Descriptor, IdentityService.Descriptor, ProxyService.Descriptor];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static ServiceDescriptor? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
