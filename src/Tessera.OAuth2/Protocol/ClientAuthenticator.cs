using System.Security.Cryptography;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Authenticates a client at the token, revocation and device authorization endpoints with the method it
/// registered: <c>client_secret_basic</c>, <c>client_secret_post</c>, <c>private_key_jwt</c> or
/// <c>none</c> (public clients). Secrets are checked against the stored hash in constant time.
/// An unknown client and a wrong secret get the same answer (<see cref="FailedDescription"/>, as fosite gives both),
/// and an unknown client still pays for one secret-hash comparison, so that neither the answer nor its
/// time tells whether a client id exists.
/// </summary>
internal sealed class ClientAuthenticator(ClientStore clients, SecretHasher hasher, Func<OAuth2Client, ClientCredentials, CancellationToken, Task<OAuth2Error?>>? assertions)
{
    /// <summary>fosite's <c>invalid_client</c> description, given alone whenever the client cannot be told apart from an unknown one.</summary>
    public const string FailedDescription = "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).";

    /// <summary>A hash of a random secret nobody knows, made with the configured hasher the first time an unknown client needs it.</summary>
    private readonly Lazy<string> dummyHash = new(() => hasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>The one answer for an unknown client, a wrong secret and a client assertion that does not verify.</summary>
    public static OAuth2Error Unauthenticated() => OAuth2Error.InvalidClient(FailedDescription);

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
            return (null, OAuth2Error.InvalidClient(FailedDescription + " The request is missing the client_id."));
        }

        if (credentials.UsesBasic && credentials.FormId is not null && credentials.FormId != credentials.BasicId)
        {
            return (null, OAuth2Error.InvalidRequest("The client_id in the body does not match the one in the Authorization header."));
        }

        var client = await clients.GetAsync(id, ct);
        if (client is null)
        {
            // As long as a wrong secret would take: compare the presented secret with a hash that never matches.
            if ((credentials.BasicSecret ?? credentials.FormSecret) is { } presented)
            {
                hasher.Verify(dummyHash.Value, presented);
            }

            return (null, Unauthenticated());
        }

        var method = client.TokenEndpointAuthMethod;
        var used = credentials.UsesAssertion ? "private_key_jwt" : credentials.UsesBasic ? "client_secret_basic" : credentials.FormSecret is not null ? "client_secret_post" : "none";
        if (used != method)
        {
            return (null, OAuth2Error.InvalidClient($"{FailedDescription} The client is registered with token_endpoint_auth_method '{method}', but the request used '{used}'."));
        }

        switch (method)
        {
            case "none":
                return (client, null);
            case "private_key_jwt":
                var problem = assertions is null
                    ? OAuth2Error.InvalidClient(FailedDescription + " private_key_jwt is not available.")
                    : await assertions(client, credentials, ct);
                return problem is null ? (client, null) : (null, problem);
            default:
                var secret = credentials.BasicSecret ?? credentials.FormSecret ?? "";
                if (!hasher.Verify(client.SecretHash ?? dummyHash.Value, secret) || client.SecretHash is null)
                {
                    return (null, Unauthenticated());
                }

                return (client, null);
        }
    }
}
