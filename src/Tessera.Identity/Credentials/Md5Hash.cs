using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>Plain or salted MD5: <c>$md5$&lt;hash&gt;</c> or <c>$md5$pf=&lt;format&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, parts padded base64.</summary>
internal sealed class Md5Hash : IPasswordHashFormat
{
    public static Md5Hash Instance { get; } = new();

    public string Name => "md5";

    public bool Matches(string hash) => hash.StartsWith("$md5$", StringComparison.Ordinal);

    public bool Verify(string hash, byte[] password)
    {
        var parts = hash.Split('$');
        byte[] input;
        byte[] expected;
        switch (parts.Length)
        {
            case 3 when HashText.TryDecodePadded(parts[2], out expected):
                input = password;
                break;
            case 5 when SaltedShaHash.TryDecodeSaltingFormat(parts[2], out var format)
                && HashText.TryDecodePadded(parts[3], out var salt) && HashText.TryDecodePadded(parts[4], out expected):
                input = HashText.ApplySaltingFormat(format, salt, password);
                break;
            default:
                return false;
        }

        return HashText.FixedTimeEquals(MD5.HashData(input), expected);
    }
}
