using Microsoft.AspNetCore.Routing;
using Tessera.Identity.Flows;
using Tessera.Identity.Flows.Methods;
using Tessera.Identity.Http;
using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;
using Tessera.Identity.Storage;
using Tessera.Platform.Hosting;
using Tessera.Platform.Services;

namespace Tessera.Identity;

/// <summary>
/// The started identity service: the identity schemas, the operations of the resources its APIs
/// manage, and the endpoints of both listeners. The stores are made here and handed to the
/// operations; nothing outside reaches them.
/// </summary>
internal sealed class IdentityRuntime : IServiceInstance
{
    private IdentityRuntime(ServiceContext context, SchemaCatalog schemas)
    {
        Context = context;
        Schemas = schemas;
        Identities = new IdentityAdministration(new IdentityStore(context.Database!), schemas, context.Time);
        var port = IdentityService.Descriptor.Listener(ListenerNames.Public).DefaultPort;
        PublicBaseUrl = context.Config.GetString("serve.public.base_url") is { Length: > 0 } baseUrl
            ? baseUrl
            : $"http://127.0.0.1:{context.Config.GetInt("serve.public.port") ?? port}/";
        Flows = new SelfServiceFlows(
            new FlowStore(context.Database!), schemas, FlowOptions.FromConfig(context.Config, PublicBaseUrl, context.Dev),
            new FlowMethods([new ProfileMethod(), new PasswordForm()]), context.Time);
    }

    public ServiceContext Context { get; }

    /// <summary>The identity schemas of <c>identity.schemas</c>.</summary>
    public SchemaCatalog Schemas { get; }

    /// <summary>The identities: admin operations.</summary>
    public IdentityAdministration Identities { get; }

    /// <summary>The self-service flows (login, registration) and their methods.</summary>
    public SelfServiceFlows Flows { get; }

    /// <summary><c>serve.public.base_url</c>, or the public listener on loopback, as Kratos defaults it.</summary>
    public string PublicBaseUrl { get; }

    public static Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
        => Task.FromResult<IServiceInstance>(new IdentityRuntime(context, SchemaCatalog.FromConfig(context.Config)));

    public void MapEndpoints(string listener, IEndpointRouteBuilder routes)
    {
        SchemaEndpoints.Map(routes, Schemas);
        if (listener == ListenerNames.Public)
        {
            SelfServiceEndpoints.Map(routes, Flows);
        }

        if (listener == ListenerNames.Admin)
        {
            SchemaEndpoints.Map(routes, Schemas, "/admin");
            AdminIdentityEndpoints.Map(routes, Identities, PublicBaseUrl);
        }
    }

    public ErrorWriter? ErrorWriter(string listener) => null;
}
