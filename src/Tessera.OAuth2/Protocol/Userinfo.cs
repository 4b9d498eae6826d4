using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// OIDC Core §5.3: the claims of the authentication behind an access token, as JSON or — when the client
/// registered <c>userinfo_signed_response_alg</c> — as a JWT signed with the ID token key set.
/// </summary>
internal sealed class Userinfo(TokenFinder finder, ClientStore clients, IdTokenFactory idTokens, SigningKeys keys, TimeProvider time)
{
    public async Task<(JsonObject? Claims, string? Jwt, OAuth2Error? Error)> GetAsync(string? accessToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(accessToken))
        {
            return (null, null, OAuth2Error.RequestUnauthorized("The request could not be authorized: send the access token as a Bearer token."));
        }

        var now = time.GetUtcNow();
        var token = await finder.FindAsync(accessToken, ct);
        if (token is null || !token.Active || token.IsExpired(now))
        {
            return (null, null, OAuth2Error.RequestUnauthorized("The access token is inactive, expired or unknown."));
        }

        if (token.Kind != TokenKind.Access)
        {
            return (null, null, OAuth2Error.InvalidToken("Only access tokens are allowed in the authorization header."));
        }

        var client = await clients.GetAsync(token.Session.ClientId, ct);
        if (client is null)
        {
            return (null, null, OAuth2Error.RequestUnauthorized("The client of this access token no longer exists."));
        }

        var claims = idTokens.Claims(token.Session, client, token.RequestedAt);
        var alg = client.UserinfoSignedResponseAlg;
        if (string.IsNullOrEmpty(alg) || alg == "none")
        {
            return (claims, null, null);
        }

        claims["jti"] = Guid.NewGuid().ToString();
        claims["iat"] = now.ToUnixTimeSeconds();
        return (null, await keys.SignAsync(KeySetNames.IdToken, claims, ct), null);
    }
}
