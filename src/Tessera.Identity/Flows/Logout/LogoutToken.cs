using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Flows.Logout;

/// <summary>
/// The logout token of a session: <c>ory_lo_</c> + base64url HMAC-SHA256 keyed with the session token itself.
/// Kratos stores a random token on the session; deriving it instead binds it to the session just as well (it can
/// only be computed, or checked, by whoever holds the session token), needs no column and no server secret, and
/// tells nothing about the session token. Checked in constant time.
/// </summary>
internal static class LogoutToken
{
    public const string Prefix = "ory_lo_";

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("tessera/identity/logout-token");

    public static string For(string sessionToken)
        => Prefix + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sessionToken), Purpose));

    public static bool Matches(string sessionToken, string presented)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(For(sessionToken)), Encoding.UTF8.GetBytes(presented));
}
