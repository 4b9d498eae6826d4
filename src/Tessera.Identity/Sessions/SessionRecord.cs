using Tessera.Identity.Identities;

namespace Tessera.Identity.Sessions;

/// <summary>
/// One session as Kratos models it: whose, whether it was revoked, when it was issued, authenticated and
/// when it expires, its assurance level and the methods that authenticated it, and the devices it was used
/// from. The token is never kept, only its hash (in the store). <see cref="Identity"/> is loaded when a read asks for it.
/// </summary>
internal sealed record SessionRecord(
    string Id,
    string IdentityId,
    bool Active,
    DateTimeOffset IssuedAt,
    DateTimeOffset AuthenticatedAt,
    DateTimeOffset ExpiresAt,
    string Aal,
    IReadOnlyList<AuthenticationMethod> Methods,
    IReadOnlyList<SessionDevice> Devices,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IdentityRecord? Identity { get; init; }

    /// <summary>The identity's addresses (never its credentials), when a read loaded them with the identity.</summary>
    public IdentityParts? IdentityParts { get; init; }

    /// <summary>Kratos's <c>IsActive</c>: not revoked, not expired, and (when loaded) the identity is active.</summary>
    public bool IsActiveAt(DateTimeOffset now) => Active && ExpiresAt > now && (Identity is null || Identity.State == IdentityRecord.Active);
}
