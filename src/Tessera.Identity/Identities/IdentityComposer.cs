using System.Text.Json.Nodes;
using Tessera.Identity.Credentials;
using Tessera.Identity.Schemas;

namespace Tessera.Identity.Identities;

/// <summary>
/// What an identity's traits and a request make of its stored parts, as Kratos's schema extensions do on every
/// write: traits validated against the schema; the identifiers the schema marks, each credential type that has
/// some getting a credential; the verifiable and recovery addresses, an address already stored (or imported)
/// keeping its id and verified state while the traits still carry it; an imported password hashed or checked.
/// </summary>
internal sealed class IdentityComposer(SchemaCatalog schemas, PasswordHashes hashes)
{
    /// <summary>The 400 for an unknown schema or traits the schema refuses; null when the identity is valid.</summary>
    public IdentityError? Validate(IdentityRecord identity)
    {
        if (schemas.Find(identity.SchemaId) is not { } schema)
        {
            return IdentityError.BadRequest($"unable to find JSON Schema ID: {identity.SchemaId}");
        }

        // Kratos validates the identity as {"traits": …} against the schema, so locations read #/traits/….
        var result = schema.Validator.Validate(new JsonObject { ["traits"] = identity.Traits.DeepClone() });
        if (result.IsValid)
        {
            return null;
        }

        var reasons = result.Errors.Select(e => $"I[#{e.InstanceLocation}] S[{e.SchemaLocation}] {e.Message}");
        return IdentityError.BadRequest(string.Join("; ", reasons));
    }

    /// <summary>The password credential a request imports (replacing <paramref name="current"/>, whose creation time it keeps); null when it imports none; or the 400.</summary>
    public (IdentityCredential? Password, IdentityError? Error) ImportPassword(IdentityRequest request, IdentityCredential? current, DateTimeOffset now)
    {
        if (request.Password is not { } import)
        {
            return (null, null);
        }

        var (config, error) = PasswordImport.ConfigOf(import, hashes);
        return error is not null
            ? (null, error)
            : (new IdentityCredential(IdentityCredential.Password, config!, 0, current is null || current.CreatedAt == default ? now : current.CreatedAt, now), null);
    }

    /// <summary>
    /// The parts of a valid <paramref name="identity"/>: identifiers from its traits, the <paramref name="current"/>
    /// credentials with one for each identifier type that has none and <paramref name="password"/> in place of the
    /// password credential, and the addresses its traits carry (kept from <paramref name="current"/>, else from
    /// the imported ones, else new and unverified).
    /// </summary>
    public IdentityParts Compose(
        IdentityRecord identity,
        IdentityParts current,
        IdentityCredential? password,
        IReadOnlyList<IdentityAddress>? importedVerifiable,
        IReadOnlyList<IdentityAddress>? importedRecovery,
        DateTimeOffset now)
    {
        var extension = schemas.Find(identity.SchemaId)!.Extension;
        var identifiers = extension.IdentifiersOf(identity.Traits);
        var credentials = current.Credentials.ToDictionary(c => c.Type, StringComparer.Ordinal);
        foreach (var type in identifiers.Select(i => i.Type).Distinct())
        {
            credentials.TryAdd(type, new IdentityCredential(type, IdentityCredential.EmptyConfig, 0, now, now));
        }

        if (password is not null)
        {
            credentials[IdentityCredential.Password] = password;
        }

        return new IdentityParts(
            identifiers,
            [.. credentials.Values.OrderBy(c => c.Type, StringComparer.Ordinal)],
            Addresses(extension.VerifiableAddressesOf(identity.Traits), current.VerifiableAddresses, importedVerifiable, now),
            Addresses(extension.RecoveryAddressesOf(identity.Traits), current.RecoveryAddresses, importedRecovery, now));
    }

    private static List<IdentityAddress> Addresses(List<(string Via, string Value)> carried, IReadOnlyList<IdentityAddress> stored, IReadOnlyList<IdentityAddress>? imported, DateTimeOffset now)
    {
        var result = new List<IdentityAddress>();
        foreach (var (via, value) in carried)
        {
            var fresh = IdentityAddress.New(via, value, now);
            result.Add(
                stored.FirstOrDefault(fresh.SameAs)
                ?? (imported?.FirstOrDefault(fresh.SameAs) is { } given ? given with { CreatedAt = now, UpdatedAt = now, VerifiedAt = given.Verified ? given.VerifiedAt ?? now : given.VerifiedAt } : null)
                ?? fresh);
        }

        return result;
    }
}
