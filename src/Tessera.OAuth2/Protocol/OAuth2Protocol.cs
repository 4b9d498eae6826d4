using Tessera.OAuth2.Protocol.Hooks;
using Microsoft.Extensions.Logging;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Protocol.Grants;
using Tessera.Platform.Crypto;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// The protocol engine of the oauth2 service, composed once at start from its stores and options. The
/// stores stay inside: callers get the operations (grants, flows, sessions, flush), never a store.
/// </summary>
internal sealed class OAuth2Protocol
{
    public OAuth2Protocol(OAuth2Runtime runtime, ClientStore clients, KeyStore keys, TrustStore trust, ProtocolOptions options)
    {
        var time = runtime.Context.Time;
        Options = options;
        var database = runtime.Context.Database!;
        var tokens = new TokenStore(database, options.EncryptSessionAtRest ? runtime.Box : null);
        SigningKeys = new SigningKeys(keys);
        JwtAccessTokens = new JwtAccessTokens(options, SigningKeys);
        IdTokens = new IdTokenFactory(options, SigningKeys);
        var hook = new TokenHook(TokenHookTarget.From(runtime.Context.Config), options, runtime.Outbound, runtime.Context.Loggers.CreateLogger("Tessera.oauth2"));
        Issuer = new TokenIssuer(options, runtime.Tokens, JwtAccessTokens, IdTokens, hook, time);
        var jtis = new JtiStore(database, time);
        var clientAssertions = new ClientAssertionValidator(jtis, new RemoteKeySetFetcher(runtime.Outbound, time), time);
        Authenticator = new ClientAuthenticator(clients, runtime.Hasher,
            (client, credentials, ct) => clientAssertions.ValidateAsync(client, credentials.AssertionType ?? "", credentials.Assertion ?? "", [options.TokenUrl], ct));
        var jwtBearer = new JwtBearerGrantValidator(trust, keys, jtis, time,
            JwtBearerOptions.From(runtime.Context.Config) with { ScopeAllowed = options.Scopes.Allows });
        Token = new TokenEndpoint(
            Authenticator,
            new ClientCredentialsGrant(options, Issuer, tokens, time),
            new AuthorizationCodeGrant(Issuer, tokens, runtime.Tokens, time),
            new RefreshTokenGrant(options, Issuer, tokens, runtime.Tokens, time),
            new DeviceCodeGrant(Issuer, tokens, runtime.Tokens, options.DevicePollingInterval, time),
            new JwtBearerGrant(options, jwtBearer, Issuer, tokens, time));
        var finder = new TokenFinder(tokens, runtime.Tokens, JwtAccessTokens);
        Introspection = new Introspection(options, finder, time);
        Revocation = new Revocation(Authenticator, tokens, finder);
        Userinfo = new Userinfo(finder, clients, IdTokens, SigningKeys, time);

        var flows = new FlowStore(database);
        var loginSessions = new LoginSessionStore(database);
        var cookieSecrets = runtime.Context.Config.GetStrings("secrets.cookie");
        var cookies = new FlowCookies(options, cookieSecrets.Count > 0 ? new SecretBox(new SecretKeys(cookieSecrets)) : runtime.Box);
        Authorize = new AuthorizeFlow(
            options, new AuthorizeRequestValidator(options, clients, SigningKeys), clients, flows, loginSessions, cookies,
            new AuthorizationIssuer(options, Issuer, IdTokens, tokens, runtime.Tokens), new DeviceAuthorizer(options, tokens), time);
        Devices = new DeviceFlow(options, Authenticator, tokens, flows, runtime.Tokens, new UserCodes(runtime.Secrets), cookies, Authorize, time);
        Flows = new FlowAdministration(flows, clients, time);
        Sessions = new SessionAdministration(flows, loginSessions, tokens, clients);
        var notifier = new LogoutNotifier(options, flows, clients, SigningKeys, runtime.Outbound, time, runtime.Context.Loggers.CreateLogger("Tessera.oauth2"));
        Sessions.LoginSessionEnded = (sid, subject, ct) => notifier.NotifyAsync(sid, subject, ct);
        Flush = new TokenFlush(new Janitor(database, time), time);
        Logout = new LogoutFlow(options, new LogoutStore(database), loginSessions, flows, clients, cookies, SigningKeys, notifier, time);
    }

    public LogoutFlow Logout { get; }

    public SessionAdministration Sessions { get; }

    public AuthorizeFlow Authorize { get; }

    public DeviceFlow Devices { get; }

    public FlowAdministration Flows { get; }

    public ProtocolOptions Options { get; }

    public SigningKeys SigningKeys { get; }

    public JwtAccessTokens JwtAccessTokens { get; }

    public IdTokenFactory IdTokens { get; }

    public TokenIssuer Issuer { get; }

    public ClientAuthenticator Authenticator { get; }

    public TokenEndpoint Token { get; }

    public Introspection Introspection { get; }

    public Revocation Revocation { get; }

    public Userinfo Userinfo { get; }

    /// <summary>The flush endpoint's deletion of expired and inactive tokens.</summary>
    public TokenFlush Flush { get; }
}
