using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>scrypt (RFC 7914): PBKDF2-HMAC-SHA256 around ROMix over BlockMix with the Salsa20/8 core.</summary>
internal static class Scrypt
{
    /// <summary>The derived key; <paramref name="n"/> must be a power of two above 1 (callers bound n, r and p first).</summary>
    public static byte[] DeriveKey(byte[] password, byte[] salt, int n, int r, int p, int length)
    {
        if (n < 2 || !BitOperations.IsPow2(n) || r < 1 || p < 1 || length < 1)
        {
            throw new ArgumentException("scrypt needs N a power of two above 1 and r, p, length at least 1.");
        }

        var blockBytes = 128 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, p * blockBytes);
        var words = 32 * r;
        var x = new uint[words];
        var v = new uint[words * n];
        var scratch = new uint[words];
        for (var i = 0; i < p; i++)
        {
            var chunk = b.AsSpan(i * blockBytes, blockBytes);
            for (var w = 0; w < words; w++)
            {
                x[w] = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(w * 4)..]);
            }

            RoMix(x, v, scratch, n, r);
            for (var w = 0; w < words; w++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(chunk[(w * 4)..], x[w]);
            }
        }

        var key = Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, length);
        CryptographicOperations.ZeroMemory(b);
        return key;
    }

    private static void RoMix(uint[] x, uint[] v, uint[] scratch, int n, int r)
    {
        var words = x.Length;
        for (var i = 0; i < n; i++)
        {
            x.CopyTo(v, i * words);
            BlockMix(x, scratch, r);
        }

        for (var i = 0; i < n; i++)
        {
            var j = (int)(x[words - 16] & (uint)(n - 1));
            for (var w = 0; w < words; w++)
            {
                x[w] ^= v[(j * words) + w];
            }

            BlockMix(x, scratch, r);
        }
    }

    /// <summary>BlockMix: Salsa20/8 chained over the 2r 64-byte blocks, even outputs first, then odd.</summary>
    private static void BlockMix(uint[] b, uint[] y, int r)
    {
        Span<uint> x = stackalloc uint[16];
        b.AsSpan(((2 * r) - 1) * 16, 16).CopyTo(x);
        for (var i = 0; i < 2 * r; i++)
        {
            for (var w = 0; w < 16; w++)
            {
                x[w] ^= b[(i * 16) + w];
            }

            Salsa208(x);
            var target = ((i & 1) == 0 ? i / 2 : r + (i / 2)) * 16;
            x.CopyTo(y.AsSpan(target, 16));
        }

        y.CopyTo(b, 0);
    }

    private static void Salsa208(Span<uint> block)
    {
        Span<uint> x = stackalloc uint[16];
        block.CopyTo(x);
        for (var round = 0; round < 8; round += 2)
        {
            x[4] ^= BitOperations.RotateLeft(x[0] + x[12], 7);
            x[8] ^= BitOperations.RotateLeft(x[4] + x[0], 9);
            x[12] ^= BitOperations.RotateLeft(x[8] + x[4], 13);
            x[0] ^= BitOperations.RotateLeft(x[12] + x[8], 18);
            x[9] ^= BitOperations.RotateLeft(x[5] + x[1], 7);
            x[13] ^= BitOperations.RotateLeft(x[9] + x[5], 9);
            x[1] ^= BitOperations.RotateLeft(x[13] + x[9], 13);
            x[5] ^= BitOperations.RotateLeft(x[1] + x[13], 18);
            x[14] ^= BitOperations.RotateLeft(x[10] + x[6], 7);
            x[2] ^= BitOperations.RotateLeft(x[14] + x[10], 9);
            x[6] ^= BitOperations.RotateLeft(x[2] + x[14], 13);
            x[10] ^= BitOperations.RotateLeft(x[6] + x[2], 18);
            x[3] ^= BitOperations.RotateLeft(x[15] + x[11], 7);
            x[7] ^= BitOperations.RotateLeft(x[3] + x[15], 9);
            x[11] ^= BitOperations.RotateLeft(x[7] + x[3], 13);
            x[15] ^= BitOperations.RotateLeft(x[11] + x[7], 18);
            x[1] ^= BitOperations.RotateLeft(x[0] + x[3], 7);
            x[2] ^= BitOperations.RotateLeft(x[1] + x[0], 9);
            x[3] ^= BitOperations.RotateLeft(x[2] + x[1], 13);
            x[0] ^= BitOperations.RotateLeft(x[3] + x[2], 18);
            x[6] ^= BitOperations.RotateLeft(x[5] + x[4], 7);
            x[7] ^= BitOperations.RotateLeft(x[6] + x[5], 9);
            x[4] ^= BitOperations.RotateLeft(x[7] + x[6], 13);
            x[5] ^= BitOperations.RotateLeft(x[4] + x[7], 18);
            x[11] ^= BitOperations.RotateLeft(x[10] + x[9], 7);
            x[8] ^= BitOperations.RotateLeft(x[11] + x[10], 9);
            x[9] ^= BitOperations.RotateLeft(x[8] + x[11], 13);
            x[10] ^= BitOperations.RotateLeft(x[9] + x[8], 18);
            x[12] ^= BitOperations.RotateLeft(x[15] + x[14], 7);
            x[13] ^= BitOperations.RotateLeft(x[12] + x[15], 9);
            x[14] ^= BitOperations.RotateLeft(x[13] + x[12], 13);
            x[15] ^= BitOperations.RotateLeft(x[14] + x[13], 18);
        }

        for (var i = 0; i < 16; i++)
        {
            block[i] += x[i];
        }
    }
}
