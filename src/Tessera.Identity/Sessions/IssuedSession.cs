namespace Tessera.Identity.Sessions;

/// <summary>
/// A session just issued: the session, its token (shown once: to API clients as <c>session_token</c>, to
/// browsers inside the cookie) and the <c>Set-Cookie</c> that carries it.
/// </summary>
internal sealed record IssuedSession(SessionRecord Session, string Token, SessionCookie Cookie);
