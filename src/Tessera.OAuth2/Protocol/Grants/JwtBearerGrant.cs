using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol.Assertions;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Protocol.Grants;

/// <summary>
/// RFC 7523 §2.1: a JWT from a trusted issuer (registered over the admin API) is exchanged for an access
/// token for its subject. No refresh token, as in Hydra.
/// </summary>
internal sealed class JwtBearerGrant(ProtocolOptions options, JwtBearerGrantValidator validator, TokenIssuer issuer, TokenStore store, TimeProvider time)
{
    public async Task<(IssuedTokens? Tokens, OAuth2Error? Error)> HandleAsync(TokenRequest request, OAuth2Client client, CancellationToken ct)
    {
        if (request["assertion"] is not { } assertion)
        {
            return (null, OAuth2Error.InvalidRequest("The assertion request parameter must be set when using grant_type of 'urn:ietf:params:oauth:grant-type:jwt-bearer'."));
        }

        if (ClientPermissions.Check(options.Scopes, client, request.Scopes, request.Audience) is { } denied)
        {
            return (null, denied);
        }

        var result = await validator.ValidateAsync(assertion, request.Scopes, [options.TokenUrl], ct);
        if (!result.IsValid)
        {
            return (null, result.Error);
        }

        var session = new GrantSession
        {
            ClientId = client.Id,
            Subject = result.Subject,
            GrantType = GrantTypes.JwtBearer,
            GrantedScopes = request.Scopes,
            RequestedScopes = request.Scopes,
            GrantedAudience = [.. request.Audience, .. result.Audience.Where(a => !request.Audience.Contains(a))],
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
