using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Http;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.OAuth2.Trust;
using Tessera.Platform.Configuration;
using Tessera.Platform.Crypto;
using Tessera.Platform.Hosting;
using Tessera.Platform.Outbound;
using Tessera.Platform.Services;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2;

/// <summary>
/// The started oauth2 service: its secrets, the protocol engine, the operations of the resources the admin
/// API manages (clients, keys, trusted issuers), and the endpoints of both listeners. The stores are made
/// here and handed to the operations; nothing outside reaches them.
/// </summary>
internal sealed partial class OAuth2Runtime : IServiceInstance
{
    private OAuth2Runtime(ServiceContext context, SecretKeys secrets, KeyStore keys, TrustStore trust)
    {
        Context = context;
        Secrets = secrets;
        var clients = new ClientStore(context.Database!);
        Box = new SecretBox(secrets);
        Tokens = new HmacTokenCodec(secrets);
        Hasher = new SecretHasher(
            context.Config.GetString("oauth2.hashers.algorithm") ?? "pbkdf2",
            context.Config.GetInt("oauth2.hashers.pbkdf2.iterations") ?? 25_000,
            context.Config.GetInt("oauth2.hashers.bcrypt.cost") ?? 10);
        Outbound = context.Outbound.CreateClient(
            new OutboundOptions
            {
                DisallowPrivateRanges = context.Config.GetBool("clients.http.disallow_private_ip_ranges") ?? false,
                ExceptionUrls = context.Config.GetStrings("clients.http.private_ip_exception_urls"),
            },
            context.Loggers.CreateLogger("Tessera.oauth2"));
        Protocol = new OAuth2Protocol(this, clients, keys, trust, ProtocolOptions.FromConfig(context.Config, context.Dev));
        var registrar = new ClientRegistrar(clients, Hasher, Tokens, new SectorIdentifierVerifier(Outbound), Outbound, context.Time);
        Clients = new ClientAdministration(clients, registrar, Tokens, context);
        Keys = new KeyAdministration(keys, context.Config.GetStrings("webfinger.jwks.broadcast_keys"));
        Trust = new TrustAdministration(trust);
    }

    /// <summary>The protocol engine: grants, tokens, flows.</summary>
    public OAuth2Protocol Protocol { get; }

    public ServiceContext Context { get; }

    /// <summary><c>secrets.system</c>, from which every purpose-bound key is derived.</summary>
    public SecretKeys Secrets { get; }

    /// <summary>
    /// Every call the server makes to a URL it was given: jwks_uri, sector_identifier_uri, back-channel
    /// logout, the token hook. <c>clients.http.disallow_private_ip_ranges</c> is enforced here, at connect
    /// time, with <c>clients.http.private_ip_exception_urls</c> exempt (as Hydra's one HTTP client does).
    /// </summary>
    public OutboundHttpClient Outbound { get; }

    /// <summary>The JSON Web Key sets: admin operations and the public JWKS.</summary>
    public KeyAdministration Keys { get; }

    /// <summary>The OAuth 2.0 clients: admin operations and dynamic registration.</summary>
    public ClientAdministration Clients { get; }

    /// <summary>Seals values at rest and in cookies under <c>secrets.system</c>.</summary>
    public SecretBox Box { get; }

    /// <summary>Mints and verifies opaque tokens (<c>ory_at_</c>, <c>ory_rt_</c>, <c>ory_ac_</c> …).</summary>
    public HmacTokenCodec Tokens { get; }

    /// <summary>Hashes client secrets (<c>oauth2.hashers</c>).</summary>
    public SecretHasher Hasher { get; }

    /// <summary>The trusted JWT-bearer issuers.</summary>
    public TrustAdministration Trust { get; }

    /// <summary>The creation of Hydra's key sets at start (<see cref="KeyStore.EnsureSetsInBackground"/>).</summary>
    private Task InitialKeys { get; init; } = Task.CompletedTask;

