namespace Tessera.Identity.Credentials;

/// <summary>
/// <c>credentials.password.config</c> of an admin create or update body (Kratos's
/// AdminIdentityImportCredentialsPassword): a cleartext password to hash, a hash to store as it is, or the
/// password migration hook's flag.
/// </summary>
internal sealed record PasswordImportRequest(string? Password, string? HashedPassword, bool UsePasswordMigrationHook);
