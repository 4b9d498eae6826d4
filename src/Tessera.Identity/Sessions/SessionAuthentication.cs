using Tessera.Identity.Identities;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Sessions;

/// <summary>
/// Finds the session a request presents (Kratos's <c>FetchFromRequest</c>): the token from
/// <c>X-Session-Token</c>, else from the session cookie, else from <c>Authorization: Bearer</c>; looked up by
/// its hash, compared in constant time, and accepted only while the session is active, unexpired and its
/// identity active. Also the current identity's own session operations (<c>/sessions</c>).
/// </summary>
internal sealed class SessionAuthentication(SessionStore store, SessionCookieCodec cookies, TimeProvider time)
{
    /// <summary>
    /// The token the credentials carry, in Kratos's order, and the expiry of the session cookie when one came along and
    /// opened; the cookie is opened once here, so the lookup and the cookie refresh need not open it again.
    /// </summary>
    public PresentedToken Present(SessionCredentials credentials)
    {
        var cookie = string.IsNullOrEmpty(credentials.CookieValue) ? null : cookies.Open(credentials.CookieValue);
        var token = credentials.HeaderToken is { Length: > 0 } header ? header
            : cookie is { } opened ? opened.Token
            : credentials.BearerToken is { Length: > 0 } bearer ? bearer : null;
        return new PresentedToken(token, cookie?.ExpiresAt);
    }

    /// <summary>The active session (with its identity and the identity's addresses) the credentials prove; null when there is none.</summary>
    public Task<SessionRecord?> ResolveAsync(SessionCredentials credentials, CancellationToken ct) => ResolveAsync(Present(credentials), ct);

    /// <summary>
    /// The active session (with its devices, its identity and the identity's addresses) the presented token proves; null
    /// when there is none. One read of what is stored now, so a session revoked by any instance is refused at once.
    /// </summary>
    public async Task<SessionRecord?> ResolveAsync(PresentedToken presented, CancellationToken ct)
    {
        if (presented.Token is not { Length: <= SessionToken.MaxLength } token)
        {
            return null;
        }

        var hash = SessionToken.Hash(token);
        if (await store.GetWithIdentityByTokenHashAsync(hash, ct) is not { } found || !SessionToken.Matches(found.StoredHash, hash))
        {
            return null;
        }

        return found.Session.IsActiveAt(time.GetUtcNow()) ? found.Session : null;
    }

    /// <summary>Revokes the current session (logout).</summary>
    public Task<int> EndAsync(SessionRecord current, CancellationToken ct) => store.RevokeAsync(current.Id, current.IdentityId, time.GetUtcNow(), ct);

    /// <summary>Revokes the session of <paramref name="token"/> (API logout; as Kratos, a revoked one's token still counts); false when it is no session's.</summary>
    public async Task<bool> RevokeByTokenAsync(string token, CancellationToken ct)
    {
        if (token.Length is 0 or > SessionToken.MaxLength)
        {
            return false;
        }

        var hash = SessionToken.Hash(token);
        if (await store.GetByTokenHashAsync(hash, ct) is not { } found || !SessionToken.Matches(found.StoredHash, hash))
        {
            return false;
        }

        await store.RevokeAsync(found.Session.Id, null, time.GetUtcNow(), ct);
        return true;
    }

    /// <summary>A page of the current identity's other active sessions, with their devices and identity.</summary>
    public async Task<List<SessionRecord>> ListOthersAsync(SessionRecord current, string afterId, int limit, CancellationToken ct)
    {
        var page = await store.ListAsync(new SessionPage(afterId, limit, time.GetUtcNow(), current.IdentityId, Active: true, ExceptId: current.Id), ct);
        return page.Select(s => s with { Identity = current.Identity, IdentityParts = current.IdentityParts }).ToList();
    }

    /// <summary>How many other active sessions the current identity has.</summary>
    public Task<long> CountOthersAsync(SessionRecord current, CancellationToken ct)
        => store.CountAsync(new SessionPage("", 0, time.GetUtcNow(), current.IdentityId, Active: true, ExceptId: current.Id), ct);

    /// <summary>Revokes every other active session of the current identity; how many.</summary>
    public Task<int> RevokeOthersAsync(SessionRecord current, CancellationToken ct)
        => store.RevokeOthersAsync(current.IdentityId, current.Id, time.GetUtcNow(), ct);

    /// <summary>Revokes another session of the current identity (a foreign or unknown id revokes nothing, as in Kratos); the current one is refused.</summary>
    public async Task<IdentityError?> RevokeAsync(SessionRecord current, string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var parsed))
        {
            return SessionErrors.BadUuid(id);
        }

        if (parsed.ToString() == current.Id)
        {
            return SessionErrors.CurrentSession;
        }

        await store.RevokeAsync(parsed.ToString(), current.IdentityId, time.GetUtcNow(), ct);
        return null;
    }
}
