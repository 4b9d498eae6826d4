using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Keys;
using Tessera.Platform.Json;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// OpenID Connect ID tokens (OIDC Core §2), signed with the newest key of <c>hydra.openid.id-token</c>:
/// the standard claims, <c>at_hash</c>/<c>c_hash</c> when a token or code travels with it, and the
/// claims the consent app put in <c>session.id_token</c> (which cannot override the standard ones).
/// </summary>
internal sealed class IdTokenFactory(ProtocolOptions options, SigningKeys keys)
{
    private static readonly HashSet<string> Reserved =
        ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "c_hash", "acr", "amr", "sid", "jti", "rat", "azp"];

    public async Task<string> CreateAsync(GrantSession session, OAuth2Client client, DateTimeOffset now, TimeSpan ttl, string? accessToken, string? code, CancellationToken ct)
    {
        var claims = Claims(session, client, now);
        claims["exp"] = (now + ttl).ToUnixTimeSeconds();
        claims["jti"] = Guid.NewGuid().ToString();
        if (session.Nonce is not null)
        {
            claims["nonce"] = session.Nonce;
        }

        if (session.SessionId is not null)
        {
            claims["sid"] = session.SessionId;
        }

        var key = await keys.CurrentAsync(KeySetNames.IdToken, ct);
        return JsonWebSignature.Sign(WithHashes(claims, accessToken, code, JsonWebKeyConverter.Text(key, "alg") ?? "RS256"), key);
    }

    /// <summary>The claims about the authentication that ID tokens and the userinfo endpoint share.</summary>
    public JsonObject Claims(GrantSession session, OAuth2Client client, DateTimeOffset now)
    {
        var claims = new JsonObject();
        foreach (var (name, value) in session.IdTokenClaims)
        {
            if (!Reserved.Contains(name))
            {
                claims[name] = value?.DeepClone();
            }
        }

        claims["iss"] = options.Issuer;
        claims["sub"] = session.ObfuscatedSubject ?? session.Subject;
        claims["aud"] = new JsonArray(client.Id);
        claims["iat"] = now.ToUnixTimeSeconds();
        claims["rat"] = session.RequestedAt.ToUnixTimeSeconds();
        if (session.AuthTime is { } authTime)
        {
            claims["auth_time"] = authTime.ToUnixTimeSeconds();
        }

        if (session.Acr is { Length: > 0 } acr)
        {
            claims["acr"] = acr;
        }

        if (session.Amr.Count > 0)
        {
            claims["amr"] = JsonFields.Array(session.Amr);
        }

        return claims;
    }

    private static JsonObject WithHashes(JsonObject claims, string? accessToken, string? code, string alg)
    {
        if (accessToken is not null)
        {
            claims["at_hash"] = JsonWebSignature.HalfHash(accessToken, alg);
        }

        if (code is not null)
        {
            claims["c_hash"] = JsonWebSignature.HalfHash(code, alg);
        }

        return claims;
    }
}
