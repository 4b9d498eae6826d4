namespace Tessera.Identity.Sessions;

/// <summary>
/// The session cookie as Kratos configures it: <c>session.cookie.name</c> (default <c>ory_kratos_session</c>),
/// and <c>session.cookie.domain|path|same_site|secure</c> each falling back to <c>cookies.*</c> when unset;
/// <c>persistent</c> (default true) gives the cookie the session's expiry. Secure unless <c>--dev</c> when
/// neither <c>secure</c> key is set; always HttpOnly.
/// </summary>
internal sealed record SessionCookieOptions(string Name, string? Domain, string? Path, string SameSite, bool Secure, bool Persistent)
{
    public const string DefaultName = "ory_kratos_session";
}
