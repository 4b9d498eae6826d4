using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// RFC 7662 for the admin API: finds an access or refresh token by its signature and says whether it is
/// active, optionally only when it carries every scope in <c>scope</c>.
/// </summary>
internal sealed class Introspection(ProtocolOptions options, TokenStore store, HmacTokenCodec codec, TimeProvider time)
{
    public async Task<IntrospectionResult?> IntrospectAsync(string? token, IReadOnlyList<string> requiredScopes, CancellationToken ct)
    {
        StoredToken? found = null;
        if (codec.TryGetSignature(token, TokenKind.AccessPrefix, out var signature))
        {
            found = await store.GetAsync(TokenKind.Access, signature, ct);
        }
        else if (codec.TryGetSignature(token, TokenKind.RefreshPrefix, out signature))
        {
            found = await store.GetAsync(TokenKind.Refresh, signature, ct);
        }

        if (found is null || !found.Active || found.IsExpired(time.GetUtcNow()))
        {
            return null;
        }

        if (options.Scopes.FirstDisallowed(found.Session.GrantedScopes, requiredScopes) is not null)
        {
            return null;
        }

        return new IntrospectionResult(found, options.Issuer);
    }
}
