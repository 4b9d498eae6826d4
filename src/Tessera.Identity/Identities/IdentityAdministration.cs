using System.Text.Json.Nodes;
using Tessera.Identity.Schemas;
using Tessera.Identity.Storage;
using Tessera.Platform.Json;

namespace Tessera.Identity.Identities;

/// <summary>
/// The admin API's identity operations: traits validated against the identity's schema, identifiers
/// taken from the schema's <c>ory.sh/kratos</c> extension, and the writes that keep them unique.
/// </summary>
internal sealed class IdentityAdministration(IdentityStore store, SchemaCatalog schemas, TimeProvider time)
{
    public async Task<IdentityResult> CreateAsync(IdentityRequest request, CancellationToken ct)
    {
        if (request.HasCredentials)
        {
            return IdentityError.BadRequest("Importing credentials is not supported yet: create the identity without credentials.");
        }

        var now = Now();
        var identity = new IdentityRecord(
            Guid.NewGuid().ToString(), request.SchemaId ?? schemas.DefaultId, request.Traits ?? [], request.State ?? IdentityRecord.Active,
            request.MetadataPublic, request.MetadataAdmin, request.ExternalId, request.OrganizationId, now, now, now);
        if (Validate(identity) is { } invalid)
        {
            return invalid.Error!;
        }

        var identifiers = Identifiers(identity);
        return await store.CreateAsync(identity, identifiers, ct) switch
        {
            IdentityWrite.Written => new IdentityResult(identity, null) { Identifiers = identifiers },
            _ => IdentityError.Conflict,
        };
    }

    /// <summary>
    /// Replaces the identity's traits, both metadata documents and its external id (absent clears them, as
    /// Kratos's PUT does); the schema and state only when given; the organization stays unless given.
    /// </summary>
    public async Task<IdentityResult> UpdateAsync(string id, IdentityRequest request, CancellationToken ct)
    {
        return await store.GetAsync(id, ct) is { } current ? await ReplaceAsync(current, request, ct) : IdentityError.NotFound;
    }

    /// <summary>
    /// RFC 6902 JSON Patch on the identity's writable fields (<c>schema_id</c>, <c>state</c>, <c>traits</c>,
    /// <c>metadata_public</c>, <c>metadata_admin</c>, <c>external_id</c>, <c>organization_id</c>; <c>id</c>
    /// must stay), then written as a PUT would write it.
    /// </summary>
    public async Task<IdentityResult> PatchAsync(string id, JsonNode patch, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } current)
        {
            return IdentityError.NotFound;
        }

        var document = new JsonObject
        {
            ["id"] = current.Id,
            ["schema_id"] = current.SchemaId,
            ["state"] = current.State,
            ["traits"] = current.Traits.DeepClone(),
            ["metadata_public"] = current.MetadataPublic?.DeepClone(),
            ["metadata_admin"] = current.MetadataAdmin?.DeepClone(),
            ["external_id"] = current.ExternalId,
            ["organization_id"] = current.OrganizationId,
        };
        JsonNode? patched;
        try
        {
            patched = JsonPatch.Apply(document, patch);
        }
        catch (JsonPatchException)
        {
            // Kratos's reason, its spelling included.
            return IdentityError.BadRequest("An error occured when applying the JSON patch");
        }

        if (patched is not JsonObject changed || changed["id"] is not JsonValue patchedId || !patchedId.TryGetValue<string>(out var kept) || kept != current.Id)
        {
            return IdentityError.BadRequest("An error occured when applying the JSON patch");
        }

        var (request, error) = IdentityRequest.Parse(changed);
        return error is not null ? error : await ReplaceAsync(current, request!, ct);
    }

    private async Task<IdentityResult> ReplaceAsync(IdentityRecord current, IdentityRequest request, CancellationToken ct)
    {
        if (request.HasCredentials)
        {
            return IdentityError.BadRequest("Importing credentials is not supported yet: update the identity without credentials.");
        }

        var now = Now();
        var state = request.State ?? current.State;
        var identity = current with
        {
            SchemaId = request.SchemaId ?? current.SchemaId,
            Traits = request.Traits ?? [],
            State = state,
            MetadataPublic = request.MetadataPublic,
            MetadataAdmin = request.MetadataAdmin,
            ExternalId = request.ExternalId,
            OrganizationId = request.OrganizationId ?? current.OrganizationId,
            UpdatedAt = now,
            StateChangedAt = state == current.State ? current.StateChangedAt : now,
        };
        if (Validate(identity) is { } invalid)
        {
            return invalid.Error!;
        }

        var identifiers = Identifiers(identity);
        return await store.UpdateAsync(identity, identifiers, ct) switch
        {
            IdentityWrite.Written => new IdentityResult(identity, null) { Identifiers = identifiers },
            IdentityWrite.NotFound => IdentityError.NotFound,
            _ => IdentityError.Conflict,
        };
    }

    public async Task<IdentityResult> GetAsync(string id, CancellationToken ct) => await WithIdentifiersAsync(await store.GetAsync(id, ct), ct);

    public async Task<IdentityResult> GetByExternalIdAsync(string externalId, CancellationToken ct) => await WithIdentifiersAsync(await store.GetByExternalIdAsync(externalId, ct), ct);

    public Task<List<IdentityRecord>> ListAsync(IdentityPage page, CancellationToken ct)
        => store.ListAsync(page, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => store.DeleteAsync(id, ct);

    private async Task<IdentityResult> WithIdentifiersAsync(IdentityRecord? identity, CancellationToken ct)
        => identity is null ? IdentityError.NotFound : new IdentityResult(identity, null) { Identifiers = await store.IdentifiersAsync(identity.Id, ct) };

    /// <summary>The 400 for an unknown schema or traits the schema refuses; null when the identity is valid.</summary>
    private IdentityResult? Validate(IdentityRecord identity)
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

    private List<CredentialIdentifier> Identifiers(IdentityRecord identity) => schemas.Find(identity.SchemaId)!.Extension.IdentifiersOf(identity.Traits);

    private DateTimeOffset Now()
    {
        // Stored times keep microseconds at most (PostgreSQL, MySQL DATETIME(6)): answer what a read returns.
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
