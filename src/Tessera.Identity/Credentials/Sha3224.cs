using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>SHA3-224 (FIPS 202: Keccak-f[1600], rate 144 bytes), which .NET does not ship; only for <c>$pbkdf2-sha224$</c> (Kratos maps it to SHA3-224).</summary>
internal static class Sha3224
{
    public const int Rate = 144;

    private static readonly ulong[] RoundConstants = ComputeRoundConstants();
    private static readonly int[] Rotations = ComputeRotations();
    private static readonly int[] Next = [1, 2, 3, 4, 0];
    private static readonly int[] NextNext = [2, 3, 4, 0, 1];
    private static readonly int[] Previous = [4, 0, 1, 2, 3];

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

    /// <summary>
    /// PBKDF2-HMAC-SHA3-224 without allocations per iteration: the HMAC key fills exactly one rate block, so the states
    /// after absorbing the inner and outer key blocks are computed once, and each HMAC of a 28-byte U is two permutations.
    /// </summary>
    public static byte[] Pbkdf2Hmac(byte[] password, byte[] salt, int iterations, int length)
    {
        var key = new byte[Rate];
        (password.Length > Rate ? HashData(password) : password).CopyTo(key, 0);
        Span<ulong> inner = stackalloc ulong[25];
        Span<ulong> outer = stackalloc ulong[25];
        for (var i = 0; i < Rate / 8; i++)
        {
            var lane = BinaryPrimitives.ReadUInt64LittleEndian(key.AsSpan(i * 8));
            inner[i] = lane ^ 0x3636363636363636UL;
            outer[i] = lane ^ 0x5c5c5c5c5c5c5c5cUL;
        }

        Permute(inner);
        Permute(outer);
        var output = new byte[length];
        Span<ulong> state = stackalloc ulong[25];
        Span<ulong> u = stackalloc ulong[4];
        Span<ulong> t = stackalloc ulong[4];
        for (var block = 1; (block - 1) * 28 < length; block++)
        {
            var first = ManagedHmac.Sha3224.Compute(password, [.. salt, (byte)(block >> 24), (byte)(block >> 16), (byte)(block >> 8), (byte)block]);
            var padded = new byte[32];
            first.CopyTo(padded, 0);
            for (var i = 0; i < 4; i++)
            {
                u[i] = t[i] = BinaryPrimitives.ReadUInt64LittleEndian(padded.AsSpan(i * 8));
            }

            for (var n = 1; n < iterations; n++)
            {
                Absorb28(inner, u, state);
                state[..4].CopyTo(u);
                u[3] &= 0xffffffffUL;
                Absorb28(outer, u, state);
                state[..4].CopyTo(u);
                u[3] &= 0xffffffffUL;
                for (var i = 0; i < 4; i++)
                {
                    t[i] ^= u[i];
                }
            }

            for (var i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(padded.AsSpan(i * 8), t[i]);
            }

            var start = (block - 1) * 28;
            padded.AsSpan(0, Math.Min(28, length - start)).CopyTo(output.AsSpan(start));
        }

        CryptographicOperations.ZeroMemory(key);
        return output;
    }

    /// <summary>From the keyed <paramref name="keyed"/> state, absorbs a 28-byte message (lanes, the last one half full) with SHA-3 padding and permutes into <paramref name="state"/>.</summary>
    private static void Absorb28(ReadOnlySpan<ulong> keyed, ReadOnlySpan<ulong> message, Span<ulong> state)
    {
        keyed.CopyTo(state);
        state[0] ^= message[0];
        state[1] ^= message[1];
        state[2] ^= message[2];
        state[3] ^= message[3] | (0x06UL << 32);
        state[(Rate / 8) - 1] ^= 0x80UL << 56;
        Permute(state);
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
                var d = c[Previous[x]] ^ BitOperations.RotateLeft(c[Next[x]], 1);
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
                    a[x + y] = b[x + y] ^ (~b[Next[x] + y] & b[NextNext[x] + y]);
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
