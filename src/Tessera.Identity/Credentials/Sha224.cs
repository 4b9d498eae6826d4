using System.Buffers.Binary;
using System.Numerics;

namespace Tessera.Identity.Credentials;

/// <summary>SHA-224 (FIPS 180-4: SHA-256 with its own initial value, cut to 28 bytes), which .NET does not ship; only for <c>$hmac-sha224$</c>.</summary>
internal static class Sha224
{
    public const int BlockSize = 64;

    private static readonly uint[] Initial = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];

    /// <summary>SHA-256's round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.</summary>
    private static readonly uint[] K = RoundConstants();

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var length = ((data.Length + 8) / BlockSize + 1) * BlockSize;
        var message = new byte[length];
        data.CopyTo(message);
        message[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(length - 8), (ulong)data.Length * 8);

        var h = (uint[])Initial.Clone();
        Span<uint> w = stackalloc uint[64];
        for (var offset = 0; offset < length; offset += BlockSize)
        {
            for (var i = 0; i < 16; i++)
            {
                w[i] = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(offset + (i * 4)));
            }

            for (var i = 16; i < 64; i++)
            {
                var s0 = BitOperations.RotateRight(w[i - 15], 7) ^ BitOperations.RotateRight(w[i - 15], 18) ^ (w[i - 15] >> 3);
                var s1 = BitOperations.RotateRight(w[i - 2], 17) ^ BitOperations.RotateRight(w[i - 2], 19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }

            uint a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (var i = 0; i < 64; i++)
            {
                var t1 = hh + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[i] + w[i];
                var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
                (hh, g, f, e, d, c, b, a) = (g, f, e, d + t1, c, b, a, t1 + t2);
            }

            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }

        var digest = new byte[28];
        for (var i = 0; i < 7; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(i * 4), h[i]);
        }

        return digest;
    }

    private static uint[] RoundConstants()
    {
        var constants = new uint[64];
        var found = 0;
        for (var candidate = 2; found < 64; candidate++)
        {
            var prime = true;
            for (var divisor = 2; divisor * divisor <= candidate; divisor++)
            {
                prime &= candidate % divisor != 0;
            }

            if (prime)
            {
                // floor(cbrt(p) · 2³²) mod 2³² = floor(cbrt(p · 2⁹⁶)) mod 2³², computed exactly.
                constants[found++] = (uint)(IntegerCubeRoot(new BigInteger(candidate) << 96) & uint.MaxValue);
            }
        }

        return constants;
    }

    private static BigInteger IntegerCubeRoot(BigInteger n)
    {
        var x = BigInteger.One << (int)((n.GetBitLength() / 3) + 1);
        while (true)
        {
            var next = ((2 * x) + (n / (x * x))) / 3;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }
}
