using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// <c>$hmac-&lt;digest&gt;$&lt;hash&gt;$&lt;key&gt;</c> (digest md4, md5, sha1, sha224, sha256, sha384 or sha512): the hash part is
/// padded base64 of the lower-case hex HMAC of the password under the key, the key padded base64.
/// </summary>
internal sealed class HmacHash : IPasswordHashFormat
{
    private static readonly string[] Digests = ["md4", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"];

    public static HmacHash Instance { get; } = new();

    public string Name => "hmac";

    public bool Matches(string hash) => DigestOf(hash) is not null;

    public bool Verify(string hash, byte[] password)
    {
        var parts = hash.Split('$');
        var digest = DigestOf(hash);
        if (digest is null || parts.Length != 4
            || !HashText.TryDecodePadded(parts[2], out var expected) || !HashText.TryDecodePadded(parts[3], out var key))
        {
            return false;
        }

        var mac = digest switch
        {
            "md4" => ManagedHmac.Md4.Compute(key, password),
            "md5" => HMACMD5.HashData(key, password),
            "sha1" => HMACSHA1.HashData(key, password),
            "sha224" => ManagedHmac.Sha224.Compute(key, password),
            "sha256" => HMACSHA256.HashData(key, password),
            "sha384" => HMACSHA384.HashData(key, password),
            _ => HMACSHA512.HashData(key, password),
        };
        return HashText.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac)), expected);
    }

    private static string? DigestOf(string hash)
    {
        foreach (var digest in Digests)
        {
            if (hash.StartsWith("$hmac-" + digest + "$", StringComparison.Ordinal))
            {
                return digest;
            }
        }

        return null;
    }
}
