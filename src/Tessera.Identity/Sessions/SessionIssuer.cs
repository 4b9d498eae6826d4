using System.Data.Common;
using Tessera.Identity.Identities;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Sessions;

/// <summary>
/// Issues sessions, as Kratos's session manager does after a login or registration: a new random token, the
/// methods that authenticated it and the level they reach, <c>session.lifespan</c>, the device it came
/// from, and the cookie to set. The flows call it, alone or inside the transaction that writes the identity.
/// </summary>
internal sealed class SessionIssuer(SessionStore store, SessionOptions options, SessionCookieCodec cookies, TimeProvider time)
{
    public SessionOptions Options => options;

    /// <summary>Issues and stores a session for <paramref name="identity"/> in a transaction of its own.</summary>
    public async Task<IssuedSession> IssueAsync(IdentityRecord identity, IReadOnlyList<AuthenticationMethod> methods, SessionDevice? device, CancellationToken ct)
    {
        var issued = New(identity, methods, device);
        await store.InsertAsync(issued.Session, SessionToken.Hash(issued.Token), ct);
        return issued;
    }

    /// <summary>Issues and stores a session in the caller's open transaction (e.g. with the identity a registration creates).</summary>
    public async Task<IssuedSession> IssueAsync(DbConnection connection, DbTransaction transaction, IdentityRecord identity, IReadOnlyList<AuthenticationMethod> methods, SessionDevice? device, CancellationToken ct)
    {
        var issued = New(identity, methods, device);
        await store.InsertAsync(connection, transaction, issued.Session, SessionToken.Hash(issued.Token), ct);
        return issued;
    }

    /// <summary>
    /// Re-authenticates <paramref name="session"/> (login with <c>refresh=true</c>): the method is added, and issue,
    /// authentication and expiry restart now as Kratos's <c>ActivateSession</c> does. Null when the session is gone.
    /// </summary>
    public async Task<SessionRecord?> ReauthenticateAsync(SessionRecord session, AuthenticationMethod method, CancellationToken ct)
    {
        var now = Now();
        List<AuthenticationMethod> methods = [.. session.Methods, method];
        var updated = session with
        {
            IssuedAt = now, AuthenticatedAt = now, ExpiresAt = now + options.Lifespan, Aal = AuthenticationMethod.LevelOf(methods), Methods = methods, UpdatedAt = now,
        };
        return await store.ReauthenticateAsync(updated, ct) ? updated : null;
    }

    /// <summary>Revokes the identity's other active sessions (the <c>revoke_active_sessions</c> hook); how many.</summary>
    public Task<int> RevokeOthersAsync(string identityId, string exceptId, CancellationToken ct) => store.RevokeOthersAsync(identityId, exceptId, Now(), ct);

    /// <summary>The store's database, for writes that must commit with a session (registration).</summary>
    public Platform.Persistence.Database Database => store.Database;

    /// <summary>One completed method now, e.g. <c>("password", "aal1")</c>, for <see cref="IssueAsync(IdentityRecord, IReadOnlyList{AuthenticationMethod}, SessionDevice?, CancellationToken)"/>.</summary>
    public AuthenticationMethod Completed(string method, string aal) => new(method, aal, Now());

    /// <summary>The cookie carrying <paramref name="token"/>: with the session's expiry when persistent, a browser-session cookie otherwise.</summary>
    public SessionCookie CookieFor(string token, SessionRecord session)
    {
        var now = time.GetUtcNow();
        var persistent = options.Cookie.Persistent;
        var maxAge = persistent ? (long)Math.Max(0, Math.Round((session.ExpiresAt - now).TotalSeconds)) : (long?)null;
        return new SessionCookie(options.Cookie.Name, cookies.Seal(token, session.ExpiresAt), options.Cookie, persistent ? session.ExpiresAt : null, maxAge);
    }

    /// <summary>
    /// Kratos's <c>RefreshCookie</c>: when the request came with a session cookie set for an earlier expiry than the
    /// session now has (it was extended), the cookie to set again for the token that found the session; null otherwise
    /// (no cookie came, or it is current). The cookie keeps its expiry to the millisecond, so that is the precision compared.
    /// </summary>
    public SessionCookie? RefreshedCookie(PresentedToken presented, SessionRecord session)
        => presented is { Token: { } token, CookieExpiresAt: { } expiresAt } && expiresAt.ToUnixTimeMilliseconds() < session.ExpiresAt.ToUnixTimeMilliseconds()
            ? CookieFor(token, session)
            : null;

    /// <summary>The cookie that removes the session cookie (logout).</summary>
    public SessionCookie RemovalCookie() => new(options.Cookie.Name, "", options.Cookie, DateTimeOffset.UnixEpoch, 0);

    private IssuedSession New(IdentityRecord identity, IReadOnlyList<AuthenticationMethod> methods, SessionDevice? device)
    {
        var now = Now();
        var token = SessionToken.New();
        var session = new SessionRecord(
            Guid.CreateVersion7(now).ToString(), identity.Id, true, now, methods.Count > 0 ? methods.Max(m => m.CompletedAt) : now,
            now + options.Lifespan, AuthenticationMethod.LevelOf(methods), methods, device is null ? [] : [device], now, now)
        {
            Identity = identity,
        };
        return new IssuedSession(session, token, CookieFor(token, session));
    }

    private DateTimeOffset Now()
    {
        // Stored times keep microseconds at most: answer what a read returns.
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
