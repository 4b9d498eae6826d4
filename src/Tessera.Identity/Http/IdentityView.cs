using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Platform.Json;

namespace Tessera.Identity.Http;

/// <summary>An identity as Kratos's admin API writes it (field names and nulls as Kratos v26 has them).</summary>
internal static class IdentityView
{
    /// <summary>
    /// The identity's JSON; <paramref name="publicBase"/> is the public listener's base URL, under which
    /// <c>schema_url</c> names the schema by its id in unpadded base64url, as Kratos does.
    /// </summary>
    public static JsonObject Render(IdentityRecord identity, string publicBase)
    {
        var json = new JsonObject
        {
            ["id"] = identity.Id,
            ["schema_id"] = identity.SchemaId,
            ["schema_url"] = SchemaUrl(publicBase, identity.SchemaId),
            ["state"] = identity.State,
            ["state_changed_at"] = identity.StateChangedAt is { } changed ? JsonFields.Time(changed) : null,
            ["traits"] = identity.Traits.DeepClone(),
            ["verifiable_addresses"] = new JsonArray(),
            ["recovery_addresses"] = new JsonArray(),
            ["metadata_public"] = identity.MetadataPublic?.DeepClone(),
            ["metadata_admin"] = identity.MetadataAdmin?.DeepClone(),
            ["created_at"] = JsonFields.Time(identity.CreatedAt),
            ["updated_at"] = JsonFields.Time(identity.UpdatedAt),
            ["organization_id"] = identity.OrganizationId,
        };
        if (identity.ExternalId is not null)
        {
            json["external_id"] = identity.ExternalId;
        }

        return json;
    }

    public static string SchemaUrl(string publicBase, string schemaId)
        => publicBase.TrimEnd('/') + "/schemas/" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(schemaId));
}
