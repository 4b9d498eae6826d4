using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Finds the stored row of a presented access or refresh token, whatever its form: an opaque
/// <c>ory_at_</c>/<c>ory_rt_</c> token whose HMAC verifies, or a JWT access token this server signed.
/// </summary>
internal sealed class TokenFinder(TokenStore store, HmacTokenCodec codec, JwtAccessTokens jwtAccessTokens)
{
    public async Task<StoredToken?> FindAsync(string? token, CancellationToken ct)
    {
        if (codec.TryGetSignature(token, TokenKind.AccessPrefix, out var signature))
        {
            return await store.GetAsync(TokenKind.Access, signature, ct);
        }

        if (codec.TryGetSignature(token, TokenKind.RefreshPrefix, out signature))
        {
            return await store.GetAsync(TokenKind.Refresh, signature, ct);
        }

        if (token is { Length: > 0 and < 8192 } && await jwtAccessTokens.SignatureOfAsync(token, ct) is { } jwtSignature)
        {
            return await store.GetAsync(TokenKind.Access, jwtSignature, ct);
        }

        return null;
    }
}
