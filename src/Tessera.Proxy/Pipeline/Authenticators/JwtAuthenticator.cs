using Tessera.Platform.Scopes;
using Tessera.Proxy.Pipeline.Credentials;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>jwt</c>: a request carrying a token where <c>token_from</c> says (default <c>Authorization: Bearer …</c>)
/// that has the three parts of a compact JWS is verified (<see cref="JwtVerifier"/>) against the keys of
/// <c>jwks_urls</c> with <c>allowed_algorithms</c> (default RS256), <c>target_audience</c>,
/// <c>trusted_issuers</c>, <c>required_scope</c> and <c>scope_strategy</c> (default none). Without such a
/// token it is not responsible; a token that fails is 401. The subject is <c>sub</c>, extra every claim.
/// </summary>
internal sealed class JwtAuthenticator(TokenLocation from, JwtValidation validation, KeySetResolver keys, TimeProvider time) : IAuthenticator
{
    public static HandlerFactory<IAuthenticator> Factory { get; } = new("jwt", Create);

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var token = from.Read(request);

        // Only a token with three parts is ours, so that bearer_token or oauth2_introspection can follow for opaque tokens.
        if (token.Length == 0 || token.AsSpan().Count('.') != 2)
        {
            return AuthenticationOutcome.NotResponsible;
        }

        var verified = await JwtVerifier.VerifyAsync(token, validation, keys, time, ct);
        if (verified.Claims is not { } claims)
        {
            return AuthenticationOutcome.Failed(PipelineError.Unauthorized with { Reason = verified.Problem });
        }

        session.Subject = JwtClaims.Text(claims, "sub");
        session.Extra = claims;
        return AuthenticationOutcome.Authenticated;
    }

    private static JwtAuthenticator Create(HandlerConfig config)
    {
        config.AllowOnly("required_scope", "target_audience", "trusted_issuers", "allowed_algorithms", "jwks_urls", "jwks_max_wait", "jwks_ttl", "scope_strategy", "token_from");

        // Read once for the whole service (KeySetResolver); checked here so that a bad value names its key.
        _ = config.Duration("jwks_max_wait");
        _ = config.Duration("jwks_ttl");
        var written = config.Strings("jwks_urls") ?? throw config.Fail("jwks_urls", "is required");
        var urls = written.Select((url, i) => KeySetUrl.Normalize(url) ?? throw config.Fail($"jwks_urls[{i}]", $"\"{url}\" is not a file://, http:// or https:// URL")).ToList();

        var algorithms = config.Strings("allowed_algorithms") is { Count: > 0 } allowed ? allowed : ["RS256"];
        var strategyName = config.String("scope_strategy") ?? "none";
        var strategy = ScopeStrategy.FromOathkeeperName(strategyName, out var known);
        if (!known)
        {
            throw config.Fail("scope_strategy", $"\"{strategyName}\" is not one of hierarchic, exact, wildcard, none");
        }

        var validation = new JwtValidation(
            algorithms,
            urls,
            config.Strings("trusted_issuers") ?? [],
            config.Strings("target_audience") ?? [],
            config.Strings("required_scope") ?? [],
            strategy);
        var keys = config.Services.KeySets ?? throw new InvalidOperationException("The jwt authenticator needs the service's key sets.");
        return new JwtAuthenticator(TokenLocation.FromConfig(config), validation, keys, config.Services.Time);
    }
}
