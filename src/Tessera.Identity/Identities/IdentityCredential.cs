namespace Tessera.Identity.Identities;

/// <summary>
/// One credential of an identity (Kratos's identity_credentials row): its type (<c>password</c>, <c>code</c>,
/// <c>webauthn</c> …), its configuration as JSON text (password: <c>{"hashed_password":"…"}</c>), its version
/// and times. The identifiers it is found by are <see cref="CredentialIdentifier"/>s of the same type.
/// </summary>
internal sealed record IdentityCredential(string Type, string Config, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Password = "password";

    /// <summary>The configuration of a credential that has only identifiers so far.</summary>
    public const string EmptyConfig = "{}";
}
