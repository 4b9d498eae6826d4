using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.Identity.Credentials;
using Tessera.Identity.Http;
using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;
using Tessera.Identity.Storage;
using Tessera.Platform.Hosting;
using Tessera.Platform.Outbound;
using Tessera.Platform.Services;

namespace Tessera.Identity;

/// <summary>
/// The started identity service: the identity schemas, the operations of the resources its APIs
/// manage, and the endpoints of both listeners. The stores are made here and handed to the
/// operations; nothing outside reaches them.
/// </summary>
internal sealed class IdentityRuntime : IServiceInstance
{
    private IdentityRuntime(ServiceContext context, SchemaCatalog schemas, OutboundHttpClient outbound)
    {
        Context = context;
        Schemas = schemas;
        Outbound = outbound;
        var store = new IdentityStore(context.Database!);
        Hashes = new PasswordHashes(PasswordHasherConfig.FromConfig(context.Config, context.Dev));
        Identities = new IdentityAdministration(store, schemas, new IdentityComposer(schemas, Hashes), context.Time);
        Batch = new IdentityBatch(Identities, store);
        var codeIsFirstFactor = (context.Config.GetBool("selfservice.methods.code.enabled") ?? true)
            && (context.Config.GetBool("selfservice.methods.code.passwordless_enabled") ?? false);
        CredentialRemoval = new CredentialRemoval(store, codeIsFirstFactor, context.Time);
        Passwords = new PasswordLogin(store, Hashes, context.Time);
        var port = IdentityService.Descriptor.Listener(ListenerNames.Public).DefaultPort;
        PublicBaseUrl = context.Config.GetString("serve.public.base_url") is { Length: > 0 } baseUrl
            ? baseUrl
            : $"http://127.0.0.1:{context.Config.GetInt("serve.public.port") ?? port}/";
    }

    public ServiceContext Context { get; }

    /// <summary>The identity schemas of <c>identity.schemas</c>.</summary>
    public SchemaCatalog Schemas { get; }

    /// <summary>The service's one client for URLs it is given (http(s) schema URLs, later hooks).</summary>
    public OutboundHttpClient Outbound { get; }

    /// <summary>The configured password hasher (<c>hashers.*</c>) and every import format.</summary>
    public PasswordHashes Hashes { get; }

    /// <summary>The identities: admin operations.</summary>
    public IdentityAdministration Identities { get; }

    /// <summary>The batch of creates of <c>PATCH /admin/identities</c>.</summary>
    public IdentityBatch Batch { get; }

    /// <summary><c>DELETE /admin/identities/{id}/credentials/{type}</c>.</summary>
    public CredentialRemoval CredentialRemoval { get; }

    /// <summary>Password login and password change, for the self-service flows.</summary>
    public PasswordLogin Passwords { get; }

    /// <summary><c>serve.public.base_url</c>, or the public listener on loopback, as Kratos defaults it.</summary>
    public string PublicBaseUrl { get; }

    public static async Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
    {
        var outbound = context.Outbound.CreateClient(new OutboundOptions(), context.Loggers.CreateLogger("Tessera.identity"));
        try
        {
            return new IdentityRuntime(context, await SchemaCatalog.FromConfigAsync(context.Config, outbound, ct), outbound);
        }
        catch
        {
            outbound.Dispose();
            throw;
        }
    }

    public void MapEndpoints(string listener, IEndpointRouteBuilder routes)
    {
        SchemaEndpoints.Map(routes, Schemas);
        if (listener == ListenerNames.Admin)
        {
            SchemaEndpoints.Map(routes, Schemas, "/admin");
            AdminIdentityEndpoints.Map(routes, Identities, Batch, CredentialRemoval, PublicBaseUrl);
        }
    }

    public ErrorWriter? ErrorWriter(string listener) => null;
}
