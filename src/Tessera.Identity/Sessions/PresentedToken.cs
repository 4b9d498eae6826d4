namespace Tessera.Identity.Sessions;

/// <summary>
/// What <see cref="SessionAuthentication.Present"/> read from a request's credentials: the session token (from
/// <c>X-Session-Token</c>, the session cookie or <c>Authorization: Bearer</c>, in Kratos's order; null when none) and,
/// when a session cookie came along and opened, the expiry it was set with (the whoami cookie refresh compares it).
/// </summary>
internal readonly record struct PresentedToken(string? Token, DateTimeOffset? CookieExpiresAt);
