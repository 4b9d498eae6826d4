using Tessera.Proxy.Pipeline.Authenticators;
using Tessera.Proxy.Pipeline.Authorizers;
using Tessera.Proxy.Pipeline.Errors;
using Tessera.Proxy.Pipeline.Mutators;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Every handler Tessera has, by kind. A network handler (jwt, remote_json, hydrator, …) is added by writing
/// its class with a <see cref="HandlerFactory{T}"/> and listing the factory here; until then enabling one of
/// the names in <see cref="Pending"/> refuses to start, and a rule naming it is invalid (answered 500).
/// </summary>
internal static class HandlerCatalog
{
    public static IReadOnlyList<HandlerFactory<IAuthenticator>> Authenticators { get; } =
        [
            NoopAuthenticator.Factory, AnonymousAuthenticator.Factory, UnauthorizedAuthenticator.Factory, CookieSessionAuthenticator.Factory,
            BearerTokenAuthenticator.Factory, OAuth2IntrospectionAuthenticator.Factory, OAuth2ClientCredentialsAuthenticator.Factory, JwtAuthenticator.Factory,
        ];

    public static IReadOnlyList<HandlerFactory<IAuthorizer>> Authorizers { get; } = [AllowAuthorizer.Factory, DenyAuthorizer.Factory, RemoteAuthorizer.Factory, RemoteJsonAuthorizer.Factory];

    public static IReadOnlyList<HandlerFactory<IMutator>> Mutators { get; } =
        [NoopMutator.Factory, HeaderMutator.Factory, CookieMutator.Factory, HydratorMutator.Factory, IdTokenMutator.Factory];

    public static IReadOnlyList<HandlerFactory<IErrorHandler>> ErrorHandlers { get; } =
        [JsonErrorHandler.Factory, RedirectErrorHandler.Factory, WwwAuthenticateErrorHandler.Factory];

    /// <summary>Oathkeeper's handlers that Tessera does not have yet, by section.</summary>
    public static IReadOnlyDictionary<HandlerKind, string[]> Pending { get; } = new Dictionary<HandlerKind, string[]>
    {
        [HandlerKind.Authenticator] = [],
        [HandlerKind.Authorizer] = [],
        [HandlerKind.Mutator] = [],
        [HandlerKind.ErrorHandler] = [],
    };

    /// <summary>Handlers Oathkeeper deprecated that Tessera refuses, with why.</summary>
    public static IReadOnlyDictionary<(HandlerKind, string), string> Refused { get; } = new Dictionary<(HandlerKind, string), string>
    {
        [(HandlerKind.Authorizer, "keto_engine_acp_ory")] =
            "is Ory Keto's removed ACP engine (deprecated by Oathkeeper, gone from Keto since v0.6); use the remote_json authorizer against Keto's check API instead",
    };
}
