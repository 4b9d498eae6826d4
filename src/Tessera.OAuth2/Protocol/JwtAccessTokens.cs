using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Access tokens in the <c>jwt</c> strategy, signed with <c>hydra.jwt.access-token</c> in Hydra's claim
/// layout (<c>client_id</c>, <c>scp</c> and/or <c>scope</c> per <c>strategies.jwt.scope_claim</c>, extra
/// claims under <c>ext</c>). They are still stored by signature, so revocation and introspection work.
/// Extra claims named in <c>oauth2.allowed_top_level_claims</c> are also set at the top level, unless the
/// name is one of the token's own claims; <c>oauth2.mirror_top_level_claims: false</c> then takes them out
/// of <c>ext</c>.
/// </summary>
internal sealed class JwtAccessTokens(ProtocolOptions options, SigningKeys keys)
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "iss", "sub", "aud", "client_id", "exp", "iat", "nbf", "jti", "ext", "scp", "scope" };

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
        };
        if (!options.ExcludeNotBeforeClaim)
        {
            claims["nbf"] = now.ToUnixTimeSeconds();
        }

        claims["jti"] = Guid.NewGuid().ToString();
        var ext = (JsonObject)session.AccessTokenClaims.DeepClone();
        foreach (var name in options.AllowedTopLevelClaims)
        {
            if (!Reserved.Contains(name) && ext.TryGetPropertyValue(name, out var value))
            {
                claims[name] = value?.DeepClone();
                if (!options.MirrorTopLevelClaims)
                {
                    ext.Remove(name);
                }
            }
        }

        claims["ext"] = ext;
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
