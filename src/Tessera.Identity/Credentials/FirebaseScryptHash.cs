using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Firebase's modified scrypt as Kratos imports it:
/// <c>$firescrypt$ln=&lt;mem_cost&gt;,r=&lt;rounds&gt;,p=&lt;p&gt;$&lt;salt&gt;$&lt;hash&gt;$&lt;salt_separator&gt;$&lt;signer_key&gt;</c> (padded
/// base64). The key scrypt(password, salt‖separator, N = 2^ln, r, p, 32) encrypts the signer key with AES-256-CTR
/// from a zero counter; the result must equal the hash. ln ≤ 17 as in Kratos.
/// </summary>
internal sealed class FirebaseScryptHash : IPasswordHashFormat
{
    public const long MaxLn = 17;

    public static FirebaseScryptHash Instance { get; } = new();

    public string Name => "firebasescrypt";

    public bool Matches(string hash) => hash.StartsWith("$firescrypt$", StringComparison.Ordinal);

    public bool IsImportable(string hash) => TryDecode(hash, out _, out _, out _, out _, out _);

    public bool Verify(string hash, byte[] password)
    {
        if (!TryDecode(hash, out var parameters, out var salt, out var expected, out var separator, out var signerKey)
            || parameters[0] < 1 || expected.Length == 0)
        {
            return false;
        }

        var key = Scrypt.DeriveKey(password, [.. salt, .. separator], 1 << (int)parameters[0], (int)parameters[1], (int)parameters[2], 32);
        using var aes = Aes.Create();
        aes.Key = key;
        CryptographicOperations.ZeroMemory(key);

        // CTR from a zero counter: encrypt the counter blocks with ECB and XOR them over the signer key.
        var blocks = (signerKey.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        for (var i = 0; i < blocks; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * 16) + 8), (ulong)i);
        }

        var keystream = aes.EncryptEcb(counters, PaddingMode.None);
        var actual = new byte[signerKey.Length];
        for (var i = 0; i < actual.Length; i++)
        {
            actual[i] = (byte)(signerKey[i] ^ keystream[i]);
        }

        return HashText.FixedTimeEquals(actual, expected);
    }

    private static bool TryDecode(string hash, out long[] parameters, out byte[] salt, out byte[] key, out byte[] separator, out byte[] signerKey)
    {
        salt = key = separator = signerKey = [];
        var parts = hash.Split('$');
        parameters = [];
        return parts.Length == 7 && ScryptHash.TryParseCost(parts[2], MaxLn, out parameters)
            && HashText.TryDecodePadded(parts[3], out salt) && HashText.TryDecodePadded(parts[4], out key)
            && HashText.TryDecodePadded(parts[5], out separator) && HashText.TryDecodePadded(parts[6], out signerKey);
    }
}
