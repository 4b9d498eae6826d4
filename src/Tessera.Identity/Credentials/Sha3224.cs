using System.Buffers.Binary;
using System.Numerics;

namespace Tessera.Identity.Credentials;

/// <summary>SHA3-224 (FIPS 202: Keccak-f[1600], rate 144 bytes), which .NET does not ship; only for <c>$pbkdf2-sha224$</c> (Kratos maps it to SHA3-224).</summary>
internal static class Sha3224
{
    public const int Rate = 144;

    private static readonly ulong[] RoundConstants = ComputeRoundConstants();
    private static readonly int[] Rotations = ComputeRotations();

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var padded = new byte[((data.Length / Rate) + 1) * Rate];
        data.CopyTo(padded);
        padded[data.Length] ^= 0x06;
        padded[^1] ^= 0x80;

        Span<ulong> state = stackalloc ulong[25];
        for (var offset = 0; offset < padded.Length; offset += Rate)
        {
            for (var i = 0; i < Rate / 8; i++)
            {
                state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(padded.AsSpan(offset + (i * 8)));
            }

            Permute(state);
        }

        var output = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(i * 8), state[i]);
        }

        return output[..28];
    }

    private static void Permute(Span<ulong> a)
    {
        Span<ulong> c = stackalloc ulong[5];
        Span<ulong> b = stackalloc ulong[25];
        for (var round = 0; round < 24; round++)
        {
            for (var x = 0; x < 5; x++)
            {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }

            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (var y = 0; y < 25; y += 5)
                {
                    a[x + y] ^= d;
                }
            }

            for (var x = 0; x < 5; x++)
            {
                for (var y = 0; y < 5; y++)
                {
                    b[y + (5 * (((2 * x) + (3 * y)) % 5))] = BitOperations.RotateLeft(a[x + (5 * y)], Rotations[x + (5 * y)]);
                }
            }

            for (var y = 0; y < 25; y += 5)
            {
                for (var x = 0; x < 5; x++)
                {
                    a[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & b[((x + 2) % 5) + y]);
                }
            }

            a[0] ^= RoundConstants[round];
        }
    }

    private static ulong[] ComputeRoundConstants()
    {
        var constants = new ulong[24];
        for (var round = 0; round < 24; round++)
        {
            for (var j = 0; j <= 6; j++)
            {
                if (Lfsr((7 * round) + j))
                {
                    constants[round] |= 1UL << ((1 << j) - 1);
                }
            }
        }

        return constants;
    }

    private static bool Lfsr(int t)
    {
        var r = 1;
        for (var i = 0; i < t % 255; i++)
        {
            r <<= 1;
            if ((r & 0x100) != 0)
            {
                r ^= 0x171;
            }
        }

        return (r & 1) != 0;
    }

    private static int[] ComputeRotations()
    {
        var rotations = new int[25];
        int x = 1, y = 0;
        for (var t = 0; t < 24; t++)
        {
            rotations[x + (5 * y)] = ((t + 1) * (t + 2) / 2) % 64;
            (x, y) = (y, ((2 * x) + (3 * y)) % 5);
        }

        return rotations;
    }
}
