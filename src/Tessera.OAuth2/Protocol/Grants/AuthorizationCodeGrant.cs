using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol.Grants;

/// <summary>
/// RFC 6749 §4.1.3 with PKCE: exchanges a single-use code. A code presented twice revokes every token
/// issued from it (RFC 6749 §4.1.2).
/// </summary>
internal sealed class AuthorizationCodeGrant(TokenIssuer issuer, TokenStore store, HmacTokenCodec codec, TimeProvider time)
{
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> HandleAsync(TokenRequest request, OAuth2Client client, CancellationToken ct)
    {
        if (!codec.TryGetSignature(request["code"], TokenKind.CodePrefix, out var signature))
        {
            return (null, OAuth2Error.InvalidGrant("The authorization code is missing, malformed or was not issued by this server."));
        }

        var code = await store.GetAsync(TokenKind.Code, signature, ct);
        if (code is null)
        {
            return (null, OAuth2Error.InvalidGrant("The authorization code is unknown."));
        }

        if (!code.Active)
        {
            await store.RevokeRequestAsync(code.RequestId, ct);
            return (null, OAuth2Error.InvalidGrant("The authorization code has already been used; the tokens issued from it are revoked."));
        }

        var session = code.Session;
        if (session.ClientId != client.Id)
        {
            return (null, OAuth2Error.InvalidGrant("The authorization code was issued to another client."));
        }

        if (code.IsExpired(time.GetUtcNow()))
        {
            return (null, OAuth2Error.InvalidGrant("The authorization code has expired."));
        }

        if (session.RedirectUri is { } redirect && request["redirect_uri"] != redirect)
        {
            return (null, OAuth2Error.InvalidGrant("The redirect_uri does not match the one of the authorization request."));
        }

        if (Pkce.CheckVerifier(session.CodeChallenge, session.CodeChallengeMethod, request["code_verifier"]) is { } pkce)
        {
            return (null, pkce);
        }

        var refresh = client.AllowsGrant(GrantTypes.RefreshToken) && (session.HasScope("offline") || session.HasScope("offline_access"));
        var granted = session with { GrantType = GrantTypes.AuthorizationCode, CodeChallenge = null, CodeChallengeMethod = null };
        var (tokens, refused) = await issuer.IssueAsync(granted, client, request, code.RequestId, refresh, session.HasScope("openid"), ct);
        if (tokens is null)
        {
            return (null, refused);
        }

        if (!await store.ExchangeAsync(TokenKind.Code, signature, tokens.Rows, ct))
        {
            await store.RevokeRequestAsync(code.RequestId, ct);
            return (null, OAuth2Error.InvalidGrant("The authorization code has already been used; the tokens issued from it are revoked."));
        }

        return (tokens, null);
    }
}
