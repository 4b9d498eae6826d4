using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Sessions;

/// <summary>
/// Session tokens: <c>ory_st_</c> and 32 random bytes in base64url (256 bits; Kratos's are 32 alphanumerics).
/// Only the SHA-256 of a token is stored, so a database leak gives no usable token; a token is found by its
/// hash and the stored hash is compared with the presented one in constant time.
/// </summary>
internal static class SessionToken
{
    public const string Prefix = "ory_st_";

    /// <summary>The longest token looked up; anything longer is no token of ours.</summary>
    public const int MaxLength = 512;

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form: lower-case hex SHA-256 of the token's UTF-8.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when <paramref name="storedHash"/> is the hash of <paramref name="presentedHash"/>'s token, compared in constant time.</summary>
    public static bool Matches(string storedHash, string presentedHash)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(presentedHash));
}
