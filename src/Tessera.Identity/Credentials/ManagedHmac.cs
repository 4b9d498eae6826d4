using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>HMAC (RFC 2104) and PBKDF2 (RFC 8018) over a hash function .NET does not ship (MD4, SHA-224, SHA3-224).</summary>
internal sealed class ManagedHmac(Func<byte[], byte[]> hash, int blockSize)
{
    private readonly int digestLength = hash([]).Length;

    public static ManagedHmac Md4 { get; } = new(data => Credentials.Md4.HashData(data), 64);

    public static ManagedHmac Sha224 { get; } = new(data => Credentials.Sha224.HashData(data), Credentials.Sha224.BlockSize);

    public static ManagedHmac Sha3224 { get; } = new(data => Credentials.Sha3224.HashData(data), Credentials.Sha3224.Rate);

    public byte[] Compute(byte[] key, byte[] message)
    {
        var block = new byte[blockSize];
        (key.Length > blockSize ? hash(key) : key).CopyTo(block, 0);
        var inner = new byte[blockSize + message.Length];
        for (var i = 0; i < blockSize; i++)
        {
            inner[i] = (byte)(block[i] ^ 0x36);
        }

        message.CopyTo(inner, blockSize);
        var innerHash = hash(inner);
        var outer = new byte[blockSize + innerHash.Length];
        for (var i = 0; i < blockSize; i++)
        {
            outer[i] = (byte)(block[i] ^ 0x5c);
        }

        innerHash.CopyTo(outer, blockSize);
        CryptographicOperations.ZeroMemory(block);
        return hash(outer);
    }

    public byte[] Pbkdf2(byte[] password, byte[] salt, int iterations, int length)
    {
        var output = new byte[length];
        for (var blockIndex = 1; (blockIndex - 1) * digestLength < length; blockIndex++)
        {
            var u = Compute(password, [.. salt, (byte)(blockIndex >> 24), (byte)(blockIndex >> 16), (byte)(blockIndex >> 8), (byte)blockIndex]);
            var t = (byte[])u.Clone();
            for (var i = 1; i < iterations; i++)
            {
                u = Compute(password, u);
                for (var k = 0; k < t.Length; k++)
                {
                    t[k] ^= u[k];
                }
            }

            var start = (blockIndex - 1) * t.Length;
            t.AsSpan(0, Math.Min(t.Length, length - start)).CopyTo(output.AsSpan(start));
        }

        return output;
    }
}
