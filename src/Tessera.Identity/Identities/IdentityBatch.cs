using System.Text.Json.Nodes;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Identities;

/// <summary>
/// Kratos's <c>batchPatchIdentities</c>: creates many identities in one request, each written in its own transaction
/// so that an item the schema refuses or whose identifiers are taken fails alone. At most 1000 items, of which at
/// most 200 may bring a cleartext password (hashing is the slow part); an imported password that cannot be used
/// fails the whole request, as in Kratos.
/// </summary>
internal sealed class IdentityBatch(IdentityAdministration identities, IdentityStore store)
{
    public const int Limit = 1000;
    public const int CleartextPasswordLimit = 200;

    /// <summary>sqlcon's ErrUniqueViolation, which Kratos reports for an item that conflicts.</summary>
    private static readonly IdentityError ItemConflict = new(409, "Unable to insert or update resource because a resource with that value exists already");

    /// <summary>The body's items, or the 400 for a body Kratos's strict decoder refuses.</summary>
    public static (List<BatchPatch>? Patches, IdentityError? Error) Parse(JsonNode body)
    {
        if (body is not JsonObject json || json.Any(p => p.Key != "identities"))
        {
            return (null, IdentityError.BadRequest(body is JsonObject o ? $"json: unknown field \"{o.First(p => p.Key != "identities").Key}\"" : "The request body must be a JSON object."));
        }

        if (json["identities"] is not (null or JsonArray))
        {
            return (null, IdentityError.BadRequest("identities must be an array."));
        }

        var patches = new List<BatchPatch>();
        foreach (var item in json["identities"] as JsonArray ?? [])
        {
            if (item is not JsonObject patch || patch.Any(p => p.Key is not ("create" or "patch_id")))
            {
                return (null, IdentityError.BadRequest("Each of identities must be an object with create and patch_id."));
            }

            string? patchId = null;
            if (patch["patch_id"] is { } idNode)
            {
                if (idNode is not JsonValue v || !v.TryGetValue<string>(out var text) || !Guid.TryParse(text, out var id))
                {
                    return (null, IdentityError.BadRequest("patch_id must be a UUID."));
                }

                patchId = id.ToString();
            }

            IdentityRequest? create = null;
            if (patch["create"] is { } body2)
            {
                var (request, error) = IdentityRequest.Parse(body2);
                if (error is not null)
                {
                    return (null, error);
                }

                create = request;
            }

            patches.Add(new BatchPatch(create, patchId));
        }

        return (patches, null);
    }

    /// <summary>The outcome of each item in order, or the error that fails the whole request.</summary>
    public async Task<(List<BatchPatchOutcome?>? Outcomes, IdentityError? Error)> ApplyAsync(IReadOnlyList<BatchPatch> patches, CancellationToken ct)
    {
        if (patches.Count > Limit)
        {
            return (null, IdentityError.BadRequest($"The maximum number of identities per request that can be created or deleted at once is {Limit}."));
        }

        if (patches.Count(p => p.Create?.Password?.Password is { Length: > 0 }) > CleartextPasswordLimit)
        {
            return (null, IdentityError.BadRequest($"The maximum number of identities per request that can be created with a plaintext password is {CleartextPasswordLimit}."));
        }

        var prepared = new List<(IdentityRecord? Identity, IdentityParts? Parts, IdentityError? Error)?>();
        foreach (var patch in patches)
        {
            if (patch.Create is null)
            {
                prepared.Add(null);
                continue;
            }

            var (identity, parts, error) = identities.PrepareCreate(patch.Create, out var stage);
            if (stage == PrepareError.Request)
            {
                return (null, error);
            }

            prepared.Add((identity, parts, error));
        }

        var outcomes = new List<BatchPatchOutcome?>();
        for (var i = 0; i < patches.Count; i++)
        {
            if (prepared[i] is not { } item)
            {
                outcomes.Add(null);
                continue;
            }

            var patchId = patches[i].PatchId;
            if (item.Error is not null)
            {
                outcomes.Add(new BatchPatchOutcome(BatchPatchOutcome.Failed, null, patchId, item.Error));
                continue;
            }

            outcomes.Add(await store.CreateAsync(item.Identity!, item.Parts!, ct) == IdentityWrite.Written
                ? new BatchPatchOutcome(BatchPatchOutcome.Created, item.Identity!.Id, patchId, null)
                : new BatchPatchOutcome(BatchPatchOutcome.Failed, null, patchId, ItemConflict));
        }

        return (outcomes, null);
    }
}
