using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Protocol.Assertions;

/// <summary>
/// Client authentication with <c>private_key_jwt</c> (RFC 7523 §2.2/§3, OpenID Connect Core §9), as
/// Hydra does it: the assertion is signed with the client's <c>token_endpoint_auth_signing_alg</c> by a
/// key from its <c>jwks</c> or <c>jwks_uri</c>; <c>iss</c> and <c>sub</c> are the client id; <c>aud</c>
/// names the token endpoint; <c>exp</c> is in the future; <c>jti</c> is used once (kept until <c>exp</c>).
/// </summary>
internal sealed class ClientAssertionValidator(JtiStore jtis, RemoteKeySetFetcher remoteKeys, TimeProvider time)
{
    public const string JwtBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The signing alg a client without <c>token_endpoint_auth_signing_alg</c> must use.</summary>
    public const string DefaultSigningAlg = "RS256";

    /// <summary>At most this many candidate keys are tried for one assertion (a set may hold many keys without kids).</summary>
    private const int MaxCandidateKeys = 10;

    /// <summary>
    /// The client id an assertion claims (<c>sub</c>), unverified: what to look the client up by when the
    /// request has no <c>client_id</c>. Null when the assertion is not a JWS with a string <c>sub</c>.
    /// </summary>
    public static string? ClaimedClientId(string assertion)
        => JsonWebSignature.TryParse(assertion, out var jws) && AssertionClaims.TryRead(jws.Payload, out var claims, out _) ? claims.Subject : null;

    /// <summary>
    /// Null when <paramref name="assertion"/> authenticates <paramref name="client"/>, else the error:
    /// <c>invalid_request</c> for a missing or unknown assertion type (as Hydra answers), otherwise
    /// <c>invalid_client</c> with what is wrong — except that an assertion no key of the client verifies
    /// gets exactly the answer of an unknown client.
    /// </summary>
    public async Task<OAuth2Error?> ValidateAsync(OAuth2Client client, string assertionType, string assertion, IReadOnlyList<string> tokenEndpointUrls, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (assertionType != JwtBearerType)
        {
            return OAuth2Error.InvalidRequest($"Unknown client_assertion_type '{assertionType}'.");
        }

        if (string.IsNullOrEmpty(assertion))
        {
            return OAuth2Error.InvalidRequest($"The client_assertion request parameter must be set when using client_assertion_type of '{JwtBearerType}'.");
        }

        if (client.TokenEndpointAuthMethod != "private_key_jwt")
        {
            return OAuth2Error.InvalidClient(client.TokenEndpointAuthMethod switch
            {
                "none" => "This requested OAuth 2.0 client does not support client authentication, however 'client_assertion' was provided in the request.",
                "client_secret_basic" or "client_secret_post" => $"This requested OAuth 2.0 client only supports client authentication method '{client.TokenEndpointAuthMethod}', however 'client_assertion' was provided in the request.",
                _ => $"This requested OAuth 2.0 client only supports client authentication method '{client.TokenEndpointAuthMethod}', however that method is not supported by this server.",
            });
        }

        if (!JsonWebSignature.TryParse(assertion, out var jws))
        {
            return OAuth2Error.InvalidClient("The 'client_assertion' is not a JSON Web Token (a compact JWS with JSON header and claims).");
        }

        var expectedAlg = client.TokenEndpointAuthSigningAlg is { Length: > 0 } configured ? configured : DefaultSigningAlg;
        if (jws.Algorithm != expectedAlg)
        {
            return OAuth2Error.InvalidClient($"The 'client_assertion' uses signing algorithm '{jws.Algorithm}' but the requested OAuth 2.0 Client enforces signing algorithm '{expectedAlg}'.");
        }

        if (jws.Algorithm[0] == 'H')
        {
            return OAuth2Error.InvalidClient("This authorization server does not support client authentication method 'client_secret_jwt'.");
        }

        if (!JsonWebSignature.Algorithms.Contains(jws.Algorithm))
        {
            return OAuth2Error.InvalidClient($"The 'client_assertion' request parameter uses unsupported signing algorithm '{jws.Algorithm}'.");
        }

        if (await VerifySignatureAsync(client, jws, ct) is { } keyProblem)
        {
            return keyProblem;
        }

        if (!AssertionClaims.TryRead(jws.Payload, out var claims, out var malformed))
        {
            return OAuth2Error.InvalidClient($"The 'client_assertion' is malformed: {malformed}.");
        }

        var now = time.GetUtcNow();
        if (claims.ExpiresAt is not { } expiresAt)
        {
            return OAuth2Error.InvalidClient("Claim 'exp' from 'client_assertion' must be set but is not.");
        }

        if (expiresAt <= now)
        {
            return OAuth2Error.InvalidClient("Claim 'exp' from 'client_assertion' is in the past: the assertion has expired.");
        }

        if (claims.NotBefore > now)
        {
            return OAuth2Error.InvalidClient("Claim 'nbf' from 'client_assertion' is in the future: the assertion is not valid yet.");
        }

        if (claims.Issuer != client.Id)
        {
            return OAuth2Error.InvalidClient("Claim 'iss' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
        }

        if (claims.Subject != client.Id)
        {
            return OAuth2Error.InvalidClient("Claim 'sub' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
        }

        if (tokenEndpointUrls.Count == 0)
        {
            return OAuth2Error.ServerError("The authorization server's token endpoint URL has not been set.");
        }

        if (!claims.AudienceContainsAny(tokenEndpointUrls))
        {
            return OAuth2Error.InvalidClient($"Claim 'audience' from 'client_assertion' must match the authorization server's token endpoint '{string.Join("' or '", tokenEndpointUrls)}'.");
        }

        if (string.IsNullOrEmpty(claims.JwtId))
        {
            return OAuth2Error.InvalidClient("Claim 'jti' from 'client_assertion' must be set but is not.");
        }

        if (!await jtis.TryUseAsync(client.Id, claims.JwtId, expiresAt, ct))
        {
            return OAuth2Error.InvalidClient("Claim 'jti' from 'client_assertion' MUST only be used once.");
        }

        return null;
    }

    /// <summary>Null when a key of the client (matching the header's kid, if any) verifies the signature.</summary>
    private async Task<OAuth2Error?> VerifySignatureAsync(OAuth2Client client, ParsedJws jws, CancellationToken ct)
    {
        bool Fits(JsonObject key) => JsonWebSignature.KeyFits(key, jws.Algorithm) && (jws.KeyId is null || JsonWebKeyConverter.Text(key, "kid") == jws.KeyId);

        IReadOnlyList<JsonObject> candidates;
        if (client.Jwks is { } set)
        {
            candidates = set["keys"] is JsonArray keys ? keys.OfType<JsonObject>().Where(Fits).ToList() : [];
        }
        else if (client.JwksUri is { Length: > 0 } uri)
        {
            var remote = await remoteKeys.FindAsync(uri, jws.KeyId, Fits, ct);
            if (remote.Problem is not null)
            {
                return OAuth2Error.InvalidClient($"The OAuth 2.0 Client's JSON Web Key Set could not be loaded: {remote.Problem}.");
            }

            candidates = remote.Keys;
        }
        else
        {
            return OAuth2Error.InvalidClient("The OAuth 2.0 Client has no JSON Web Keys set registered, but they are needed to complete the request.");
        }

        // No key of the client signed it: the caller proved nothing, so it gets the answer an unknown
        // client gets (ClientAuthenticator), which does not tell that this client id exists.
        return candidates.Take(MaxCandidateKeys).Any(key => JsonWebSignature.Verify(jws, key))
            ? null
            : ClientAuthenticator.Unauthenticated();
    }
}
