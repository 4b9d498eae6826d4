namespace Tessera.OAuth2.Protocol;

/// <summary>A row of <c>oauth2_tokens</c>: one token (by its signature) and the grant it belongs to.</summary>
internal sealed record StoredToken(
    string Kind,
    string Signature,
    string RequestId,
    bool Active,
    DateTimeOffset RequestedAt,
    DateTimeOffset? ExpiresAt,
    GrantSession Session)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
