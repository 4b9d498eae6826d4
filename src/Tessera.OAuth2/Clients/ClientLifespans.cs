namespace Tessera.OAuth2.Clients;

/// <summary>The per-grant token lifespans a client may override (<c>PUT /admin/clients/{id}/lifespans</c>).</summary>
internal static class ClientLifespans
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "authorization_code_grant_access_token_lifespan",
        "authorization_code_grant_id_token_lifespan",
        "authorization_code_grant_refresh_token_lifespan",
        "client_credentials_grant_access_token_lifespan",
        "implicit_grant_access_token_lifespan",
        "implicit_grant_id_token_lifespan",
        "jwt_bearer_grant_access_token_lifespan",
        "refresh_token_grant_id_token_lifespan",
        "refresh_token_grant_access_token_lifespan",
        "refresh_token_grant_refresh_token_lifespan",
        "device_authorization_grant_id_token_lifespan",
        "device_authorization_grant_access_token_lifespan",
        "device_authorization_grant_refresh_token_lifespan",
    ];
}
