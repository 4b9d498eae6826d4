namespace Tessera.Identity.Identities;

/// <summary>
/// An identity operation's outcome: the identity written or read with its identifiers, credentials and addresses
/// (for the single-identity answers), or the error to answer.
/// </summary>
internal sealed record IdentityResult(IdentityRecord? Identity, IdentityError? Error)
{
    /// <summary>The identity's stored parts; empty when the operation did not read them.</summary>
    public IdentityParts Parts { get; init; } = IdentityParts.Empty;

    public static implicit operator IdentityResult(IdentityRecord identity) => new(identity, null);

    public static implicit operator IdentityResult(IdentityError error) => new(null, error);
}
