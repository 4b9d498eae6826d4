using System.Text.Json.Nodes;

namespace Tessera.Identity.Identities;

/// <summary>
/// One identity as Kratos models it: the schema its traits follow, the traits, its state, the two
/// metadata documents and the optional external and organization ids.
/// </summary>
internal sealed record IdentityRecord(
    string Id,
    string SchemaId,
    JsonObject Traits,
    string State,
    JsonNode? MetadataPublic,
    JsonNode? MetadataAdmin,
    string? ExternalId,
    string? OrganizationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StateChangedAt)
{
    public const string Active = "active";
    public const string Inactive = "inactive";
}
