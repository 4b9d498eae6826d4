using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Platform.Crypto;

/// <summary>
/// Authenticated encryption (AES-256-GCM) for data at rest and self-contained state (private keys,
/// challenges, cookies). Output: <c>"v1." + base64url(nonce | ciphertext | tag)</c>. The purpose is bound
/// as associated data and into the key, so a ciphertext made for one purpose never opens as another.
/// The first secret encrypts; every configured secret is tried to decrypt.
/// </summary>
public sealed class SecretBox
{
    private const string Version = "v1.";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly SecretKeys secrets;
    private readonly Dictionary<string, byte[][]> keysByPurpose = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public SecretBox(SecretKeys secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        this.secrets = secrets;
    }

    public string Seal(string purpose, ReadOnlySpan<byte> plaintext)
    {
        var key = Keys(purpose)[0];
        var output = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return Version + Base64Url.EncodeToString(output);
    }

    public string Seal(string purpose, string plaintext) => Seal(purpose, Encoding.UTF8.GetBytes(plaintext));

    /// <summary>The plaintext, or null when the box is malformed, tampered with, sealed for another purpose or under an unknown secret.</summary>
    public byte[]? Open(string purpose, string? sealedText)
    {
        if (sealedText is null || !sealedText.StartsWith(Version, StringComparison.Ordinal) || sealedText.Length > 1024 * 1024)
        {
            return null;
        }

        byte[] data;
        try
        {
            data = Base64Url.DecodeFromChars(sealedText.AsSpan(Version.Length));
        }
        catch (FormatException)
        {
            return null;
        }

        if (data.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var length = data.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        foreach (var key in Keys(purpose))
        {
            using var aes = new AesGcm(key, TagBytes);
            try
            {
                aes.Decrypt(data.AsSpan(0, NonceBytes), data.AsSpan(NonceBytes, length), data.AsSpan(NonceBytes + length), plaintext, Encoding.UTF8.GetBytes(purpose));
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
                // not this secret; try the next
            }
        }

        return null;
    }

    public string? OpenString(string purpose, string? sealedText)
        => Open(purpose, sealedText) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private byte[][] Keys(string purpose)
    {
        lock (gate)
        {
            if (!keysByPurpose.TryGetValue(purpose, out var keys))
            {
                keys = secrets.DeriveAll("secret-box/" + purpose).ToArray();
                keysByPurpose[purpose] = keys;
            }

            return keys;
        }
    }
}
