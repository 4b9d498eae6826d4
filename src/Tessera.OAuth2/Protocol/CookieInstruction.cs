namespace Tessera.OAuth2.Protocol;

/// <summary>A cookie the HTTP layer must set (or delete, when <see cref="Value"/> is null) with the response.</summary>
internal sealed record CookieInstruction(string Name, string? Value, TimeSpan? MaxAge = null, string Path = "/");
