using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol.Hooks;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Mints the tokens of a grant: an access token (opaque HMAC token, or a JWT), optionally a refresh
/// token and an ID token, all sharing the grant's request id so that they can be revoked together.
/// Only the tokens' signatures are stored. The token hook, when configured, sees the grant first.
/// </summary>
internal sealed class TokenIssuer(ProtocolOptions options, HmacTokenCodec codec, JwtAccessTokens jwtAccessTokens, IdTokenFactory idTokens, TokenHook hook, TimeProvider time)
{
    /// <summary>The tokens for a token endpoint request, or the error when the token hook refuses them or fails.</summary>
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> IssueAsync(GrantSession session, OAuth2Client client, TokenRequest request, string requestId, bool refresh, bool openId, CancellationToken ct)
    {
        var (hooked, error) = await hook.ApplyAsync(session, client, request, ct);
        return hooked is null ? (null, error) : (await MintAsync(hooked, client, requestId, refresh, openId, ct), null);
    }

    /// <summary>
    /// The tokens of a grant without the token hook: for the authorization endpoint's implicit and
    /// hybrid responses, since Hydra calls the hook at the token endpoint only.
    /// </summary>
    public async Task<IssuedTokens> MintAsync(GrantSession session, OAuth2Client client, string requestId, bool refresh, bool openId, CancellationToken ct)
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
