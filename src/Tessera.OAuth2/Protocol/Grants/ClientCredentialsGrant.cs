using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol.Grants;

/// <summary>RFC 6749 §4.4: a confidential client gets an access token for itself; no refresh token.</summary>
internal sealed class ClientCredentialsGrant(ProtocolOptions options, TokenIssuer issuer, TokenStore store, TimeProvider time)
{
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> HandleAsync(TokenRequest request, OAuth2Client client, CancellationToken ct)
    {
        if (client.IsPublic)
        {
            return (null, OAuth2Error.UnauthorizedClient("The OAuth 2.0 Client is marked as public and is thus not allowed to use authorization grant 'client_credentials'."));
        }

        var scopes = request.Scopes;
        if (scopes.Count == 0 && options.ClientCredentialsDefaultGrantAllowedScope)
        {
            scopes = client.Scopes;
        }

        if (ClientPermissions.Check(options.Scopes, client, scopes, request.Audience) is { } denied)
        {
            return (null, denied);
        }

        var session = new GrantSession
        {
            ClientId = client.Id,
            Subject = client.Id,
            GrantType = GrantTypes.ClientCredentials,
            GrantedScopes = scopes,
            RequestedScopes = scopes,
            GrantedAudience = request.Audience,
            RequestedAudience = request.Audience,
            RequestedAt = time.GetUtcNow(),
        };
        var (tokens, refused) = await issuer.IssueAsync(session, client, request, RequestIds.NewTimeOrdered(session.RequestedAt), refresh: false, openId: false, ct);
        if (tokens is null)
        {
            return (null, refused);
        }

        await store.InsertAsync(tokens.Rows, ct);
        return (tokens, null);
    }
}
