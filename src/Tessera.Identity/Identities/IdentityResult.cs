namespace Tessera.Identity.Identities;

/// <summary>An identity operation's outcome: the identity written or read, or the error to answer.</summary>
internal sealed record IdentityResult(IdentityRecord? Identity, IdentityError? Error)
{
    public static implicit operator IdentityResult(IdentityRecord identity) => new(identity, null);

    public static implicit operator IdentityResult(IdentityError error) => new(null, error);
}
