using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// What the logout endpoint answers: a redirect, or — when clients registered front-channel logout
/// URLs — a page that loads them in iframes and then continues to <see cref="Location"/>.
/// </summary>
internal sealed record LogoutOutcome(string Location, IReadOnlyList<string> FrontChannelUris, IReadOnlyList<CookieInstruction> Cookies)
{
    public static LogoutOutcome Redirect(string location, params CookieInstruction[] cookies) => new(location, [], cookies);
}
