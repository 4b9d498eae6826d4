using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
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
    private const int MaxSealedLength = 1024 * 1024;

    private readonly SecretKeys secrets;
    private readonly ConcurrentDictionary<string, Purpose> purposes = new(StringComparer.Ordinal);

    public SecretBox(SecretKeys secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        this.secrets = secrets;
    }

    public string Seal(string purpose, ReadOnlySpan<byte> plaintext)
    {
        var keys = For(purpose);
        var output = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        var aes = keys.Rent(0);
        try
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length), keys.AssociatedData);
        }
        finally
        {
            keys.Return(0, aes);
        }

        return Version + Base64Url.EncodeToString(output);
    }

    public string Seal(string purpose, string plaintext) => Seal(purpose, Encoding.UTF8.GetBytes(plaintext));

    /// <summary>The plaintext, or null when the box is malformed, tampered with, sealed for another purpose or under an unknown secret.</summary>
    public byte[]? Open(string purpose, string? sealedText)
        => sealedText is null || sealedText.Length > MaxSealedLength ? null : Open(purpose, Encoding.UTF8.GetBytes(sealedText));

    /// <summary>Like <see cref="Open(string, string?)"/>, for a box read as UTF-8 bytes (a token's stored session).</summary>
    public byte[]? Open(string purpose, ReadOnlySpan<byte> sealedUtf8)
    {
        if (!sealedUtf8.StartsWith("v1."u8) || sealedUtf8.Length > MaxSealedLength)
        {
            return null;
        }

        var encoded = sealedUtf8[Version.Length..];
        var rented = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encoded.Length));
        try
        {
            return Base64Url.DecodeFromUtf8(encoded, rented, out var consumed, out var written) == OperationStatus.Done && consumed == encoded.Length
                ? Decrypt(purpose, rented.AsSpan(0, written))
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private byte[]? Decrypt(string purpose, ReadOnlySpan<byte> data)
    {
        if (data.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var length = data.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        var keys = For(purpose);
        for (var i = 0; i < keys.Count; i++)
        {
            var aes = keys.Rent(i);
            try
            {
                aes.Decrypt(data[..NonceBytes], data.Slice(NonceBytes, length), data[(NonceBytes + length)..], plaintext, keys.AssociatedData);
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
                // not this secret; try the next
            }
            finally
            {
                keys.Return(i, aes);
            }
        }

        return null;
    }

    public string? OpenString(string purpose, string? sealedText)
        => Open(purpose, sealedText) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private Purpose For(string purpose)
        => purposes.TryGetValue(purpose, out var keys) ? keys : purposes.GetOrAdd(purpose, p => new Purpose(p, secrets.DeriveAll("secret-box/" + p).ToArray()));

    /// <summary>
    /// One purpose's derived keys and its ciphers. An <see cref="AesGcm"/> may serve one caller at a
    /// time, and setting one up costs more than the encryption of a small box, so they are kept for reuse.
    /// </summary>
    private sealed class Purpose(string name, byte[][] keys)
    {
        private readonly ConcurrentBag<AesGcm>[] ciphers = keys.Select(_ => new ConcurrentBag<AesGcm>()).ToArray();

        public byte[] AssociatedData { get; } = Encoding.UTF8.GetBytes(name);

        public int Count => keys.Length;

        public AesGcm Rent(int index) => ciphers[index].TryTake(out var aes) ? aes : new AesGcm(keys[index], TagBytes);

        public void Return(int index, AesGcm aes) => ciphers[index].Add(aes);
    }
}
