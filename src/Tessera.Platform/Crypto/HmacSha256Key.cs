using System.Security.Cryptography;

namespace Tessera.Platform.Crypto;

/// <summary>
/// HMAC-SHA256 (RFC 2104) under one fixed key, with the padded key blocks computed once: a MAC is
/// then two SHA-256 one-shots. Setting up an HMAC context per call, as <see cref="HMACSHA256.HashData(byte[], byte[])"/>
/// does, costs OpenSSL 3 more than hashing a short token; tokens are signed and checked on every request.
/// </summary>
public sealed class HmacSha256Key
{
    public const int MacBytes = 32;
    private const int BlockBytes = 64;
    private const int StackLimit = 1024;
    private readonly byte[] innerPad = new byte[BlockBytes];
    private readonly byte[] outerPad = new byte[BlockBytes];

    public HmacSha256Key(ReadOnlySpan<byte> key)
    {
        Span<byte> block = stackalloc byte[BlockBytes];
        block.Clear();
        if (key.Length > BlockBytes)
        {
            SHA256.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        for (var i = 0; i < BlockBytes; i++)
        {
            innerPad[i] = (byte)(block[i] ^ 0x36);
            outerPad[i] = (byte)(block[i] ^ 0x5c);
        }

        CryptographicOperations.ZeroMemory(block);
    }

    /// <summary>Writes the 32-byte MAC of <paramref name="message"/> to <paramref name="mac"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        var length = BlockBytes + message.Length;
        var inner = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        innerPad.CopyTo(inner);
        message.CopyTo(inner[BlockBytes..]);
        Span<byte> outer = stackalloc byte[BlockBytes + MacBytes];
        outerPad.CopyTo(outer);
        SHA256.HashData(inner, outer[BlockBytes..]);
        SHA256.HashData(outer, mac);
    }
}
