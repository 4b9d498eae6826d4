using System.Security.Cryptography;
using Tessera.Identity.Identities;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Credentials;

/// <summary>
/// The password credential's operations for the self-service flows: a login by identifier and password, and
/// setting an identity's password. A login with an unknown identifier still verifies a password (against a
/// hash of the configured algorithm, made once), so its time does not tell whether the identifier exists; a
/// login whose stored hash was made by another algorithm stores a hash of the configured one in its place
/// (Kratos's rehash on login).
/// </summary>
internal sealed class PasswordLogin
{
    private readonly IdentityStore store;
    private readonly PasswordHashes hashes;
    private readonly TimeProvider time;
    private readonly Lazy<string> dummyHash;

    public PasswordLogin(IdentityStore store, PasswordHashes hashes, TimeProvider time)
    {
        this.store = store;
        this.hashes = hashes;
        this.time = time;
        dummyHash = new Lazy<string>(() => hashes.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
    }

    /// <summary>
    /// The identity whose password credential has <paramref name="identifier"/> (trimmed, lower-cased) and whose
    /// stored hash <paramref name="password"/> matches; otherwise why not.
    /// </summary>
    public async Task<PasswordLoginResult> LoginAsync(string identifier, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(password);
        var found = identifier.Trim().Length == 0 ? null : await store.FindCredentialAsync(IdentityCredential.Password, identifier, ct);
        var stored = found is { } f ? PasswordImport.HashOf(f.Credential.Config) : null;
        if (stored is null)
        {
            // The same work as a real verification, whose answer does not matter.
            _ = PasswordVerifyMetrics.Verify(dummyHash.Value, password);
            return PasswordLoginResult.Invalid;
        }

        if (!PasswordVerifyMetrics.Verify(stored, password))
        {
            return PasswordLoginResult.Invalid;
        }

        var (identityId, credential) = found!.Value;
        if (await store.GetAsync(identityId, ct) is not { } identity)
        {
            return PasswordLoginResult.Invalid;
        }

        if (!hashes.IsOfConfiguredAlgorithm(stored))
        {
            // Only if the credential is still what was verified: a password changed meanwhile stays.
            await store.ReplaceCredentialConfigAsync(identityId, IdentityCredential.Password, credential.Config, PasswordImport.HashedConfig(hashes.Hash(password)), Now(), ct);
        }

        return identity.State == IdentityRecord.Active ? new PasswordLoginResult(identity, PasswordLoginFailure.None) : new PasswordLoginResult(identity, PasswordLoginFailure.IdentityDisabled);
    }

    /// <summary>Whether <paramref name="identifier"/> has a password to log in with (the identifier-first screen's question).</summary>
    public async Task<bool> HasPasswordAsync(string identifier, CancellationToken ct)
        => identifier.Trim().Length > 0 && await store.FindCredentialAsync(IdentityCredential.Password, identifier, ct) is { } found
            && PasswordImport.HashOf(found.Credential.Config) is not null;

    /// <summary>
    /// Sets or replaces the identity's password (hashed with the configured hasher); false when there is no such
    /// identity. <see cref="PasswordTooLongException"/> past bcrypt's 72 bytes. The password policy is the caller's.
    /// </summary>
    public async Task<bool> SetPasswordAsync(string identityId, string password, CancellationToken ct)
    {
        var hash = hashes.Hash(password);
        var now = Now();
        var current = (await store.PartsAsync(identityId, ct)).Credential(IdentityCredential.Password);
        var credential = new IdentityCredential(IdentityCredential.Password, PasswordImport.HashedConfig(hash), 0, current is null || current.CreatedAt == default ? now : current.CreatedAt, now);
        return await store.SaveCredentialAsync(identityId, credential, ct);
    }

    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
