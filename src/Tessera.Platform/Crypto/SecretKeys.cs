using System.Security.Cryptography;
using System.Text;

namespace Tessera.Platform.Crypto;

/// <summary>
/// Keys derived from the configured secrets (<c>secrets.system</c>, <c>secrets.cookie</c>): the first
/// secret signs and encrypts, every secret verifies and decrypts, so secrets rotate without downtime.
/// Each use gets its own key (HKDF with the purpose as info), so one purpose's output is never valid
/// for another.
/// </summary>
public sealed class SecretKeys
{
    private readonly byte[][] secrets;

    public SecretKeys(IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one secret is required.", nameof(secrets));
        }

        this.secrets = secrets.Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
    }

    public int Count => secrets.Length;

    /// <summary>The 32-byte key for <paramref name="purpose"/> from the secret at <paramref name="index"/> (0 is the current one).</summary>
    public byte[] Derive(string purpose, int index = 0)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, secrets[index], 32, salt: [], info: Encoding.UTF8.GetBytes("tessera/" + purpose));

    /// <summary>Keys for every secret, current first.</summary>
    public IEnumerable<byte[]> DeriveAll(string purpose)
    {
        for (var i = 0; i < secrets.Length; i++)
        {
            yield return Derive(purpose, i);
        }
    }
}
