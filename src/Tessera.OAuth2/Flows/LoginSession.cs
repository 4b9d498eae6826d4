namespace Tessera.OAuth2.Flows;

/// <summary>An authenticated browser session (<c>sid</c>): who logged in when, and until when it is remembered.</summary>
internal sealed record LoginSession(string Id, string Subject, DateTimeOffset AuthenticatedAt, bool Remember, DateTimeOffset? ExpiresAt, string? IdentityProviderSessionId);
