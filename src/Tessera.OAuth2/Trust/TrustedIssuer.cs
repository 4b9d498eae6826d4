namespace Tessera.OAuth2.Trust;

/// <summary>
/// A trusted issuer of RFC 7523 JWT-bearer assertions, in Hydra's shape: which issuer, which subject
/// (or any), which scopes it may request, and the key (by set and kid) its assertions are signed with.
/// </summary>
internal sealed record TrustedIssuer(
    string Id,
    string Issuer,
    string Subject,
    bool AllowAnySubject,
    IReadOnlyList<string> Scope,
    string KeySet,
    string KeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
