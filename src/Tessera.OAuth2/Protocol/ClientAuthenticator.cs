using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Authenticates a client at the token, revocation and introspection endpoints with the method it
/// registered: <c>client_secret_basic</c>, <c>client_secret_post</c>, <c>private_key_jwt</c> or
/// <c>none</c> (public clients). Secrets are checked against the stored hash in constant time.
/// </summary>
internal sealed class ClientAuthenticator(ClientStore clients, SecretHasher hasher, Func<OAuth2Client, ClientCredentials, CancellationToken, Task<OAuth2Error?>>? assertions)
{
    private const string Failed = "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).";

    public async Task<(OAuth2Client? Client, OAuth2Error? Error)> AuthenticateAsync(ClientCredentials credentials, CancellationToken ct)
    {
        if (credentials.UsesBasic && credentials.FormSecret is not null)
        {
            return (null, OAuth2Error.InvalidRequest("The client used more than one authentication method: send the secret either in the Authorization header or in the body, not both."));
        }

        var id = credentials.BasicId ?? credentials.FormId
            ?? (credentials.Assertion is { } assertion ? Assertions.ClientAssertionValidator.ClaimedClientId(assertion) : null);
        if (string.IsNullOrEmpty(id))
        {
            return (null, OAuth2Error.InvalidClient(Failed + " The request is missing the client_id."));
        }

        if (credentials.UsesBasic && credentials.FormId is not null && credentials.FormId != credentials.BasicId)
        {
            return (null, OAuth2Error.InvalidRequest("The client_id in the body does not match the one in the Authorization header."));
        }

        var client = await clients.GetAsync(id, ct);
        if (client is null)
        {
            return (null, OAuth2Error.InvalidClient(Failed + " The client does not exist."));
        }

        var method = client.TokenEndpointAuthMethod;
        var used = credentials.UsesAssertion ? "private_key_jwt" : credentials.UsesBasic ? "client_secret_basic" : credentials.FormSecret is not null ? "client_secret_post" : "none";
        if (used != method)
        {
            return (null, OAuth2Error.InvalidClient($"{Failed} The client is registered with token_endpoint_auth_method '{method}', but the request used '{used}'."));
        }

        switch (method)
        {
            case "none":
                return (client, null);
            case "private_key_jwt":
                var problem = assertions is null
                    ? OAuth2Error.InvalidClient(Failed + " private_key_jwt is not available.")
                    : await assertions(client, credentials, ct);
                return problem is null ? (client, null) : (null, problem);
            default:
                var secret = credentials.BasicSecret ?? credentials.FormSecret ?? "";
                if (client.SecretHash is null || !hasher.Verify(client.SecretHash, secret))
                {
                    return (null, OAuth2Error.InvalidClient(Failed + " The client secret is wrong."));
                }

                return (client, null);
        }
    }
}
