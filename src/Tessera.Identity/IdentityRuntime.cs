using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Storage;
using Tessera.Platform.Hosting;
using Tessera.Platform.Services;

namespace Tessera.Identity;

/// <summary>
/// The started identity service: the operations of the resources its APIs manage, and the endpoints
/// of both listeners. The stores are made here and handed to the operations; nothing outside reaches them.
/// </summary>
internal sealed class IdentityRuntime : IServiceInstance
{
    private IdentityRuntime(ServiceContext context)
    {
        Context = context;
        Identities = new IdentityStore(context.Database!);
    }

    public ServiceContext Context { get; }

    private IdentityStore Identities { get; }

    public static Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
        => Task.FromResult<IServiceInstance>(new IdentityRuntime(context));

    public void MapEndpoints(string listener, IEndpointRouteBuilder routes)
    {
    }

    public ErrorWriter? ErrorWriter(string listener) => null;
}
