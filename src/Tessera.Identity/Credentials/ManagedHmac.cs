using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>HMAC (RFC 2104) over a hash function .NET does not ship (MD4, SHA-224, SHA3-224).</summary>
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
}
