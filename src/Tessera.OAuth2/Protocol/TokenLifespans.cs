using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// How long each token lives: the client's per-grant lifespan (<c>authorization_code_grant_access_token_lifespan</c>
/// and friends) when set, else the global <c>ttl.*</c>.
/// </summary>
internal static class TokenLifespans
{
    /// <summary>The prefix of the client's lifespan fields for a grant type.</summary>
    public static string FieldPrefix(string grantType) => grantType switch
    {
        "authorization_code" => "authorization_code_grant",
        "client_credentials" => "client_credentials_grant",
        "refresh_token" => "refresh_token_grant",
        "implicit" => "implicit_grant",
        GrantTypes.JwtBearer => "jwt_bearer_grant",
        GrantTypes.DeviceCode => "device_authorization_grant",
        _ => grantType,
    };

    public static TimeSpan AccessToken(ProtocolOptions options, OAuth2Client client, string grantType)
        => client.Lifespan(FieldPrefix(grantType) + "_access_token_lifespan") ?? options.AccessTokenTtl;

    public static TimeSpan? RefreshToken(ProtocolOptions options, OAuth2Client client, string grantType)
        => client.Lifespan(FieldPrefix(grantType) + "_refresh_token_lifespan") ?? options.RefreshTokenTtl;

    public static TimeSpan IdToken(ProtocolOptions options, OAuth2Client client, string grantType)
        => client.Lifespan(FieldPrefix(grantType) + "_id_token_lifespan") ?? options.IdTokenTtl;
}
