namespace Tessera.Identity.Identities;

/// <summary>
/// What is stored with an identity besides its own row, and written in the same transaction: the identifiers
/// of its credentials, the credentials, and its verifiable and recovery addresses.
/// </summary>
internal sealed record IdentityParts(
    IReadOnlyList<CredentialIdentifier> Identifiers,
    IReadOnlyList<IdentityCredential> Credentials,
    IReadOnlyList<IdentityAddress> VerifiableAddresses,
    IReadOnlyList<IdentityAddress> RecoveryAddresses)
{
    public static IdentityParts Empty { get; } = new([], [], [], []);

    /// <summary>Identifiers only (no credential configuration, no addresses).</summary>
    public static IdentityParts Of(IReadOnlyList<CredentialIdentifier> identifiers) => new(identifiers, [], [], []);

    public IdentityCredential? Credential(string type) => Credentials.FirstOrDefault(c => c.Type == type);
}
