using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// RFC 7636 with S256 only (RFC 9700 §2.1.1), as Hydra runs fosite's PKCE handler: a challenge
/// without a method means <c>plain</c>, and <c>plain</c> is refused. Challenges are checked at the
/// authorization endpoint, verifiers at the token endpoint.
/// </summary>
internal static class Pkce
{
    /// <summary>The only transformation accepted (and advertised in discovery).</summary>
    public const string S256 = "S256";

    /// <summary>An error when the challenge parameters are unusable; null when they are fine (or absent).</summary>
    public static OAuth2Error? CheckChallenge(string? challenge, string? method)
    {
        if (string.IsNullOrEmpty(challenge))
        {
            return string.IsNullOrEmpty(method) ? null : OAuth2Error.InvalidRequest("The code_challenge_method was set but code_challenge is missing.");
        }

        if (CheckMethod(method) is { } refused)
        {
            return refused;
        }

        return challenge.Length is < 43 or > 128 || !challenge.All(IsUnreserved)
            ? OAuth2Error.InvalidRequest("The code_challenge must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].")
            : null;
    }

    /// <summary>Whether <paramref name="verifier"/> answers the challenge stored with the code (constant time).</summary>
    public static OAuth2Error? CheckVerifier(string? challenge, string? method, string? verifier)
    {
        if (string.IsNullOrEmpty(challenge))
        {
            return string.IsNullOrEmpty(verifier) ? null : OAuth2Error.InvalidGrant("The code_verifier was sent but the authorization request had no code_challenge.");
        }

        // A code stored with another method (before plain was refused) is refused as fosite re-checks it here.
        if (CheckMethod(method) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrEmpty(verifier))
        {
            return OAuth2Error.InvalidGrant("The code_verifier is missing; the authorization request used PKCE.");
        }

        if (verifier.Length is < 43 or > 128 || !verifier.All(IsUnreserved))
        {
            return OAuth2Error.InvalidGrant("The code_verifier must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].");
        }

        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge))
            ? null
            : OAuth2Error.InvalidGrant("The PKCE code_verifier does not match the code_challenge.");
    }

    private static OAuth2Error? CheckMethod(string? method) => method switch
    {
        S256 => null,
        null or "" or "plain" => OAuth2Error.InvalidRequest("Clients must use code_challenge_method=S256, plain is not allowed."),
        _ => OAuth2Error.InvalidRequest("The code_challenge_method is not supported, use S256 instead."),
    };

    private static bool IsUnreserved(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';
}
