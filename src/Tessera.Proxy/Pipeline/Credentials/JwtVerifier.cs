using System.Text.Json.Nodes;
using Tessera.Platform.Jose;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>
/// Oathkeeper's JWT verification (<c>credentials/verifier_default.go</c> over golang-jwt v5), in its order:
/// the compact JWS is parsed; its <c>alg</c> must be allowed, its header must name a <c>kid</c>, a key with
/// that kid and <c>use: sig</c> must be in the key sets and fit the alg (so an RSA key is never an HMAC
/// secret, and <c>none</c> never verifies); then <c>exp</c>, <c>nbf</c> and <c>iat</c> are checked without
/// leeway, then the audiences, the issuer and the scopes. On success the claims are returned with the
/// scope claim moved to <c>scp</c> as a list, as Oathkeeper hands them to the session.
/// </summary>
internal static class JwtVerifier
{
    public static async Task<JwtVerification> VerifyAsync(string token, JwtValidation rules, KeySetResolver keys, TimeProvider time, CancellationToken ct)
    {
        if (!JsonWebSignature.TryParse(token, out var jws))
        {
            return JwtVerification.Refused("token is malformed: the token is not a compact JWS with JSON header and claims");
        }

        if (!rules.Algorithms.Contains(jws.Algorithm, StringComparer.Ordinal))
        {
            return JwtVerification.Refused($"JSON Web Token used signing method \"{jws.Algorithm}\" which is not allowed.");
        }

        if (jws.KeyId is not { Length: > 0 } kid)
        {
            return JwtVerification.Refused("The JSON Web Token must contain a kid header value but did not.");
        }

        if (await keys.FindSigningKeyAsync(rules.KeyUrls, kid, ct) is not { } key)
        {
            return JwtVerification.Refused($"JSON Web Key ID \"{kid}\" with use \"sig\" could not be found in any of the provided URIs.");
        }

        if (!JsonWebSignature.KeyFits(key, jws.Algorithm))
        {
            return JwtVerification.Refused("The signing key algorithm does not match the algorithm from the token header.");
        }

        if (!JsonWebSignature.Verify(jws, key))
        {
            return JwtVerification.Refused("token signature is invalid");
        }

        var claims = jws.Payload;
        if (TimeProblem(claims, time.GetUtcNow()) is { } timeProblem)
        {
            return JwtVerification.Refused("token has invalid claims: " + timeProblem);
        }

        var audience = JwtClaims.Audience(claims);
        foreach (var wanted in rules.Audiences)
        {
            if (!audience.Contains(wanted, StringComparer.Ordinal))
            {
                return JwtVerification.Refused($"Token audience [{string.Join(' ', audience)}] is not intended for target audience {wanted}.");
            }
        }

        var issuer = JwtClaims.Text(claims, "iss");
        if (rules.Issuers.Count > 0 && !rules.Issuers.Contains(issuer, StringComparer.Ordinal))
        {
            return JwtVerification.Refused($"Token issuer does not match any trusted issuer {issuer}.");
        }

        var (scopes, scopeClaim) = JwtClaims.Scope(claims);
        claims.Remove(scopeClaim);
        claims["scp"] = new JsonArray(scopes.Select(s => (JsonNode?)s).ToArray());
        if (rules.ScopeStrategy is null)
        {
            return rules.Scopes.Count > 0
                ? JwtVerification.Refused("Scope validation was requested but scope strategy is set to \"none\".")
                : JwtVerification.Accepted(claims);
        }

        foreach (var wanted in rules.Scopes)
        {
            if (!rules.ScopeStrategy.Allows(scopes, wanted))
            {
                return JwtVerification.Refused($"JSON Web Token is missing required scope \"{wanted}\".");
            }
        }

        return JwtVerification.Accepted(claims);
    }

    /// <summary>golang-jwt's checks with no leeway: valid while now &lt; exp, from nbf on, not before iat; times that are not numbers are invalid.</summary>
    private static string? TimeProblem(JsonObject claims, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        var exp = JwtClaims.Seconds(claims, "exp", out var expValid);
        var iat = JwtClaims.Seconds(claims, "iat", out var iatValid);
        var nbf = JwtClaims.Seconds(claims, "nbf", out var nbfValid);
        return !expValid ? "exp is invalid"
            : !iatValid ? "iat is invalid"
            : !nbfValid ? "nbf is invalid"
            : exp is { } e && seconds >= e ? "token is expired"
            : iat is { } i && seconds < i ? "token used before issued"
            : nbf is { } n && seconds < n ? "token is not valid yet"
            : null;
    }
}
