namespace Tessera.Identity.Sessions;

/// <summary>
/// What a request presented to prove a session, read from it without this type knowing HTTP: the session
/// cookie's value and the token of <c>X-Session-Token</c> or <c>Authorization: Bearer</c>. Kratos tries the
/// <c>X-Session-Token</c> header first, then the cookie, then the bearer token.
/// </summary>
internal sealed record SessionCredentials(string? CookieValue, string? HeaderToken, string? BearerToken = null)
{
    public bool IsEmpty => string.IsNullOrEmpty(CookieValue) && string.IsNullOrEmpty(HeaderToken) && string.IsNullOrEmpty(BearerToken);
}
