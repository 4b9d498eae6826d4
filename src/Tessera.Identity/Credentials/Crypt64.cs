using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>The crypt(3) base-64 alphabet and its little-endian 24-bit groups, shared by md5-crypt and SHA-crypt.</summary>
internal static class Crypt64
{
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Appends <paramref name="count"/> characters for the 24-bit value <c>b2:b1:b0</c>, lowest six bits first.</summary>
    public static void Append(StringBuilder output, byte b2, byte b1, byte b0, int count)
    {
        var w = (b2 << 16) | (b1 << 8) | b0;
        for (var i = 0; i < count; i++)
        {
            output.Append(Alphabet[w & 0x3f]);
            w >>= 6;
        }
    }

    /// <summary>Encodes <paramref name="digest"/> taking its bytes in the groups of <paramref name="order"/> (triples of indices, -1 for a zero byte).</summary>
    public static string Encode(byte[] digest, ReadOnlySpan<int> order, int tailCount)
    {
        var output = new StringBuilder();
        for (var i = 0; i < order.Length; i += 3)
        {
            var count = i + 3 == order.Length ? tailCount : 4;
            Append(output, At(digest, order[i]), At(digest, order[i + 1]), At(digest, order[i + 2]), count);
        }

        return output.ToString();
    }

    private static byte At(byte[] digest, int index) => index < 0 ? (byte)0 : digest[index];
}
