namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's <c>hashers</c> configuration: <c>algorithm</c> (bcrypt, the default, or argon2), <c>bcrypt.cost</c> and
/// <c>argon2.{memory, iterations, parallelism, salt_length, key_length}</c>, with Kratos's defaults.
/// </summary>
internal sealed record PasswordHasherOptions
{
    /// <summary><c>hashers.algorithm</c>: <c>bcrypt</c> or <c>argon2</c>.</summary>
    public string Algorithm { get; init; } = "bcrypt";

    /// <summary><c>hashers.bcrypt.cost</c> as configured (4 to 31, default 12).</summary>
    public int BcryptCost { get; init; } = 12;

    /// <summary>Kratos's <c>--dev</c>: only then is a bcrypt cost below 12 used as configured.</summary>
    public bool Dev { get; init; }

    /// <summary>The cost new bcrypt hashes get: as Kratos, a configured cost below 12 is raised to 12 outside <c>--dev</c>.</summary>
    public int EffectiveBcryptCost => Dev ? BcryptCost : Math.Max(BcryptCost, DefaultBcryptCost);

    private const int DefaultBcryptCost = 12;

    /// <summary><c>hashers.argon2.memory</c> in KiB (Kratos's default 128 MB).</summary>
    public int Argon2MemoryKiB { get; init; } = 128 * 1024;

    /// <summary><c>hashers.argon2.iterations</c>.</summary>
    public int Argon2Iterations { get; init; } = 1;

    /// <summary><c>hashers.argon2.parallelism</c> (Kratos's default: twice the CPU count).</summary>
    public int Argon2Parallelism { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary><c>hashers.argon2.salt_length</c> in bytes.</summary>
    public int Argon2SaltLength { get; init; } = 16;

    /// <summary><c>hashers.argon2.key_length</c> in bytes.</summary>
    public int Argon2KeyLength { get; init; } = 32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the key when a value is out of range.</summary>
    public void Validate()
    {
        if (Algorithm is not ("bcrypt" or "argon2"))
        {
            throw new ArgumentException($"hashers.algorithm must be bcrypt or argon2, not '{Algorithm}'.");
        }

        if (BcryptCost < BcryptHash.MinCost || BcryptCost > BcryptHash.MaxCost)
        {
            throw new ArgumentException($"hashers.bcrypt.cost must be between {BcryptHash.MinCost} and {BcryptHash.MaxCost}.");
        }

        if (Argon2Parallelism < 1 || Argon2Iterations < 1 || Argon2SaltLength < 8 || Argon2KeyLength < 16 || Argon2MemoryKiB < 8 * Argon2Parallelism)
        {
            throw new ArgumentException("hashers.argon2 needs parallelism ≥ 1, iterations ≥ 1, salt_length ≥ 8, key_length ≥ 16 and memory ≥ 8 KiB per lane.");
        }
    }
}
