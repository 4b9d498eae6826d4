using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Platform.Crypto;

/// <summary>
/// Hashes client secrets at rest (<c>oauth2.hashers.algorithm</c>: pbkdf2, the default, or bcrypt) in a
/// self-describing format, and verifies them in constant time. A successful verification is
/// remembered by (stored hash, SHA-256 of the presented secret), so the deliberately slow hash is paid
/// once per secret rather than once per request; a changed secret has a new stored hash and misses.
/// </summary>
public sealed class SecretHasher
{
    public const string Pbkdf2Prefix = "$pbkdf2-sha256$";
    private const int MaxCacheEntries = 10_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly ConcurrentDictionary<(string Stored, string Presented), bool> verified = new();

    public SecretHasher(string algorithm = "pbkdf2", int pbkdf2Iterations = 25_000, int bcryptCost = 10)
    {
        if (algorithm is not ("pbkdf2" or "bcrypt"))
        {
            throw new ArgumentException($"Unknown hasher '{algorithm}': use pbkdf2 or bcrypt.", nameof(algorithm));
        }

        Algorithm = algorithm;
        Pbkdf2Iterations = pbkdf2Iterations;
        BcryptCost = bcryptCost;
    }

    public string Algorithm { get; }

    public int Pbkdf2Iterations { get; }

    public int BcryptCost { get; }

    /// <summary>How many times the slow hash ran in <see cref="Verify"/>; the cache keeps this low.</summary>
    internal long SlowVerifications => Interlocked.Read(ref slowVerifications);

    private long slowVerifications;

    public string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (Algorithm == "bcrypt")
        {
            return BCrypt.Net.BCrypt.HashPassword(secret, BcryptCost);
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Pbkdf2Prefix}i={Pbkdf2Iterations},l={HashBytes}${Base64Url.EncodeToString(salt)}${Base64Url.EncodeToString(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="stored"/>, whichever supported algorithm made it.</summary>
    public bool Verify(string stored, string secret)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(secret);
        var presented = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        if (verified.ContainsKey((stored, presented)))
        {
            return true;
        }

        Interlocked.Increment(ref slowVerifications);
        var ok = stored.StartsWith(Pbkdf2Prefix, StringComparison.Ordinal) ? VerifyPbkdf2(stored, secret)
            : stored.StartsWith("$2", StringComparison.Ordinal) && VerifyBcrypt(stored, secret);
        if (ok)
        {
            if (verified.Count >= MaxCacheEntries)
            {
                verified.Clear();
            }

            verified[(stored, presented)] = true;
        }

        return ok;
    }

    private static bool VerifyBcrypt(string stored, string secret)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(secret, stored);
        }
        catch (Exception e) when (e is BCrypt.Net.SaltParseException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    private static bool VerifyPbkdf2(string stored, string secret)
    {
        // $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>
        var parts = stored[Pbkdf2Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        var parameters = parts[0].Split(',');
        if (parameters.Length != 2 || !parameters[0].StartsWith("i=", StringComparison.Ordinal) || !parameters[1].StartsWith("l=", StringComparison.Ordinal)
            || !int.TryParse(parameters[0][2..], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || !int.TryParse(parameters[1][2..], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || iterations is < 1 or > 10_000_000 || length is < 16 or > 64)
        {
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Base64Url.DecodeFromChars(parts[1]);
            expected = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, length);
        return expected.Length == length && CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
