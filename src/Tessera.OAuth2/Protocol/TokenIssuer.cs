using Tessera.OAuth2.Clients;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Mints the tokens of a grant: an access token (opaque HMAC token, or a JWT), optionally a refresh
/// token and an ID token, all sharing the grant's request id so that they can be revoked together.
/// Only the tokens' signatures are stored.
/// </summary>
internal sealed class TokenIssuer(ProtocolOptions options, HmacTokenCodec codec, JwtAccessTokens jwtAccessTokens, IdTokenFactory idTokens, TimeProvider time)
{
    public async Task<IssuedTokens> IssueAsync(GrantSession session, OAuth2Client client, string requestId, bool refresh, bool openId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var accessTtl = TokenLifespans.AccessToken(options, client, session.GrantType);
        var strategy = client.AccessTokenStrategy ?? options.AccessTokenStrategy;
        session = session with { AccessTokenStrategy = strategy };
        var rows = new List<StoredToken>(2);

        string accessToken, accessSignature;
        if (strategy == "jwt")
        {
            accessToken = await jwtAccessTokens.SignAsync(session, now, now + accessTtl, ct);
            accessSignature = accessToken[(accessToken.LastIndexOf('.') + 1)..];
        }
        else
        {
            (accessToken, accessSignature) = codec.Generate(TokenKind.AccessPrefix);
        }

        rows.Add(new StoredToken(TokenKind.Access, accessSignature, requestId, true, now, now + accessTtl, session));

        string? refreshToken = null;
        if (refresh)
        {
            var (token, signature) = codec.Generate(TokenKind.RefreshPrefix);
            refreshToken = token;
            var refreshTtl = TokenLifespans.RefreshToken(options, client, session.GrantType);
            rows.Add(new StoredToken(TokenKind.Refresh, signature, requestId, true, now, refreshTtl is { } r ? now + r : null, session));
        }

        string? idToken = null;
        if (openId)
        {
            idToken = await idTokens.CreateAsync(session, client, now, TokenLifespans.IdToken(options, client, session.GrantType), accessToken, code: null, ct);
        }

        var response = new TokenResponse(accessToken, (long)accessTtl.TotalSeconds, string.Join(' ', session.GrantedScopes), refreshToken, idToken);
        return new IssuedTokens(rows, response);
    }
}
