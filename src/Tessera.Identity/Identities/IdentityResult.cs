namespace Tessera.Identity.Identities;

/// <summary>
/// An identity operation's outcome: the identity written or read with the identifiers of its credentials
/// (for the single-identity answers), or the error to answer.
/// </summary>
internal sealed record IdentityResult(IdentityRecord? Identity, IdentityError? Error)
{
    /// <summary>The identity's credential identifiers, by type; empty when the operation did not read them.</summary>
    public IReadOnlyList<CredentialIdentifier> Identifiers { get; init; } = [];

    public static implicit operator IdentityResult(IdentityRecord identity) => new(identity, null);

    public static implicit operator IdentityResult(IdentityError error) => new(null, error);
}