    /// <summary>Ready while the key sets are being created or exist; not once creating them has failed (every key operation would fail).</summary>
    public IReadOnlyList<ReadinessCheck> ReadinessChecks =>
    [
        new ReadinessCheck("keys", _ => Task.FromResult(!InitialKeys.IsFaulted))
        {
            Reason = () => InitialKeys.Exception?.InnerException is { } e ? $"creating the JSON Web Key sets failed: {e.Message}" : null,
        },
    ];

    public static Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
    {
        var logger = context.Loggers.CreateLogger("Tessera.oauth2");
        var secrets = ServiceSecrets.Read(context, "secrets.system", "sign tokens and encrypt keys at rest", logger);
        var keys = new KeyStore(context.Database!, new SecretBox(secrets), context.Time);
        // Hydra creates these on first start (with the memory DSN: every start). Generating RSA keys is
        // most of a start's time, so it runs in the background; the key store holds every key operation
        // (signing included) until the sets exist, and readiness turns false if creating them failed.
        var initialKeys = keys.EnsureSetsInBackground([KeySetNames.IdToken, KeySetNames.AccessToken], () => JsonWebKeyGenerator.Generate("RS256"), set => LogKeySetCreated(logger, set));
        _ = initialKeys.ContinueWith(t => LogKeySetsFailed(logger, t.Exception!.InnerException!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        if (context.Config.Get("oauth2.refresh_token_hook") is not null)
        {
            LogRefreshTokenHookIgnored(logger);
        }

        var trust = new TrustStore(context.Database!, keys, context.Time);
        return Task.FromResult<IServiceInstance>(new OAuth2Runtime(context, secrets, keys, trust) { InitialKeys = initialKeys });
    }

    public void MapEndpoints(string listener, IEndpointRouteBuilder listenerRoutes)
    {
        var routes = NoCacheRoutes.Group(listenerRoutes);
        if (listener == ListenerNames.Public)
        {
            PublicEndpoints.Map(routes, this);
            TokenEndpoints.Map(routes, this);
            RevocationEndpoints.Map(routes, this);
            AuthorizeEndpoints.Map(routes, this);
            FallbackEndpoints.Map(routes);
            UserinfoEndpoints.Map(routes, this);
            DiscoveryEndpoints.Map(routes, this);
            LogoutEndpoints.Map(routes, this);
            DeviceEndpoints.Map(routes, this);
            RegistrationEndpoints.Map(routes, this);
        }
        else if (listener == ListenerNames.Admin)
        {
            AdminKeyEndpoints.Map(routes, this);
            AdminTrustEndpoints.Map(routes, this);
            IntrospectionEndpoints.Map(routes, this);
            AdminFlowEndpoints.Map(routes, this);
            AdminSessionEndpoints.Map(routes, this);
            AdminDeviceEndpoints.Map(routes, this);
            AdminClientEndpoints.Map(routes, this);
            AdminFlushEndpoints.Map(routes, this);
        }
    }

    public ErrorWriter? ErrorWriter(string listener) => listener == ListenerNames.Public ? OAuth2ErrorWriter.WriteAsync : null;

    [LoggerMessage(4002, LogLevel.Warning, "oauth2.refresh_token_hook (Hydra's deprecated hook) is not supported and is not called; oauth2.token_hook is called for every grant, refresh_token included", EventName = "RefreshTokenHookIgnored")]
    private static partial void LogRefreshTokenHookIgnored(ILogger logger);

    [LoggerMessage(4003, LogLevel.Error, "Creating the JSON Web Key sets failed; key operations and token signing fail until a restart", EventName = "KeySetsFailed")]
    private static partial void LogKeySetsFailed(ILogger logger, Exception exception);

    [LoggerMessage(4000, LogLevel.Information, "Created JSON Web Key set {Set}", EventName = "KeySetCreated")]
    private static partial void LogKeySetCreated(ILogger logger, string set);
}
