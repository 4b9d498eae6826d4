namespace Tessera.Identity.Sessions;

/// <summary>
/// A page of sessions in id order (ids are time-ordered UUIDs, so oldest first) after <see cref="AfterId"/>:
/// optionally one identity's, only active (not revoked, not expired at <see cref="Now"/>) or only inactive ones,
/// and without the session <see cref="ExceptId"/>.
/// </summary>
internal sealed record SessionPage(string AfterId, int Limit, DateTimeOffset Now, string? IdentityId = null, bool? Active = null, string? ExceptId = null);
