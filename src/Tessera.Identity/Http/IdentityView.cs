using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Platform.Json;

namespace Tessera.Identity.Http;

/// <summary>
/// An identity as Kratos's admin API writes it (field names and nulls as Kratos v26 has them; the address
/// lists, empty until addresses exist, are left out as Kratos leaves empty ones out).
/// </summary>
internal static class IdentityView
{
    /// <summary>
    /// The identity's JSON; <paramref name="publicBase"/> is the public listener's base URL, under which
    /// <c>schema_url</c> names the schema by its id in unpadded base64url, as Kratos does.
    /// </summary>
    public static JsonObject Render(IdentityRecord identity, string publicBase, IReadOnlyList<CredentialIdentifier>? identifiers = null)
    {
        var json = new JsonObject
        {
            ["id"] = identity.Id,
            ["schema_id"] = identity.SchemaId,
            ["schema_url"] = SchemaUrl(publicBase, identity.SchemaId),
            ["state"] = identity.State,
            ["state_changed_at"] = identity.StateChangedAt is { } changed ? JsonFields.Time(changed) : null,
            ["traits"] = identity.Traits.DeepClone(),
            ["metadata_public"] = identity.MetadataPublic?.DeepClone(),
            ["metadata_admin"] = identity.MetadataAdmin?.DeepClone(),
            ["created_at"] = JsonFields.Time(identity.CreatedAt),
            ["updated_at"] = JsonFields.Time(identity.UpdatedAt),
            ["organization_id"] = identity.OrganizationId,
        };
        if (identifiers is { Count: > 0 })
        {
            json.Insert(1, "credentials", Credentials(identity, identifiers));
        }

        if (identity.ExternalId is not null)
        {
            json["external_id"] = identity.ExternalId;
        }

        return json;
    }

    /// <summary>
    /// Kratos's <c>credentials</c> without their configuration: per type, the identifiers the schema gives
    /// it, by type in key order as Kratos writes its map. Credentials are not stored apart yet, so their
    /// times are the identity's.
    /// </summary>
    private static JsonObject Credentials(IdentityRecord identity, IReadOnlyList<CredentialIdentifier> identifiers)
    {
        var credentials = new JsonObject();
        foreach (var group in identifiers.GroupBy(i => i.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            credentials[group.Key] = new JsonObject
            {
                ["type"] = group.Key,
                ["identifiers"] = JsonFields.Array(group.Select(i => i.Identifier)),
                ["version"] = 0,
                ["created_at"] = JsonFields.Time(identity.CreatedAt),
                ["updated_at"] = JsonFields.Time(identity.UpdatedAt),
            };
        }

        return credentials;
    }

    public static string SchemaUrl(string publicBase, string schemaId)
        => publicBase.TrimEnd('/') + "/schemas/" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(schemaId));
}
