using Tessera.OAuth2.Protocol.Grants;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// The token endpoint without HTTP: authenticates the client, checks it may use the grant type, and
/// hands the request to the grant's handler.
/// </summary>
internal sealed class TokenEndpoint(
    ClientAuthenticator authenticator,
    ClientCredentialsGrant clientCredentials,
    AuthorizationCodeGrant authorizationCode,
    RefreshTokenGrant refreshToken,
    DeviceCodeGrant deviceCode,
    JwtBearerGrant jwtBearer)
{
    public async Task<(TokenResponse? Response, OAuth2Error? Error)> HandleAsync(TokenRequest request, CancellationToken ct)
    {
        var grantType = request.GrantType;
        if (grantType.Length == 0)
        {
            return (null, OAuth2Error.InvalidRequest("The request is missing the grant_type parameter."));
        }

        if (grantType is not (GrantTypes.ClientCredentials or GrantTypes.AuthorizationCode or GrantTypes.RefreshToken or GrantTypes.DeviceCode or GrantTypes.JwtBearer))
        {
            return (null, OAuth2Error.UnsupportedGrantType($"The grant_type '{grantType}' is not supported by this server."));
        }

        var (client, error) = await authenticator.AuthenticateAsync(request.Credentials, ct);
        if (client is null)
        {
            return (null, error);
        }

        if (!client.AllowsGrant(grantType))
        {
            return (null, OAuth2Error.UnauthorizedClient($"The OAuth 2.0 Client is not allowed to use authorization grant '{grantType}'."));
        }

        var (tokens, grantError) = grantType switch
        {
            GrantTypes.ClientCredentials => await clientCredentials.HandleAsync(request, client, ct),
            GrantTypes.AuthorizationCode => await authorizationCode.HandleAsync(request, client, ct),
            GrantTypes.DeviceCode => await deviceCode.HandleAsync(request, client, ct),
            GrantTypes.JwtBearer => await jwtBearer.HandleAsync(request, client, ct),
            _ => await refreshToken.HandleAsync(request, client, ct),
        };
        return (tokens?.Response, grantError);
    }
}
