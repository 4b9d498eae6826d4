using System.Globalization;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's <c>hashers.*</c> keys as <see cref="PasswordHasherOptions"/>: <c>algorithm</c>, <c>bcrypt.cost</c>,
/// <c>argon2.{memory, iterations, parallelism, salt_length, key_length}</c>. <c>argon2.memory</c> is a byte size
/// as Kratos writes it (<c>128MB</c>, units of 1024); <c>expected_duration</c>, <c>expected_deviation</c> and
/// <c>dedicated_memory</c> are accepted and only serve Kratos's load warnings.
/// </summary>
internal static class PasswordHasherConfig
{
    public static PasswordHasherOptions FromConfig(ConfigSnapshot config, bool dev)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new PasswordHasherOptions();
        var options = new PasswordHasherOptions
        {
            Algorithm = config.GetString("hashers.algorithm") ?? defaults.Algorithm,
            BcryptCost = config.GetInt("hashers.bcrypt.cost") ?? defaults.BcryptCost,
            Dev = dev,
            Argon2MemoryKiB = config.GetString("hashers.argon2.memory") is { } memory ? MemoryKiB(memory) : defaults.Argon2MemoryKiB,
            Argon2Iterations = config.GetInt("hashers.argon2.iterations") ?? defaults.Argon2Iterations,
            Argon2Parallelism = config.GetInt("hashers.argon2.parallelism") ?? defaults.Argon2Parallelism,
            Argon2SaltLength = config.GetInt("hashers.argon2.salt_length") ?? defaults.Argon2SaltLength,
            Argon2KeyLength = config.GetInt("hashers.argon2.key_length") ?? defaults.Argon2KeyLength,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(e.Message, e);
        }

        return options;
    }

    /// <summary>A byte size (<c>64KB</c>, <c>128MB</c>, <c>1GB</c>; units of 1024, as Kratos's bytesize) in KiB.</summary>
    public static int MemoryKiB(string size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var digits = size.TakeWhile(char.IsAsciiDigit).Count();
        var unit = size[digits..].Trim().ToUpperInvariant();
        long shift = unit switch
        {
            "B" => 0,
            "KB" => 10,
            "MB" => 20,
            "GB" => 30,
            "TB" => 40,
            _ => -1,
        };
        if (digits == 0 || shift < 0 || !long.TryParse(size[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new ConfigException($"hashers.argon2.memory: \"{size}\" is not a byte size such as 128MB.");
        }

        var kib = (decimal)count * (1L << (int)shift) / 1024;
        return kib > int.MaxValue
            ? throw new ConfigException($"hashers.argon2.memory: {size} is too large.")
            : (int)kib;
    }
}
