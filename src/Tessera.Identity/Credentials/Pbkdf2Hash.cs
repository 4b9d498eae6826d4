using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>
/// <c>$pbkdf2-&lt;digest&gt;$i=&lt;iterations&gt;,l=&lt;length&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash unpadded base64.
/// As in Kratos, <c>sha1</c>, <c>sha256</c> and <c>sha512</c> are HMAC-SHA-1/2, <c>sha384</c> is HMAC-SHA3-384 and
/// <c>sha224</c> HMAC-SHA3-224 (Kratos keeps that historical mapping), and any other digest falls back to SHA-256.
/// </summary>
internal sealed class Pbkdf2Hash : IPasswordHashFormat
{
    public const long MaxIterations = 10_000_000;

    public static Pbkdf2Hash Instance { get; } = new();

    public string Name => "pbkdf2";

    public bool Matches(string hash)
    {
        if (!hash.StartsWith("$pbkdf2-sha", StringComparison.Ordinal))
        {
            return false;
        }

        var digits = hash.AsSpan("$pbkdf2-sha".Length);
        var end = digits.IndexOf('$');
        return end is >= 1 and <= 3 && HashText.IsDigits(digits[..end]);
    }

    public bool IsImportable(string hash) => TryDecode(hash, out _, out _, out _, out _);

    public bool Verify(string hash, byte[] password)
    {
        if (!TryDecode(hash, out var digest, out var iterations, out var salt, out var expected) || expected.Length == 0)
        {
            return false;
        }

        var actual = digest switch
        {
            "sha1" => Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA1, expected.Length),
            "sha512" => Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length),
            "sha384" when SHA3_384.IsSupported => Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA3_384, expected.Length),
            "sha224" => Sha3224.Pbkdf2Hmac(password, salt, iterations, expected.Length),
            "sha384" => null,
            _ => Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length),
        };
        return actual is not null && HashText.FixedTimeEquals(actual, expected);
    }

    private static bool TryDecode(string hash, out string digest, out int iterations, out byte[] salt, out byte[] key)
    {
        digest = "";
        iterations = 0;
        salt = key = [];
        var parts = hash.Split('$');
        Span<long> values = stackalloc long[2];
        if (parts.Length != 5 || !HashText.TryParseParameters(parts[2], ["i", "l"], values)
            || values[0] is < 1 or > MaxIterations
            || !HashText.TryDecodeRaw(parts[3], out salt) || !HashText.TryDecodeRaw(parts[4], out key))
        {
            return false;
        }

        digest = parts[1]["pbkdf2-".Length..];
        iterations = (int)values[0];
        return true;
    }
}
