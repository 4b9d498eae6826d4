using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Platform.Json;

namespace Tessera.Identity.Http;

/// <summary>
/// An identity as Kratos's admin API writes it (field names, order and nulls as Kratos v26 has them; empty
/// address lists and no credentials are left out, as Kratos leaves them out).
/// </summary>
internal static class IdentityView
{
    /// <summary>
    /// The identity's JSON; <paramref name="publicBase"/> is the public listener's base URL, under which
    /// <c>schema_url</c> names the schema by its id in unpadded base64url, as Kratos does. Credentials show their
    /// <c>config</c> only for the types in <paramref name="declassify"/> (Kratos's <c>include_credential</c>).
    /// </summary>
    public static JsonObject Render(IdentityRecord identity, string publicBase, IdentityParts? parts = null, IReadOnlyCollection<string>? declassify = null)
    {
        parts ??= IdentityParts.Empty;
        var json = new JsonObject
        {
            ["id"] = identity.Id,
            ["schema_id"] = identity.SchemaId,
            ["schema_url"] = SchemaUrl(publicBase, identity.SchemaId),
            ["state"] = identity.State,
            ["state_changed_at"] = identity.StateChangedAt is { } changed ? JsonFields.Time(changed) : null,
            ["traits"] = identity.Traits.DeepClone(),
        };
        if (Credentials(identity, parts, declassify ?? []) is { Count: > 0 } credentials)
        {
            json.Insert(1, "credentials", credentials);
        }

        if (parts.VerifiableAddresses.Count > 0)
        {
            json["verifiable_addresses"] = new JsonArray(parts.VerifiableAddresses.Select(a => (JsonNode)Verifiable(a)).ToArray());
        }

        if (parts.RecoveryAddresses.Count > 0)
        {
            json["recovery_addresses"] = new JsonArray(parts.RecoveryAddresses.Select(a => (JsonNode)Recovery(a)).ToArray());
        }

        json["metadata_public"] = identity.MetadataPublic?.DeepClone();
        json["metadata_admin"] = identity.MetadataAdmin?.DeepClone();
        json["created_at"] = JsonFields.Time(identity.CreatedAt);
        json["updated_at"] = JsonFields.Time(identity.UpdatedAt);
        json["organization_id"] = identity.OrganizationId;
        if (identity.ExternalId is not null)
        {
            json["external_id"] = identity.ExternalId;
        }

        return json;
    }

    /// <summary>
    /// Kratos's <c>credentials</c>: per type (in key order, as Kratos writes its map) the identifiers the schema gives
    /// it, its version and times, and its configuration when declassified. A type that has identifiers but no stored
    /// credential (written before credentials were stored) shows the identity's times.
    /// </summary>
    private static JsonObject Credentials(IdentityRecord identity, IdentityParts parts, IReadOnlyCollection<string> declassify)
    {
        var credentials = new JsonObject();
        var types = parts.Credentials.Select(c => c.Type).Concat(parts.Identifiers.Select(i => i.Type)).Distinct().Order(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var stored = parts.Credential(type);
            var credential = new JsonObject
            {
                ["type"] = type,
                ["identifiers"] = JsonFields.Array(parts.Identifiers.Where(i => i.Type == type).Select(i => i.Identifier)),
            };
            if (stored is not null && declassify.Contains(type))
            {
                credential["config"] = Config(stored.Config);
            }

            credential["version"] = stored?.Version ?? 0;
            credential["created_at"] = JsonFields.Time(stored?.CreatedAt ?? identity.CreatedAt);
            credential["updated_at"] = JsonFields.Time(stored?.UpdatedAt ?? identity.UpdatedAt);
            credentials[type] = credential;
        }

        return credentials;
    }

    private static JsonNode Config(string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject();
        }
    }

    private static JsonObject Verifiable(IdentityAddress address)
    {
        var json = new JsonObject
        {
            ["id"] = address.Id,
            ["value"] = address.Value,
            ["verified"] = address.Verified,
            ["via"] = address.Via,
            ["status"] = address.Status,
        };
        if (address.VerifiedAt is { } verifiedAt)
        {
            json["verified_at"] = JsonFields.Time(verifiedAt);
        }

        json["created_at"] = JsonFields.Time(address.CreatedAt);
        json["updated_at"] = JsonFields.Time(address.UpdatedAt);
        return json;
    }

    private static JsonObject Recovery(IdentityAddress address) => new()
    {
        ["id"] = address.Id,
        ["value"] = address.Value,
        ["via"] = address.Via,
        ["created_at"] = JsonFields.Time(address.CreatedAt),
        ["updated_at"] = JsonFields.Time(address.UpdatedAt),
    };

    public static string SchemaUrl(string publicBase, string schemaId)
        => publicBase.TrimEnd('/') + "/schemas/" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(schemaId));
}
