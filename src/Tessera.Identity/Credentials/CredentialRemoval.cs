using Tessera.Identity.Identities;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's <c>DELETE /admin/identities/{id}/credentials/{type}</c>: <c>totp</c>, <c>lookup_secret</c> and (its
/// non-passwordless keys, all there are here) <c>webauthn</c> are removed; <c>password</c>, <c>oidc</c> and
/// <c>saml</c> only while another first factor remains (the password's configuration is emptied, as Kratos does);
/// any other type cannot be deleted. <c>deviceauthn</c> needs an <c>identifier</c>.
/// </summary>
/// <param name="codeIsFirstFactor">Kratos's code strategy counts as a first factor for every identity when
/// <c>selfservice.methods.code.passwordless_enabled</c> (and the code method is enabled).</param>
internal sealed class CredentialRemoval(IdentityStore store, bool codeIsFirstFactor, TimeProvider time)
{
    /// <summary>Null when removed; otherwise Kratos's 400 or 404.</summary>
    public async Task<IdentityError?> DeleteAsync(string identityId, string type, string? identifier, CancellationToken ct)
    {
        if (type == "deviceauthn" && string.IsNullOrEmpty(identifier))
        {
            return IdentityError.BadRequest("You must provide an identifier to delete this credential.");
        }

        if (await store.GetAsync(identityId, ct) is null)
        {
            return IdentityError.NotFound;
        }

        var parts = await store.PartsAsync(identityId, ct);
        var credential = parts.Credential(type);
        if (credential is null && parts.Identifiers.All(i => i.Type != type))
        {
            return IdentityError.NotFound with { Reason = $"You tried to remove a {type} but this user have no {type} set up." };
        }

        switch (type)
        {
            case "lookup_secret" or "totp" or "webauthn":
                await store.DeleteCredentialAsync(identityId, type, ct);
                return null;
            case IdentityCredential.Password or "oidc" or "saml":
                if (ActiveFirstFactors(parts) < 2)
                {
                    return IdentityError.BadRequest("You cannot remove the last first factor credential.");
                }

                if (type != IdentityCredential.Password)
                {
                    // No OIDC or SAML credential can be stored here yet, so none has the identifier asked for.
                    return string.IsNullOrEmpty(identifier)
                        ? IdentityError.BadRequest("You must provide an identifier to delete this credential.")
                        : IdentityError.NotFound with { Reason = $"The identifier `{identifier}` was not found among OIDC credentials." };
                }

                var now = time.GetUtcNow();
                now = now.AddTicks(-(now.Ticks % 10));
                await store.SaveCredentialAsync(identityId, new IdentityCredential(type, IdentityCredential.EmptyConfig, credential?.Version ?? 0, credential?.CreatedAt ?? now, now), ct);
                return null;
            default:
                return IdentityError.BadRequest($"Credentials type {type} cannot be deleted.");
        }
    }

    /// <summary>Kratos's CountActiveFirstFactorCredentials over the strategies there are here: a password with identifiers and a hash, and the passwordless code.</summary>
    private int ActiveFirstFactors(IdentityParts parts)
    {
        var password = parts.Credential(IdentityCredential.Password);
        var hasPassword = password is not null && PasswordImport.HashOf(password.Config) is not null
            && parts.Identifiers.Any(i => i.Type == IdentityCredential.Password && i.Identifier.Length > 0);
        return (hasPassword ? 1 : 0) + (codeIsFirstFactor ? 1 : 0);
    }
}
