using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// RFC 7009: a client revokes one of its tokens, and with it every token of the same grant (a refresh
/// token takes its access tokens along, and the other way round, as Hydra does). Unknown tokens are
/// not an error.
/// </summary>
internal sealed class Revocation(ClientAuthenticator authenticator, TokenStore store, TokenFinder finder)
{
    public async Task<OAuth2Error?> RevokeAsync(string? token, ClientCredentials credentials, CancellationToken ct)
    {
        var (client, error) = await authenticator.AuthenticateAsync(credentials, ct);
        if (client is null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(token))
        {
            return OAuth2Error.InvalidRequest("The request is missing the token parameter.");
        }

        var found = await finder.FindAsync(token, ct);

        if (found is null)
        {
            return null;
        }

        if (found.Session.ClientId != client.Id)
        {
            return OAuth2Error.UnauthorizedClient("The token was issued to another client; a client may only revoke its own tokens.");
        }

        await store.RevokeRequestAsync(found.RequestId, ct);
        return null;
    }
}
