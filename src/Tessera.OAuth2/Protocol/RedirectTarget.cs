namespace Tessera.OAuth2.Protocol;

/// <summary>Where and how an authorization response goes back to the client.</summary>
internal sealed record RedirectTarget(string RedirectUri, string ResponseMode, string? State);
