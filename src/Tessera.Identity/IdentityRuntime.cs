using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.Identity.Credentials;
using Tessera.Identity.Flows;
using Tessera.Identity.Flows.Logout;
using Tessera.Identity.Flows.Methods;
using Tessera.Identity.Flows.Settings;
using Tessera.Identity.Hooks;
using Tessera.Identity.Http;
using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;
using Tessera.Identity.Sessions;
using Tessera.Identity.Storage;
using Tessera.Identity.Throttle;
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
        var identityStore = new IdentityStore(context.Database!);
        Hashes = new PasswordHashes(PasswordHasherConfig.FromConfig(context.Config, context.Dev));
        Identities = new IdentityAdministration(identityStore, schemas, new IdentityComposer(schemas, Hashes), context.Time);
        Batch = new IdentityBatch(Identities, identityStore);
        var codeIsFirstFactor = (context.Config.GetBool("selfservice.methods.code.enabled") ?? true)
            && (context.Config.GetBool("selfservice.methods.code.passwordless_enabled") ?? false);
        CredentialRemoval = new CredentialRemoval(identityStore, codeIsFirstFactor, context.Time);
        Passwords = new PasswordLogin(identityStore, Hashes, context.Time);
        PasswordPolicy = new PasswordPolicy(PasswordPolicyOptions.FromConfig(context.Config));
        LoginThrottle = new LoginThrottle(new LoginThrottleStore(context.Database!), LoginThrottleOptions.FromConfig(context.Config), context.Time);
        var port = IdentityService.Descriptor.Listener(ListenerNames.Public).DefaultPort;
        PublicBaseUrl = context.Config.GetString("serve.public.base_url") is { Length: > 0 } baseUrl
            ? baseUrl
            : $"http://127.0.0.1:{context.Config.GetInt("serve.public.port") ?? port}/";
        AdminBaseUrl = Config.AdminBaseUrl.FromConfig(context.Config, context.Dev, IdentityService.Descriptor.Listener(ListenerNames.Admin).DefaultPort);

        var sessionOptions = SessionOptions.FromConfig(context.Config, context.Dev);
        var sessionStore = new SessionStore(context.Database!);
        var cookies = new SessionCookieCodec(SessionSecrets.Read(context.Config, context.Loggers.CreateLogger("Tessera.Identity.Sessions")));
        SessionIssuer = new SessionIssuer(sessionStore, sessionOptions, cookies, context.Time);
        SessionAuthentication = new SessionAuthentication(sessionStore, cookies, context.Time);
        Sessions = new SessionAdministration(sessionStore, identityStore, sessionOptions, context.Time);
        SessionTokenizer = new SessionTokenizer(SessionTokenizer.TemplatesFromConfig(context.Config), PublicBaseUrl, context.Time);
        var flowOptions = FlowOptions.FromConfig(context.Config, PublicBaseUrl, context.Dev);
        var composer = new IdentityComposer(schemas, Hashes);
        var webHooks = new WebHookCaller(outbound, context.Loggers.CreateLogger("Tessera.Identity.Hooks"));
        var hooks = FlowHooks.FromConfig(context.Config);
        var completer = new FlowCompleter(identityStore, SessionIssuer, SessionAuthentication, hooks, flowOptions, webHooks, composer, context.Time);
        var password = new PasswordMethod(new PasswordForm(), Passwords, PasswordPolicy, Hashes, composer, LoginThrottle);
        Flows = new SelfServiceFlows(
            new FlowStore(context.Database!), schemas, flowOptions, new FlowMethods([new ProfileMethod(), new IdentifierFirstMethod(Passwords), password]), completer, context.Time);
        var settingsOptions = SettingsOptions.FromConfig(context.Config);
        Settings = new SettingsFlows(
            new FlowStore(context.Database!), Flows, schemas, Identities, SessionAuthentication, settingsOptions, hooks, webHooks,
            [new ProfileSettings(Identities), new PasswordSettings(Passwords, PasswordPolicy, Identities)], PublicIdentity, context.Time);
        Logout = new LogoutFlows(Flows, SessionAuthentication, SessionIssuer, settingsOptions);
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

    /// <summary>Issues sessions: what the self-service flows call after a login or registration.</summary>
    public SessionIssuer SessionIssuer { get; }

    /// <summary>Finds the session a request presents (cookie value or token).</summary>
    public SessionAuthentication SessionAuthentication { get; }

    /// <summary>The sessions: admin operations.</summary>
    public SessionAdministration Sessions { get; }

    /// <summary><c>session.whoami.tokenizer.templates</c>: sessions as JWTs.</summary>
    public SessionTokenizer SessionTokenizer { get; }

    /// <summary>The password policy (<c>selfservice.methods.password.config</c>) the registration and settings flows apply.</summary>
    public PasswordPolicy PasswordPolicy { get; }

    /// <summary>The failed-login throttle (<c>selfservice.methods.password.config.login_throttle</c>) the login flow asks and tells.</summary>
    public LoginThrottle LoginThrottle { get; }

    /// <summary>The batch of creates of <c>PATCH /admin/identities</c>.</summary>
    public IdentityBatch Batch { get; }

    /// <summary><c>DELETE /admin/identities/{id}/credentials/{type}</c>.</summary>
    public CredentialRemoval CredentialRemoval { get; }

    /// <summary>Password login and password change, for the self-service flows.</summary>
    public PasswordLogin Passwords { get; }

    /// <summary>The self-service flows (login, registration) and their methods.</summary>
    public SelfServiceFlows Flows { get; }

    /// <summary>The settings flow (profile and password).</summary>
    public SettingsFlows Settings { get; }

    /// <summary>Browser and API logout.</summary>
    public LogoutFlows Logout { get; }

    /// <summary><c>serve.public.base_url</c>, or the public listener on loopback, as Kratos defaults it.</summary>
    public string PublicBaseUrl { get; }

    /// <summary>Kratos's <c>SelfAdminURL</c>: <c>serve.admin.base_url</c>, or the admin listener's URL as Kratos defaults it.</summary>
    public string AdminBaseUrl { get; }

    public static async Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
    {
        var logger = context.Loggers.CreateLogger("Tessera.identity");
        var outbound = context.Outbound.CreateClient(new OutboundOptions(), logger);
        try
        {
            return new IdentityRuntime(context, await SchemaCatalog.FromConfigAsync(context.Config, context.Dev, outbound, logger, ct), outbound);
        }
        catch
        {
            outbound.Dispose();
            throw;
        }
    }

    public void MapEndpoints(string listener, IEndpointRouteBuilder listenerRoutes)
    {
        var routes = NoCacheRoutes.Group(listenerRoutes);
        SchemaEndpoints.Map(routes, Schemas);
        if (listener == ListenerNames.Public)
        {
            var view = new CompletedFlowView(SessionIssuer, Context.Time, PublicBaseUrl);
            SelfServiceEndpoints.Map(routes, Flows, view);
            SettingsEndpoints.Map(routes, Flows, Settings, Logout, view);
        }

        if (listener == ListenerNames.Admin)
        {
            SchemaEndpoints.Map(routes, Schemas, "/admin");
            foreach (var prefix in new[] { "/admin", "" })
            {
                AdminIdentityEndpoints.Map(routes, prefix, Identities, Batch, CredentialRemoval, PublicBaseUrl, AdminBaseUrl);
                AdminSessionEndpoints.Map(routes, prefix, Sessions, PublicBaseUrl);
            }
        }
        else
        {
            PublicSessionEndpoints.Map(routes, SessionAuthentication, SessionIssuer, SessionTokenizer, Context.Time, PublicBaseUrl);
        }
    }

    public ErrorWriter? ErrorWriter(string listener) => null;

    /// <summary>The identity as the public API shows it in a settings flow: addresses, no credentials, no admin metadata.</summary>
    private JsonObject PublicIdentity(IdentityRecord identity, IdentityParts parts)
    {
        var json = IdentityView.Render(identity, PublicBaseUrl, parts with { Identifiers = [], Credentials = [] });
        json.Remove("metadata_admin");
        return json;
    }
}
