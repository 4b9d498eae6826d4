using System.Buffers.Binary;
using System.Numerics;

namespace Tessera.Identity.Credentials;

/// <summary>MD4 (RFC 1320), which .NET does not ship; only for verifying imported <c>$hmac-md4$</c> hashes.</summary>
internal static class Md4
{
    private const int BlockSize = 64;

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var length = ((data.Length + 8) / BlockSize + 1) * BlockSize;
        var message = new byte[length];
        data.CopyTo(message);
        message[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(length - 8), (ulong)data.Length * 8);

        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        Span<uint> x = stackalloc uint[16];
        for (var offset = 0; offset < length; offset += BlockSize)
        {
            for (var i = 0; i < 16; i++)
            {
                x[i] = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(offset + (i * 4)));
            }

            uint aa = a, bb = b, cc = c, dd = d;
            ReadOnlySpan<int> shifts1 = [3, 7, 11, 19];
            for (var i = 0; i < 16; i++)
            {
                var f = (b & c) | (~b & d);
                (a, b, c, d) = (d, BitOperations.RotateLeft(a + f + x[i], shifts1[i % 4]), b, c);
            }

            ReadOnlySpan<int> shifts2 = [3, 5, 9, 13];
            for (var i = 0; i < 16; i++)
            {
                var g = (b & c) | (b & d) | (c & d);
                var k = ((i % 4) * 4) + (i / 4);
                (a, b, c, d) = (d, BitOperations.RotateLeft(a + g + x[k] + 0x5a827999, shifts2[i % 4]), b, c);
            }

            ReadOnlySpan<int> shifts3 = [3, 9, 11, 15];
            ReadOnlySpan<int> order3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
            for (var i = 0; i < 16; i++)
            {
                var h = b ^ c ^ d;
                (a, b, c, d) = (d, BitOperations.RotateLeft(a + h + x[order3[i]] + 0x6ed9eba1, shifts3[i % 4]), b, c);
            }

            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }

        var digest = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(digest, a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(12), d);
        return digest;
    }
}
