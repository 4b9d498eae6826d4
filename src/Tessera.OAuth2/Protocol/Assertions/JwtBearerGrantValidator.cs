using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.OAuth2.Trust;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Protocol.Assertions;

/// <summary>
/// The assertion of grant type <c>urn:ietf:params:oauth:grant-type:jwt-bearer</c> (RFC 7523 §2.1/§3),
/// checked as Hydra does: the issuer is trusted for the subject (or any subject) by an unexpired grant
/// whose key signed the assertion; <c>aud</c> names the token endpoint; <c>exp</c> is set, in the future
/// and not beyond <c>max_ttl</c> after <c>iat</c>; <c>iat</c> and <c>jti</c> are present unless optional;
/// <c>nbf</c> has passed; a <c>jti</c> is used once; every requested scope is allowed by the grant.
/// Client authentication and the client's grant types are the token endpoint's business.
/// </summary>
internal sealed class JwtBearerGrantValidator(TrustStore trust, KeyStore keys, JtiStore jtis, TimeProvider time, Func<JwtBearerOptions> options)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public JwtBearerGrantValidator(TrustStore trust, KeyStore keys, JtiStore jtis, TimeProvider time, JwtBearerOptions options)
        : this(trust, keys, jtis, time, () => options)
    {
    }

    public async Task<JwtBearerResult> ValidateAsync(string assertion, IReadOnlyList<string> requestedScopes, IReadOnlyList<string> tokenEndpointUrls, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requestedScopes);
        ArgumentNullException.ThrowIfNull(tokenEndpointUrls);
        var settings = options();
        if (string.IsNullOrEmpty(assertion))
        {
            return Fail(OAuth2Error.InvalidRequest($"The assertion request parameter must be set when using grant_type of '{GrantType}'."));
        }

        if (!JsonWebSignature.TryParse(assertion, out var jws))
        {
            return Invalid("Unable to parse JSON Web Token passed in \"assertion\" request parameter.");
        }

        if (!AssertionClaims.TryRead(jws.Payload, out var claims, out var malformed))
        {
            return Invalid($"The JWT in \"assertion\" request parameter is malformed: {malformed}.");
        }

        if (string.IsNullOrEmpty(claims.Issuer))
        {
            return Invalid("The JWT in \"assertion\" request parameter MUST contain an \"iss\" (issuer) claim.");
        }

        if (string.IsNullOrEmpty(claims.Subject))
        {
            return Invalid("The JWT in \"assertion\" request parameter MUST contain a \"sub\" (subject) claim.");
        }

        var grant = await FindSigningGrantAsync(jws, claims.Issuer, claims.Subject, ct);
        if (grant is null)
        {
            return Invalid($"No public JWK was registered for issuer \"{claims.Issuer}\" and subject \"{claims.Subject}\" that verifies the signature of the JWT in \"assertion\" request parameter.");
        }

        var now = time.GetUtcNow();
        if (claims.Audience.Count == 0)
        {
            return Invalid("The JWT in \"assertion\" request parameter MUST contain an \"aud\" (audience) claim.");
        }

        if (!claims.AudienceContainsAny(tokenEndpointUrls))
        {
            return Invalid($"The JWT in \"assertion\" request parameter MUST contain an \"aud\" (audience) claim containing a value \"{string.Join("\" or \"", tokenEndpointUrls)}\" that identifies the authorization server as an intended audience.");
        }

        if (claims.ExpiresAt is not { } expiresAt)
        {
            return Invalid("The JWT in \"assertion\" request parameter MUST contain an \"exp\" (expiration time) claim.");
        }

        if (expiresAt <= now)
        {
            return Invalid("The JWT in \"assertion\" request parameter expired.");
        }

        if (claims.NotBefore is { } notBefore && notBefore > now)
        {
            return Invalid($"The JWT in \"assertion\" request parameter contains an \"nbf\" (not before) claim, that identifies the time '{notBefore:yyyy-MM-ddTHH:mm:ssZ}' before which the token MUST NOT be accepted.");
        }

        if (claims.IssuedAt is null && !settings.IatOptional)
        {
            return Invalid("The JWT in \"assertion\" request parameter MUST contain an \"iat\" (issued at) claim.");
        }

        var issuedAt = claims.IssuedAt ?? now;
        if (expiresAt - issuedAt > settings.MaxTtl)
        {
            return Invalid($"The JWT in \"assertion\" request parameter contains an \"exp\" (expiration time) claim with value \"{expiresAt:yyyy-MM-ddTHH:mm:ssZ}\" that is unreasonably far in the future, considering token issued at \"{issuedAt:yyyy-MM-ddTHH:mm:ssZ}\".");
        }

        if (string.IsNullOrEmpty(claims.JwtId) && !settings.JtiOptional)
        {
            return Invalid("The JWT in \"assertion\" request parameter MUST contain an \"jti\" (JWT ID) claim.");
        }

        foreach (var scope in requestedScopes)
        {
            if (!settings.ScopeAllowed(grant.Scope, scope))
            {
                return Fail(OAuth2Error.InvalidScope($"The public key registered for issuer \"{claims.Issuer}\" and subject \"{claims.Subject}\" is not allowed to request scope \"{scope}\"."));
            }
        }

        // Last, so that a rejected assertion does not burn its jti.
        if (!string.IsNullOrEmpty(claims.JwtId) && !await jtis.TryUseAsync(claims.Issuer, claims.JwtId, expiresAt, ct))
        {
            return Invalid("The JWT in \"assertion\" request parameter has a \"jti\" (JWT ID) that was used before; an assertion may be used only once.");
        }

        return new JwtBearerResult(null, claims.Issuer, claims.Subject, expiresAt, settings.OmitAssertionAudience ? [] : claims.Audience, grant.Id);
    }

    /// <summary>The unexpired grant for issuer and subject whose key (by the header's kid, or any) verifies the signature.</summary>
    private async Task<TrustedIssuer?> FindSigningGrantAsync(ParsedJws jws, string issuer, string subject, CancellationToken ct)
    {
        foreach (var grant in await trust.FindAsync(issuer, subject, jws.KeyId, ct))
        {
            if (await keys.GetKeyAsync(grant.KeySet, grant.KeyId, ct) is { } key && JsonWebSignature.Verify(jws, key))
            {
                return grant;
            }
        }

        return null;
    }

    private static JwtBearerResult Invalid(string description) => Fail(OAuth2Error.InvalidGrant(description));

    private static JwtBearerResult Fail(OAuth2Error error) => JwtBearerResult.Failed(error);
}
