namespace Tessera.OAuth2.Protocol;

/// <summary>The grant type names the token endpoint knows.</summary>
internal static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";
    public const string Implicit = "implicit";
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
}
