using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// md5-crypt (Poul-Henning Kamp's <c>$1$</c>), imported as Kratos spells it: <c>$md5-crypt$&lt;salt&gt;$&lt;hash&gt;</c>
/// (Kratos swaps the prefix for <c>$1</c> before decoding; a bare <c>$1$</c> is not a format Kratos recognises).
/// </summary>
internal sealed class Md5CryptHash : IPasswordHashFormat
{
    private const string Prefix = "$md5-crypt$";
    private const int MaxSaltLength = 8;

    private static readonly int[] Order = [0, 6, 12, 1, 7, 13, 2, 8, 14, 3, 9, 15, 4, 10, 5, -1, -1, 11];

    public static Md5CryptHash Instance { get; } = new();

    public string Name => "md5crypt";

    public bool Matches(string hash) => hash.StartsWith(Prefix, StringComparison.Ordinal);

    public bool Verify(string hash, byte[] password)
    {
        var parts = hash[Prefix.Length..].Split('$');
        if (parts.Length != 2 || parts[0].Length > MaxSaltLength || parts[1].Length != 22)
        {
            return false;
        }

        var computed = Compute(password, Encoding.UTF8.GetBytes(parts[0]));
        return HashText.FixedTimeEquals(computed, parts[1]);
    }

    /// <summary>The 22-character md5-crypt digest of <paramref name="password"/> with <paramref name="salt"/> (at most 8 bytes).</summary>
    internal static string Compute(byte[] password, byte[] salt)
    {
        var alternate = MD5.HashData([.. password, .. salt, .. password]);

        using var context = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        context.AppendData(password);
        context.AppendData("$1$"u8);
        context.AppendData(salt);
        for (var left = password.Length; left > 0; left -= 16)
        {
            context.AppendData(alternate, 0, Math.Min(16, left));
        }

        for (var i = password.Length; i != 0; i >>= 1)
        {
            if ((i & 1) != 0)
            {
                context.AppendData([0]);
            }
            else
            {
                context.AppendData(password, 0, 1);
            }
        }

        var final = context.GetHashAndReset();
        for (var i = 0; i < 1000; i++)
        {
            context.AppendData((i & 1) != 0 ? password : final);
            if (i % 3 != 0)
            {
                context.AppendData(salt);
            }

            if (i % 7 != 0)
            {
                context.AppendData(password);
            }

            context.AppendData((i & 1) != 0 ? final : password);
            final = context.GetHashAndReset();
        }

        return Crypt64.Encode(final, Order, tailCount: 2);
    }
}
