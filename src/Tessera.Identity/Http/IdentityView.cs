using System.Buffers;
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
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, identity, publicBase, parts, declassify);
        }

        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: KratosJson.RenderedDocument)!.AsObject();
    }

    /// <summary>
    /// Writes the identity's JSON (see <see cref="Render"/>) straight to <paramref name="writer"/>; without
    /// <paramref name="adminMetadata"/> <c>metadata_admin</c> is left out (the public API's sessions).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, IdentityRecord identity, string publicBase, IdentityParts? parts = null, IReadOnlyCollection<string>? declassify = null, bool adminMetadata = true)
    {
        parts ??= IdentityParts.Empty;
        writer.WriteStartObject();
        writer.WriteString("id", identity.Id);
        if (parts.Credentials.Count + parts.Identifiers.Count > 0 && Credentials(identity, parts, declassify ?? []) is { Count: > 0 } credentials)
        {
            writer.WritePropertyName("credentials");
            credentials.WriteTo(writer);
        }

        writer.WriteString("schema_id", identity.SchemaId);
        writer.WriteString("schema_url", SchemaUrl(publicBase, identity.SchemaId));
        writer.WriteString("state", identity.State);
        if (identity.StateChangedAt is { } changed)
        {
            KratosJson.WriteTime(writer, "state_changed_at", changed);
        }
        else
        {
            writer.WriteNull("state_changed_at");
        }

        writer.WritePropertyName("traits");
        identity.Traits.WriteTo(writer);
        if (parts.VerifiableAddresses.Count > 0)
        {
            writer.WriteStartArray("verifiable_addresses");
            foreach (var address in parts.VerifiableAddresses)
            {
                Verifiable(writer, address);
            }

            writer.WriteEndArray();
        }

        if (parts.RecoveryAddresses.Count > 0)
        {
            writer.WriteStartArray("recovery_addresses");
            foreach (var address in parts.RecoveryAddresses)
            {
                Recovery(writer, address);
            }

            writer.WriteEndArray();
        }

        Node(writer, "metadata_public", identity.MetadataPublic);
        if (adminMetadata)
        {
            Node(writer, "metadata_admin", identity.MetadataAdmin);
        }

        KratosJson.WriteTime(writer, "created_at", identity.CreatedAt);
        KratosJson.WriteTime(writer, "updated_at", identity.UpdatedAt);
        if (identity.OrganizationId is { } organization)
        {
            writer.WriteString("organization_id", organization);
        }
        else
        {
            writer.WriteNull("organization_id");
        }

        if (identity.ExternalId is { } external)
        {
            writer.WriteString("external_id", external);
        }

        writer.WriteEndObject();
    }

    private static void Node(Utf8JsonWriter writer, string name, JsonNode? node)
    {
        writer.WritePropertyName(name);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
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

    private static void Verifiable(Utf8JsonWriter writer, IdentityAddress address)
    {
        writer.WriteStartObject();
        writer.WriteString("id", address.Id);
        writer.WriteString("value", address.Value);
        writer.WriteBoolean("verified", address.Verified);
        writer.WriteString("via", address.Via);
        writer.WriteString("status", address.Status);
        if (address.VerifiedAt is { } verifiedAt)
        {
            KratosJson.WriteTime(writer, "verified_at", verifiedAt);
        }

        KratosJson.WriteTime(writer, "created_at", address.CreatedAt);
        KratosJson.WriteTime(writer, "updated_at", address.UpdatedAt);
        writer.WriteEndObject();
    }

    private static void Recovery(Utf8JsonWriter writer, IdentityAddress address)
    {
        writer.WriteStartObject();
        writer.WriteString("id", address.Id);
        writer.WriteString("value", address.Value);
        writer.WriteString("via", address.Via);
        KratosJson.WriteTime(writer, "created_at", address.CreatedAt);
        KratosJson.WriteTime(writer, "updated_at", address.UpdatedAt);
        writer.WriteEndObject();
    }

    public static string SchemaUrl(string publicBase, string schemaId)
        => publicBase.TrimEnd('/') + "/schemas/" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(schemaId));
}
