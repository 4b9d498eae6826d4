using System.Globalization;
using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Argon2 version 19 in PHC form, <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;iterations&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;hash&gt;</c> (and
/// <c>$argon2i$</c>), salt and hash unpadded base64; within Kratos's bounds m ≤ 1 GiB, t ≤ 10, p ≤ 16.
/// Computed by Konscious.Security.Cryptography.Argon2.
/// </summary>
internal sealed class Argon2Hash : IPasswordHashFormat
{
    public const long MaxMemoryKiB = 1 << 20;
    public const long MaxIterations = 10;
    public const long MaxParallelism = 16;

    private readonly string prefix;

    private Argon2Hash(string name)
    {
        Name = name;
        prefix = "$" + name + "$";
    }

    public static Argon2Hash Argon2id { get; } = new("argon2id");

    public static Argon2Hash Argon2i { get; } = new("argon2i");

    public string Name { get; }

    public bool Matches(string hash) => hash.StartsWith(prefix, StringComparison.Ordinal);

    public bool IsImportable(string hash) => TryDecode(hash, out _, out _, out _);

    public bool Verify(string hash, byte[] password)
    {
        if (!TryDecode(hash, out var parameters, out var salt, out var expected) || expected.Length < 4 || salt.Length < 8)
        {
            return false;
        }

        var actual = Derive(Name == "argon2id", password, salt, (int)parameters[0], (int)parameters[1], (int)parameters[2], expected.Length);
        return HashText.FixedTimeEquals(actual, expected);
    }

    /// <summary>A new <c>$argon2id$</c> hash with the configured parameters and a fresh random salt.</summary>
    public static string Hash(byte[] password, PasswordHasherOptions options)
    {
        var salt = RandomNumberGenerator.GetBytes(options.Argon2SaltLength);
        var key = Derive(true, password, salt, options.Argon2MemoryKiB, options.Argon2Iterations, options.Argon2Parallelism, options.Argon2KeyLength);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={options.Argon2MemoryKiB},t={options.Argon2Iterations},p={options.Argon2Parallelism}${Raw(salt)}${Raw(key)}");
    }

    private static string Raw(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Derive(bool id, byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        // The reference implementation (and Go's) needs at least 8 KiB per lane and rounds memory down to 4 KiB per lane.
        memoryKiB = Math.Max(memoryKiB / (4 * parallelism) * (4 * parallelism), 8 * parallelism);
        using Konscious.Security.Cryptography.Argon2 argon = id
            ? new Konscious.Security.Cryptography.Argon2id(password)
            : new Konscious.Security.Cryptography.Argon2i(password);
        argon.Salt = salt;
        argon.MemorySize = memoryKiB;
        argon.Iterations = iterations;
        argon.DegreeOfParallelism = parallelism;
        return argon.GetBytes(length);
    }

    private static bool TryDecode(string hash, out long[] parameters, out byte[] salt, out byte[] key)
    {
        salt = key = [];
        parameters = new long[3];
        var parts = hash.Split('$');
        return parts.Length == 6 && parts[2] == "v=19" && HashText.TryParseParameters(parts[3], ["m", "t", "p"], parameters)
            && parameters[0] is >= 1 and <= MaxMemoryKiB && parameters[1] is >= 1 and <= MaxIterations && parameters[2] is >= 1 and <= MaxParallelism
            && HashText.TryDecodeRaw(parts[4], out salt) && HashText.TryDecodeRaw(parts[5], out key);
    }
}
