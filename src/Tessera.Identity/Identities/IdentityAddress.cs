namespace Tessera.Identity.Identities;

/// <summary>
/// A verifiable or recovery address of an identity (Kratos's VerifiableAddress / RecoveryAddress): where
/// messages go (<c>via</c> email or sms) and the value, lower-cased for email. A recovery address uses
/// only <see cref="Id"/>, <see cref="Via"/>, <see cref="Value"/> and the times.
/// </summary>
internal sealed record IdentityAddress(
    string Id,
    string Via,
    string Value,
    bool Verified,
    string Status,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string Email = "email";
    public const string Pending = "pending";
    public const string Completed = "completed";

    /// <summary>A new, unverified address, as Kratos's schema extension makes one.</summary>
    public static IdentityAddress New(string via, string value, DateTimeOffset now) => new(Guid.NewGuid().ToString(), via, value, false, Pending, null, now, now);

    /// <summary>True when both name the same address (the same channel and value).</summary>
    public bool SameAs(IdentityAddress other) => Via == other.Via && Value == other.Value;
}
