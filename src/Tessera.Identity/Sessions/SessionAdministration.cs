using Tessera.Identity.Storage;

namespace Tessera.Identity.Sessions;

/// <summary>
/// The admin API's session operations: list (all or one identity's, by state), read, revoke (Kratos
/// deactivates, it does not delete), extend, and delete an identity's sessions. Identities are loaded
/// only when asked for (<c>expand=identity</c>).
/// </summary>
internal sealed class SessionAdministration(SessionStore store, IdentityStore identities, SessionOptions options, TimeProvider time)
{
    public SessionOptions Options => options;

    public async Task<List<SessionRecord>> ListAsync(string afterId, int limit, string? identityId, bool? active, bool withIdentity, CancellationToken ct)
    {
        var page = await store.ListAsync(new SessionPage(afterId, limit, time.GetUtcNow(), identityId, active), ct);
        return withIdentity ? await WithIdentitiesAsync(page, ct) : page;
    }

    /// <summary>How many sessions the list's filters select.</summary>
    public Task<long> CountAsync(string? identityId, bool? active, CancellationToken ct)
        => store.CountAsync(new SessionPage("", 0, time.GetUtcNow(), identityId, active), ct);

    public async Task<SessionRecord?> GetAsync(string id, bool withIdentity, CancellationToken ct)
        => await store.GetAsync(id, ct) is not { } session ? null
            : withIdentity ? session with { Identity = await identities.GetAsync(session.IdentityId, ct) } : session;

    /// <summary>Deactivates the session; false when there is no active session with that id.</summary>
    public async Task<bool> DisableAsync(string id, CancellationToken ct) => await store.RevokeAsync(id, null, time.GetUtcNow(), ct) > 0;

    /// <summary>
    /// Kratos's <c>ExtendSession</c>: a session whose expiry is nearer than <c>session.earliest_possible_extend</c>
    /// gets a full <c>session.lifespan</c> from now; otherwise it stays as it is. Null when there is no such session.
    /// </summary>
    public async Task<SessionRecord?> ExtendAsync(string id, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } session)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (session.ExpiresAt - options.EarliestPossibleExtend < now)
        {
            var expires = now + options.Lifespan;
            expires = expires.AddTicks(-(expires.Ticks % 10));
            await store.SetExpiryAsync(id, expires, now, ct);
            session = session with { ExpiresAt = expires };
        }

        return session with { Identity = await identities.GetAsync(session.IdentityId, ct) };
    }

    /// <summary>Deletes every session of the identity; false when it had none (Kratos answers 404 then).</summary>
    public async Task<bool> DeleteByIdentityAsync(string identityId, CancellationToken ct) => await store.DeleteByIdentityAsync(identityId, ct) > 0;

    public DateTimeOffset Now => time.GetUtcNow();

    private async Task<List<SessionRecord>> WithIdentitiesAsync(List<SessionRecord> sessions, CancellationToken ct)
    {
        var loaded = new Dictionary<string, Identities.IdentityRecord?>(StringComparer.Ordinal);
        var result = new List<SessionRecord>(sessions.Count);
        foreach (var session in sessions)
        {
            if (!loaded.TryGetValue(session.IdentityId, out var identity))
            {
                loaded[session.IdentityId] = identity = await identities.GetAsync(session.IdentityId, ct);
            }

            result.Add(session with { Identity = identity });
        }

        return result;
    }
}
