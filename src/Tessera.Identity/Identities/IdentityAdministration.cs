using System.Text.Json.Nodes;
using Tessera.Identity.Schemas;
using Tessera.Identity.Storage;
using Tessera.Platform.Json;

namespace Tessera.Identity.Identities;

/// <summary>
/// The admin API's identity operations: traits validated against the identity's schema, identifiers, credentials
/// and addresses composed from the schema's <c>ory.sh/kratos</c> extension (<see cref="IdentityComposer"/>), and
/// the writes that keep them unique.
/// </summary>
internal sealed class IdentityAdministration(IdentityStore store, SchemaCatalog schemas, IdentityComposer composer, TimeProvider time)
{
    public async Task<IdentityResult> CreateAsync(IdentityRequest request, CancellationToken ct)
    {
        var (identity, parts, error) = PrepareCreate(request, out _);
        if (error is not null)
        {
            return error;
        }

        return await store.CreateAsync(identity!, parts!, ct) switch
        {
            IdentityWrite.Written => new IdentityResult(identity, null) { Parts = parts! },
            _ => IdentityError.Conflict,
        };
    }

    /// <summary>
    /// A new identity and its parts from a create body, or Kratos's 400: first what Kratos checks while reading the
    /// body (<see cref="PrepareError.Request"/>: the imported password), then the traits against the schema
    /// (<see cref="PrepareError.Validation"/>).
    /// </summary>
    public (IdentityRecord? Identity, IdentityParts? Parts, IdentityError? Error) PrepareCreate(IdentityRequest request, out PrepareError stage)
    {
        var now = Now();
        var identity = new IdentityRecord(
            Guid.NewGuid().ToString(), request.SchemaId ?? schemas.DefaultId, request.Traits ?? [], request.State ?? IdentityRecord.Active,
            request.MetadataPublic, request.MetadataAdmin, request.ExternalId, request.OrganizationId, now, now, now);
        var (password, importError) = composer.ImportPassword(request, null, now);
        if (importError is not null)
        {
            stage = PrepareError.Request;
            return (null, null, importError);
        }

        if (composer.Validate(identity) is { } invalid)
        {
            stage = PrepareError.Validation;
            return (null, null, invalid);
        }

        stage = PrepareError.None;
        return (identity, composer.Compose(identity, IdentityParts.Empty, password, request.VerifiableAddresses, request.RecoveryAddresses, now), null);
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

        // Kratos denies patches of /id and /credentials; addresses are not the patch's to set either.
        if (patched is not JsonObject changed || changed["id"] is not JsonValue patchedId || !patchedId.TryGetValue<string>(out var kept) || kept != current.Id
            || changed.ContainsKey("credentials") || changed.ContainsKey("verifiable_addresses") || changed.ContainsKey("recovery_addresses"))
        {
            return IdentityError.BadRequest("An error occured when applying the JSON patch");
        }

        var (request, error) = IdentityRequest.Parse(changed);
        return error is not null ? error : await ReplaceAsync(current, request!, ct);
    }

    private async Task<IdentityResult> ReplaceAsync(IdentityRecord current, IdentityRequest request, CancellationToken ct)
    {
        var now = Now();
        var stored = await store.PartsAsync(current.Id, ct);
        var (password, importError) = composer.ImportPassword(request, stored.Credential(IdentityCredential.Password), now);
        if (importError is not null)
        {
            return importError;
        }

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
        if (composer.Validate(identity) is { } invalid)
        {
            return invalid;
        }

        // Kratos's PUT takes no addresses: the stored ones are kept while the traits carry them.
        var parts = composer.Compose(identity, stored, password, null, null, now);
        return await store.UpdateAsync(identity, parts, ct) switch
        {
            IdentityWrite.Written => new IdentityResult(identity, null) { Parts = parts },
            IdentityWrite.NotFound => IdentityError.NotFound,
            _ => IdentityError.Conflict,
        };
    }

    /// <summary>
    /// The settings flow's profile update: <paramref name="current"/> with new traits (validated, identifiers and
    /// addresses re-derived, every other field and the credentials kept); a taken identifier is the 409.
    /// </summary>
    public async Task<IdentityResult> UpdateTraitsAsync(IdentityRecord current, JsonObject traits, CancellationToken ct)
    {
        var now = Now();
        var identity = current with { Traits = traits, UpdatedAt = now };
        if (composer.Validate(identity) is { } invalid)
        {
            return invalid;
        }

        var parts = composer.Compose(identity, await store.PartsAsync(current.Id, ct), null, null, null, now);
        return await store.UpdateAsync(identity, parts, ct) switch
        {
            IdentityWrite.Written => new IdentityResult(identity, null) { Parts = parts },
            IdentityWrite.NotFound => IdentityError.NotFound,
            _ => IdentityError.Conflict,
        };
    }

    public async Task<IdentityResult> GetAsync(string id, CancellationToken ct) => await WithPartsAsync(await store.GetAsync(id, ct), ct);

    public async Task<IdentityResult> GetByExternalIdAsync(string externalId, CancellationToken ct) => await WithPartsAsync(await store.GetByExternalIdAsync(externalId, ct), ct);

    /// <summary>A page of identities with their parts: addresses always, identifiers and credentials when <paramref name="withCredentials"/> (Kratos expands credentials in lists only when filtering by identifier or asked to include some).</summary>
    public async Task<List<IdentityResult>> ListAsync(IdentityPage page, bool withCredentials, CancellationToken ct)
    {
        var identities = await store.ListAsync(page, ct);
        var parts = await store.PartsAsync(identities.Select(i => i.Id).ToList(), withCredentials, ct);
        return identities.Select(i => new IdentityResult(i, null) { Parts = parts.GetValueOrDefault(i.Id, IdentityParts.Empty) }).ToList();
    }

    /// <summary>How many identities there are, whatever a list's filters (Kratos's <c>CountIdentities</c>, its legacy paging's <c>X-Total-Count</c>).</summary>
    public Task<long> CountAsync(CancellationToken ct) => store.CountAsync(ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => store.DeleteAsync(id, ct);

    private async Task<IdentityResult> WithPartsAsync(IdentityRecord? identity, CancellationToken ct)
        => identity is null ? IdentityError.NotFound : new IdentityResult(identity, null) { Parts = await store.PartsAsync(identity.Id, ct) };

    private DateTimeOffset Now()
    {
        // Stored times keep microseconds at most (PostgreSQL, MySQL DATETIME(6)): answer what a read returns.
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
