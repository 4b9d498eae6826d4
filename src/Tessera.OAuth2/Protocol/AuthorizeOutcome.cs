namespace Tessera.OAuth2.Protocol;

/// <summary>
/// What the authorization endpoint answers: a redirect (to the login or consent app, the client, or
/// the error page), or an auto-submitting form to the client for <c>response_mode=form_post</c>.
/// </summary>
internal sealed record AuthorizeOutcome(string? Location, string? FormPostUri, IReadOnlyList<KeyValuePair<string, string>> FormFields, IReadOnlyList<CookieInstruction> Cookies)
{
    public static AuthorizeOutcome Redirect(string location, params CookieInstruction[] cookies) => new(location, null, [], cookies);

    public AuthorizeOutcome WithCookies(params CookieInstruction[] cookies) => this with { Cookies = [.. Cookies, .. cookies] };
}
