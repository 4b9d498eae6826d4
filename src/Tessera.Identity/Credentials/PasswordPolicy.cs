using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's <c>DefaultPasswordValidator</c> followed by the hasher's length limit, in Kratos's order: the minimum
/// length, the similarity to the identifier, the breach list, then bcrypt's 72 bytes (which Kratos checks when it
/// hashes). Lengths are UTF-8 bytes, as Go's <c>len</c>. The breach check is offline (<see cref="BreachedPasswordList"/>).
/// </summary>
internal sealed class PasswordPolicy(PasswordPolicyOptions options, BreachedPasswordList breached)
{
    /// <summary>
    /// What a listed password counts as in <c>context.breaches</c>: the list holds no counts, and every entry is one
    /// of the most common breached passwords, so it is taken as breached more often than <c>max_breaches</c> (at most
    /// 100) ever allows.
    /// </summary>
    public const int ListedBreaches = 101;

    public PasswordPolicy(PasswordPolicyOptions options)
        : this(options, BreachedPasswordList.Instance)
    {
    }

    public PasswordPolicyOptions Options => options;

    /// <summary>
    /// The first rule the password breaks, or null when it may be used. <paramref name="identifier"/> is the
    /// identifier the password is compared with (empty: no comparison, as Kratos).
    /// </summary>
    public PasswordPolicyViolation? Validate(string identifier, string password)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(password);
        var bytes = Encoding.UTF8.GetByteCount(password);
        if (bytes < options.MinPasswordLength)
        {
            return PasswordPolicyViolation.MinLength(options.MinPasswordLength, bytes);
        }

        if (options.IdentifierSimilarityCheckEnabled && IdentifierSimilarity.TooSimilar(identifier, password))
        {
            return PasswordPolicyViolation.IdentifierTooSimilar();
        }

        if (options.HaveIBeenPwnedEnabled && ListedBreaches > options.MaxBreaches && breached.Contains(password))
        {
            return PasswordPolicyViolation.TooManyBreaches(ListedBreaches);
        }

        if (options.MaxPasswordBytes is { } max && bytes > max)
        {
            return PasswordPolicyViolation.MaxLength(max, bytes);
        }

        return null;
    }
}
