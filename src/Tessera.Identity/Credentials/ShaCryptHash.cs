using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// SHA-crypt (Ulrich Drepper's <c>$5$</c>/<c>$6$</c> specification), imported as Kratos spells it:
/// <c>$sha256-crypt$[rounds=N$]&lt;salt&gt;$&lt;hash&gt;</c> and <c>$sha512-crypt$…</c>.
/// </summary>
internal sealed class ShaCryptHash : IPasswordHashFormat
{
    private const int DefaultRounds = 5000;
    private const int MinRounds = 1000;
    private const int MaxRounds = 999_999_999;
    private const int MaxSaltLength = 16;

    private static readonly int[] Sha256Order =
        [0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17, 18, 28, 8, 9, 19, 29, -1, 31, 30];

    private static readonly int[] Sha512Order =
    [
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51, 31, 52, 10,
        53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41,
        -1, -1, 63,
    ];

    private readonly string prefix;
    private readonly HashAlgorithmName algorithm;
    private readonly int digestLength;

    private ShaCryptHash(string name, string prefix, HashAlgorithmName algorithm, int digestLength)
    {
        Name = name;
        this.prefix = prefix;
        this.algorithm = algorithm;
        this.digestLength = digestLength;
    }

    public static ShaCryptHash Sha256 { get; } = new("sha256crypt", "$sha256-crypt$", HashAlgorithmName.SHA256, 32);

    public static ShaCryptHash Sha512 { get; } = new("sha512crypt", "$sha512-crypt$", HashAlgorithmName.SHA512, 64);

    public string Name { get; }

    public bool Matches(string hash) => hash.StartsWith(prefix, StringComparison.Ordinal);

    public bool Verify(string hash, byte[] password)
    {
        var parts = hash[prefix.Length..].Split('$');
        var rounds = DefaultRounds;
        if (parts.Length == 3 && parts[0].StartsWith("rounds=", StringComparison.Ordinal))
        {
            var digits = parts[0].AsSpan("rounds=".Length);
            if (digits.IsEmpty || digits.Length > 9 || !HashText.IsDigits(digits))
            {
                return false;
            }

            rounds = Math.Clamp(int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture), MinRounds, MaxRounds);
            parts = parts[1..];
        }

        var expectedLength = digestLength == 32 ? 43 : 86;
        if (parts.Length != 2 || parts[0].Length > MaxSaltLength || parts[1].Length != expectedLength)
        {
            return false;
        }

        return HashText.FixedTimeEquals(Compute(password, Encoding.UTF8.GetBytes(parts[0]), rounds), parts[1]);
    }

    /// <summary>The encoded SHA-crypt digest (without salt or rounds) of <paramref name="password"/>.</summary>
    internal string Compute(byte[] password, byte[] salt, int rounds)
    {
        using var context = IncrementalHash.CreateHash(algorithm);

        context.AppendData(password);
        context.AppendData(salt);
        context.AppendData(password);
        var b = context.GetHashAndReset();

        context.AppendData(password);
        context.AppendData(salt);
        AppendRepeated(context, b, password.Length);
        for (var i = password.Length; i > 0; i >>= 1)
        {
            context.AppendData((i & 1) != 0 ? b : password);
        }

        var a = context.GetHashAndReset();

        for (var i = 0; i < password.Length; i++)
        {
            context.AppendData(password);
        }

        var p = Repeat(context.GetHashAndReset(), password.Length);

        for (var i = 0; i < 16 + a[0]; i++)
        {
            context.AppendData(salt);
        }

        var s = Repeat(context.GetHashAndReset(), salt.Length);

        var c = a;
        for (var i = 0; i < rounds; i++)
        {
            context.AppendData((i & 1) != 0 ? p : c);
            if (i % 3 != 0)
            {
                context.AppendData(s);
            }

            if (i % 7 != 0)
            {
                context.AppendData(p);
            }

            context.AppendData((i & 1) != 0 ? c : p);
            c = context.GetHashAndReset();
        }

        return digestLength == 32 ? Crypt64.Encode(c, Sha256Order, tailCount: 3) : Crypt64.Encode(c, Sha512Order, tailCount: 2);
    }

    private static void AppendRepeated(IncrementalHash context, byte[] block, int length)
    {
        for (var left = length; left > 0; left -= block.Length)
        {
            context.AppendData(block, 0, Math.Min(block.Length, left));
        }
    }

    private static byte[] Repeat(byte[] block, int length)
    {
        var output = new byte[length];
        for (var i = 0; i < length; i++)
        {
            output[i] = block[i % block.Length];
        }

        return output;
    }
}
