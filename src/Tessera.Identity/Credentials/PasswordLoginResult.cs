using Tessera.Identity.Identities;

namespace Tessera.Identity.Credentials;

/// <summary>A password login's outcome: the identity the password belongs to, or why not.</summary>
internal sealed record PasswordLoginResult(IdentityRecord? Identity, PasswordLoginFailure Failure)
{
    public bool Succeeded => Failure == PasswordLoginFailure.None;

    public static PasswordLoginResult Invalid { get; } = new(null, PasswordLoginFailure.InvalidCredentials);
}
