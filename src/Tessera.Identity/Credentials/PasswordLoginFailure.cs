namespace Tessera.Identity.Credentials;

/// <summary>Why a password login did not find an identity.</summary>
internal enum PasswordLoginFailure
{
    None,

    /// <summary>Unknown identifier, no password set, or the wrong password (Kratos answers all three alike: 4000006).</summary>
    InvalidCredentials,

    /// <summary>The password was right but the identity is not active (Kratos's 4000010, told only after a right password).</summary>
    IdentityDisabled,
}
