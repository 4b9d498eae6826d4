using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// The one entry point for password hashes: verifies a stored hash of any format Kratos accepts on import (chosen by
/// prefix in the order of Kratos's <c>hash/hash_comparator.go</c>), tells whether a stored hash was made by the
/// configured hasher (a login with any other is rehashed), and hashes with the configured hasher.
/// </summary>
internal sealed class PasswordHashes
{
    private static readonly IPasswordHashFormat[] Formats =
    [
        Md5CryptHash.Instance,
        BcryptHash.Instance,
        ShaCryptHash.Sha256,
        ShaCryptHash.Sha512,
        Argon2Hash.Argon2id,
        Argon2Hash.Argon2i,
        Pbkdf2Hash.Instance,
        ScryptHash.Instance,
        SshaHash.Instance,
        SaltedShaHash.Instance,
        FirebaseScryptHash.Instance,
        Md5Hash.Instance,
        HmacHash.Instance,
    ];

    private readonly PasswordHasherOptions options;

    public PasswordHashes(PasswordHasherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="storedHash"/>; false for a mismatch, an unknown format or a malformed hash.</summary>
    public static bool Verify(string storedHash, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var format = FormatOf(storedHash);
        if (format is null)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return format.Verify(storedHash, bytes);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Kratos's <c>IsValidHashFormat</c>: some supported format claims this hash's prefix.</summary>
    public static bool IsKnownFormat(string storedHash) => FormatOf(storedHash) is not null;

    /// <summary>Kratos's import check: a known format whose parameters decode and are within Kratos's bounds.</summary>
    public static bool IsImportable(string storedHash) => FormatOf(storedHash) is { } format && format.IsImportable(storedHash);

    /// <summary>Kratos's name for the hash's format (<c>bcrypt</c>, <c>argon2id</c>, <c>pbkdf2</c> …), or null.</summary>
    public static string? FormatName(string storedHash) => FormatOf(storedHash)?.Name;

    /// <summary>True when the configured hasher made <paramref name="storedHash"/> (Kratos's <c>Understands</c>); otherwise a successful login should rehash.</summary>
    public bool IsOfConfiguredAlgorithm(string storedHash) =>
        (options.Algorithm == "argon2" ? Argon2Hash.Argon2id : (IPasswordHashFormat)BcryptHash.Instance).Matches(storedHash ?? "");

    /// <summary>Hashes <paramref name="password"/> with the configured hasher (Kratos's <c>Generate</c>); <see cref="PasswordTooLongException"/> past bcrypt's 72 bytes.</summary>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return options.Algorithm == "argon2" ? Argon2Hash.Hash(bytes, options) : BcryptHash.Hash(bytes, options.EffectiveBcryptCost);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static IPasswordHashFormat? FormatOf(string? storedHash)
    {
        if (string.IsNullOrEmpty(storedHash))
        {
            return null;
        }

        foreach (var format in Formats)
        {
            if (format.Matches(storedHash))
            {
                return format;
            }
        }

        return null;
    }
}
