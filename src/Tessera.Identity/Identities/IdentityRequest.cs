using System.Text.Json.Nodes;

namespace Tessera.Identity.Identities;

/// <summary>
/// The body of <c>POST /admin/identities</c> and <c>PUT /admin/identities/{id}</c> (Kratos's
/// createIdentityBody and updateIdentityBody): absent members are null.
/// </summary>
internal sealed record IdentityRequest(
    string? SchemaId,
    JsonObject? Traits,
    string? State,
    JsonNode? MetadataPublic,
    JsonNode? MetadataAdmin,
    string? ExternalId,
    string? OrganizationId,
    bool HasCredentials)
{
    /// <summary>The request in <paramref name="body"/>, or the 400 a member of the wrong type earns.</summary>
    public static (IdentityRequest? Request, IdentityError? Error) Parse(JsonNode body)
    {
        if (body is not JsonObject json)
        {
            return (null, IdentityError.BadRequest("The request body must be a JSON object."));
        }

        string? Text(string name, out IdentityError? error)
        {
            error = null;
            switch (json[name])
            {
                case null:
                    return null;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    return s.Length == 0 ? null : s;
                default:
                    error = IdentityError.BadRequest($"{name} must be a string.");
                    return null;
            }
        }

        var schemaId = Text("schema_id", out var e1);
        var state = Text("state", out var e2);
        var externalId = Text("external_id", out var e3);
        var organizationId = Text("organization_id", out var e4);
        if ((e1 ?? e2 ?? e3 ?? e4) is { } typeError)
        {
            return (null, typeError);
        }

        if (json["traits"] is not (null or JsonObject))
        {
            return (null, IdentityError.BadRequest("traits must be a JSON object."));
        }

        if (state is not (null or IdentityRecord.Active or IdentityRecord.Inactive))
        {
            return (null, IdentityError.BadRequest($"The supplied state ('{state}') was not valid. Valid states are ('{IdentityRecord.Active}', '{IdentityRecord.Inactive}')."));
        }

        if (organizationId is not null && !Guid.TryParse(organizationId, out _))
        {
            return (null, IdentityError.BadRequest("organization_id must be a UUID."));
        }

        return (new IdentityRequest(
            schemaId, json["traits"]?.DeepClone() as JsonObject, state, json["metadata_public"]?.DeepClone(), json["metadata_admin"]?.DeepClone(),
            externalId, organizationId?.ToLowerInvariant(), json["credentials"] is JsonObject { Count: > 0 }), null);
    }
}
