using Tessera.Platform.Configuration;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's <c>selfservice.methods.password.config</c> password policy, with Kratos's defaults, plus the
/// byte limit of the configured hasher (<c>hashers.algorithm</c> bcrypt: 72).
/// </summary>
internal sealed record PasswordPolicyOptions
{
    private const string Prefix = "selfservice.methods.password.config.";

    /// <summary><c>min_password_length</c> (default 8, at least 6), compared with the password's UTF-8 byte count as Kratos does.</summary>
    public int MinPasswordLength { get; init; } = 8;

    /// <summary><c>identifier_similarity_check_enabled</c> (default true).</summary>
    public bool IdentifierSimilarityCheckEnabled { get; init; } = true;

    /// <summary><c>haveibeenpwned_enabled</c> (default true): here the offline <see cref="BreachedPasswordList"/>.</summary>
    public bool HaveIBeenPwnedEnabled { get; init; } = true;

    /// <summary><c>max_breaches</c> (default 0, at most 100). A listed password counts as more breaches than any allowed value.</summary>
    public int MaxBreaches { get; init; }

    /// <summary><c>ignore_network_errors</c> (default true): accepted; the offline list never fails.</summary>
    public bool IgnoreNetworkErrors { get; init; } = true;

    /// <summary>The most UTF-8 bytes the hasher takes: 72 for bcrypt, none (null) for argon2.</summary>
    public int? MaxPasswordBytes { get; init; } = BcryptHash.MaxPasswordBytes;

    public static PasswordPolicyOptions FromConfig(ConfigSnapshot config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new PasswordPolicyOptions();
        return new PasswordPolicyOptions
        {
            MinPasswordLength = config.GetInt(Prefix + "min_password_length") ?? defaults.MinPasswordLength,
            IdentifierSimilarityCheckEnabled = config.GetBool(Prefix + "identifier_similarity_check_enabled") ?? defaults.IdentifierSimilarityCheckEnabled,
            HaveIBeenPwnedEnabled = config.GetBool(Prefix + "haveibeenpwned_enabled") ?? defaults.HaveIBeenPwnedEnabled,
            MaxBreaches = config.GetInt(Prefix + "max_breaches") ?? defaults.MaxBreaches,
            IgnoreNetworkErrors = config.GetBool(Prefix + "ignore_network_errors") ?? defaults.IgnoreNetworkErrors,
            MaxPasswordBytes = (config.GetString("hashers.algorithm") ?? "bcrypt") == "bcrypt" ? BcryptHash.MaxPasswordBytes : null,
        };
    }
}
