using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Http;

/// <summary>
/// <c>/.well-known/openid-configuration</c> (OpenID Connect Discovery 1.0): exactly the endpoints, grants,
/// response types and methods this server serves. <c>webfinger.oidc_discovery.*</c> overrides URLs and
/// adds claims and scopes, as in Hydra.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        var document = Build(runtime);
        var json = document.ToJsonString();
        routes.MapGet("/.well-known/openid-configuration", async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(json, context.RequestAborted);
        });
    }

    internal static JsonObject Build(OAuth2Runtime runtime)
    {
        var options = runtime.Protocol.Options;
        var config = runtime.Context.Config;
        string Url(string key, string path) => config.GetString("webfinger.oidc_discovery." + key) is { Length: > 0 } configured ? configured : options.PublicUrl + path;
        var scopes = new List<string> { "offline_access", "offline", "openid" };
        scopes.AddRange(config.GetStrings("webfinger.oidc_discovery.supported_scope"));
        var claims = new List<string> { "sub" };
        claims.AddRange(config.GetStrings("webfinger.oidc_discovery.supported_claims"));
        var document = new JsonObject
        {
            ["issuer"] = options.Issuer,
            ["authorization_endpoint"] = Url("auth_url", "oauth2/auth"),
            ["token_endpoint"] = Url("token_url", "oauth2/token"),
            ["jwks_uri"] = Url("jwks_url", ".well-known/jwks.json"),
            ["userinfo_endpoint"] = Url("userinfo_url", "userinfo"),
            ["revocation_endpoint"] = options.PublicUrl + "oauth2/revoke",
            ["device_authorization_endpoint"] = Url("device_authorization_url", "oauth2/device/auth"),
            ["end_session_endpoint"] = options.PublicUrl + "oauth2/sessions/logout",
            ["subject_types_supported"] = JsonFields.Array(options.SubjectTypes),
            ["response_types_supported"] = JsonFields.Array(["code", "code id_token", "id_token", "token id_token", "token", "token id_token code"]),
            ["response_modes_supported"] = JsonFields.Array(["query", "fragment", "form_post"]),
            ["grant_types_supported"] = JsonFields.Array([GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.ClientCredentials, GrantTypes.RefreshToken, GrantTypes.DeviceCode, GrantTypes.JwtBearer]),
            ["scopes_supported"] = JsonFields.Array(scopes.Distinct()),
            ["claims_supported"] = JsonFields.Array(claims.Distinct()),
            ["token_endpoint_auth_methods_supported"] = JsonFields.Array(["client_secret_post", "client_secret_basic", "private_key_jwt", "none"]),
            ["token_endpoint_auth_signing_alg_values_supported"] = JsonFields.Array(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]),
            ["id_token_signing_alg_values_supported"] = JsonFields.Array(["RS256", "ES256", "ES512"]),
            ["userinfo_signing_alg_values_supported"] = JsonFields.Array(["none", "RS256"]),
            ["request_object_signing_alg_values_supported"] = JsonFields.Array(["none"]),
            ["code_challenge_methods_supported"] = JsonFields.Array([Pkce.S256]),
            ["claims_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["require_request_uri_registration"] = false,
            ["authorization_response_iss_parameter_supported"] = true,
            ["frontchannel_logout_supported"] = true,
            ["frontchannel_logout_session_supported"] = true,
            ["backchannel_logout_supported"] = true,
            ["backchannel_logout_session_supported"] = true,
        };
        if (config.GetBool("oidc.dynamic_client_registration.enabled") == true)
        {
            document["registration_endpoint"] = Url("client_registration_url", "oauth2/register");
        }

        return document;
    }
}
