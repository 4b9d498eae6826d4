using Tessera.OAuth2.Protocol.Hooks;
using Microsoft.Extensions.Logging;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Protocol.Grants;
using Tessera.Platform.Crypto;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol;

/// <summary>The protocol engine of the oauth2 service, composed once at start from its stores and options.</summary>
internal sealed class OAuth2Protocol
{
    public OAuth2Protocol(OAuth2Runtime runtime, ProtocolOptions options)
    {
        var time = runtime.Context.Time;
        Options = options;
        Tokens = new TokenStore(runtime.Context.Database!, options.EncryptSessionAtRest ? runtime.Box : null);
        SigningKeys = new SigningKeys(runtime.Keys);
        JwtAccessTokens = new JwtAccessTokens(options, SigningKeys);
        IdTokens = new IdTokenFactory(options, SigningKeys);
        var hook = new TokenHook(TokenHookTarget.From(runtime.Context.Config), options, runtime.Outbound, runtime.Context.Loggers.CreateLogger("Tessera.oauth2"));
        Issuer = new TokenIssuer(options, runtime.Tokens, JwtAccessTokens, IdTokens, hook, time);
        var database = runtime.Context.Database!;
        var jtis = new JtiStore(database, time);
        var clientAssertions = new ClientAssertionValidator(jtis, new RemoteKeySetFetcher(runtime.Outbound, time), time);
        Authenticator = new ClientAuthenticator(runtime.Clients, runtime.Hasher,
            (client, credentials, ct) => clientAssertions.ValidateAsync(client, credentials.AssertionType ?? "", credentials.Assertion ?? "", [options.TokenUrl], ct));
        var jwtBearer = new JwtBearerGrantValidator(runtime.Trust, runtime.Keys, jtis, time,
            JwtBearerOptions.From(runtime.Context.Config) with { ScopeAllowed = options.Scopes.Allows });
        Token = new TokenEndpoint(
            Authenticator,
            new ClientCredentialsGrant(options, Issuer, Tokens, time),
            new AuthorizationCodeGrant(Issuer, Tokens, runtime.Tokens, time),
            new RefreshTokenGrant(options, Issuer, Tokens, runtime.Tokens, time),
            new DeviceCodeGrant(Issuer, Tokens, runtime.Tokens, options.DevicePollingInterval, time),
            new JwtBearerGrant(options, jwtBearer, Issuer, Tokens, time));
        var finder = new TokenFinder(Tokens, runtime.Tokens, JwtAccessTokens);
        Introspection = new Introspection(options, finder, time);
        Revocation = new Revocation(Authenticator, Tokens, finder);
        Userinfo = new Userinfo(finder, runtime.Clients, IdTokens, SigningKeys, time);

        FlowStore = new FlowStore(database);
        LoginSessions = new LoginSessionStore(database);
        var cookieSecrets = runtime.Context.Config.GetStrings("secrets.cookie");
        var cookies = new FlowCookies(options, cookieSecrets.Count > 0 ? new SecretBox(new SecretKeys(cookieSecrets)) : runtime.Box);
        Authorize = new AuthorizeFlow(
            options, new AuthorizeRequestValidator(options, runtime.Clients, SigningKeys), runtime.Clients, FlowStore, LoginSessions, cookies,
            new AuthorizationIssuer(options, Issuer, IdTokens, Tokens, runtime.Tokens), new DeviceAuthorizer(options, Tokens), time);
        Devices = new DeviceFlow(options, Authenticator, Tokens, FlowStore, runtime.Tokens, new UserCodes(runtime.Secrets), cookies, Authorize, time);
        Flows = new FlowAdministration(options, FlowStore, runtime.Clients, time);
        Sessions = new SessionAdministration(FlowStore, LoginSessions, Tokens, runtime.Clients);
        var notifier = new LogoutNotifier(options, FlowStore, runtime.Clients, SigningKeys, runtime.Outbound, time, runtime.Context.Loggers.CreateLogger("Tessera.oauth2"));
        Sessions.LoginSessionEnded = (sid, subject, ct) => notifier.NotifyAsync(sid, subject, ct);
        Logout = new LogoutFlow(options, new LogoutStore(database), LoginSessions, FlowStore, runtime.Clients, cookies, SigningKeys, notifier, time);
    }

    public LogoutFlow Logout { get; }

    public SessionAdministration Sessions { get; }

    public FlowStore FlowStore { get; }

    public LoginSessionStore LoginSessions { get; }

    public AuthorizeFlow Authorize { get; }

    public DeviceFlow Devices { get; }

    public FlowAdministration Flows { get; }

    public ProtocolOptions Options { get; }

    public SigningKeys SigningKeys { get; }

    public JwtAccessTokens JwtAccessTokens { get; }

    public IdTokenFactory IdTokens { get; }

    public TokenStore Tokens { get; }

    public TokenIssuer Issuer { get; }

    public ClientAuthenticator Authenticator { get; }

    public TokenEndpoint Token { get; }

    public Introspection Introspection { get; }

    public Revocation Revocation { get; }

    public Userinfo Userinfo { get; }
}
