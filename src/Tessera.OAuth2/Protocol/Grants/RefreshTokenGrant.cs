using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol.Grants;

/// <summary>
/// RFC 6749 §6 with rotation: each refresh token works once and is replaced; presenting a used one is
/// treated as theft and revokes the whole grant (every token sharing its request id).
/// </summary>
internal sealed class RefreshTokenGrant(ProtocolOptions options, TokenIssuer issuer, TokenStore store, HmacTokenCodec codec, TimeProvider time)
{
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> HandleAsync(TokenRequest request, OAuth2Client client, CancellationToken ct)
    {
        if (!codec.TryGetSignature(request["refresh_token"], TokenKind.RefreshPrefix, out var signature))
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token is missing, malformed or was not issued by this server."));
        }

        var stored = await store.GetAsync(TokenKind.Refresh, signature, ct);
        if (stored is null)
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token is unknown."));
        }

        if (!stored.Active)
        {
            await store.RevokeRequestAsync(stored.RequestId, ct);
            return (null, OAuth2Error.InvalidGrant("The refresh token was already used or revoked; every token of this grant is now revoked."));
        }

        var session = stored.Session;
        if (session.ClientId != client.Id)
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token was issued to another client."));
        }

        if (stored.IsExpired(time.GetUtcNow()))
        {
            return (null, OAuth2Error.InvalidGrant("The refresh token has expired."));
        }

        if (!session.HasScope("offline") && !session.HasScope("offline_access"))
        {
            return (null, OAuth2Error.InvalidScope("The grant does not include the scope offline or offline_access."));
        }

        var scopes = session.GrantedScopes;
        if (request.Scopes.Count > 0)
        {
            if (options.Scopes.FirstDisallowed(session.GrantedScopes, request.Scopes) is { } extra)
            {
                return (null, OAuth2Error.InvalidScope($"The scope '{extra}' was not granted originally and cannot be added on refresh."));
            }

            scopes = request.Scopes;
        }

        var renewed = session with { GrantType = GrantTypes.RefreshToken, GrantedScopes = scopes, RequestedAt = time.GetUtcNow() };
        var tokens = await issuer.IssueAsync(renewed, client, stored.RequestId, refresh: true, renewed.HasScope("openid"), ct);
        if (!await store.ExchangeAsync(TokenKind.Refresh, signature, tokens.Rows, ct))
        {
            await store.RevokeRequestAsync(stored.RequestId, ct);
            return (null, OAuth2Error.InvalidGrant("The refresh token was already used; every token of this grant is now revoked."));
        }

        return (tokens, null);
    }
}
