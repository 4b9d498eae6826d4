using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Access tokens in the <c>jwt</c> strategy, signed with <c>hydra.jwt.access-token</c> in Hydra's claim
/// layout (<c>client_id</c>, <c>scp</c> and/or <c>scope</c> per <c>strategies.jwt.scope_claim</c>, extra
/// claims under <c>ext</c>). They are still stored by signature, so revocation and introspection work.
/// </summary>
internal sealed class JwtAccessTokens(ProtocolOptions options, SigningKeys keys)
{
    public Task<string> SignAsync(GrantSession session, DateTimeOffset now, DateTimeOffset expires, CancellationToken ct)
    {
        var claims = new JsonObject
        {
            ["iss"] = options.Issuer,
            ["sub"] = session.Subject,
            ["aud"] = JsonFields.Array(session.GrantedAudience),
            ["client_id"] = session.ClientId,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["ext"] = session.AccessTokenClaims.DeepClone(),
        };
        if (options.JwtScopeClaim is "list" or "both")
        {
            claims["scp"] = JsonFields.Array(session.GrantedScopes);
        }

        if (options.JwtScopeClaim is "string" or "both")
        {
            claims["scope"] = string.Join(' ', session.GrantedScopes);
        }

        return keys.SignAsync(KeySetNames.AccessToken, claims, ct);
    }

    /// <summary>The stored signature of a JWT access token this server signed, or null.</summary>
    public async Task<string?> SignatureOfAsync(string token, CancellationToken ct)
        => token.Count(c => c == '.') == 2 && await keys.VerifyAsync(KeySetNames.AccessToken, token, ct) is not null
            ? token[(token.LastIndexOf('.') + 1)..]
            : null;
}
