namespace Tessera.Identity.Identities;

/// <summary>
/// A value a credential of <paramref name="Type"/> (password, code, webauthn …) finds its identity by,
/// lower-cased: identifiers are unique per type whatever their case.
/// </summary>
internal sealed record CredentialIdentifier(string Type, string Identifier)
{
    public static CredentialIdentifier Of(string type, string identifier) => new(type, identifier.Trim().ToLowerInvariant());
}
