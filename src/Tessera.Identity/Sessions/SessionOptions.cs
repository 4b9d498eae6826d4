using Tessera.Platform.Configuration;

namespace Tessera.Identity.Sessions;

/// <summary>
/// Kratos's session keys: <c>session.lifespan</c> (24h), <c>session.earliest_possible_extend</c> (the
/// lifespan: a session may always be extended), the cookie (<see cref="SessionCookieOptions"/>),
/// <c>feature_flags.cacheable_sessions</c> (+ <c>_max_age</c>) for <c>Ory-Session-Cache-For</c>, and
/// <c>feature_flags.faster_session_extend</c> (the admin extend answers 204 instead of the session).
/// </summary>
internal sealed record SessionOptions(
    TimeSpan Lifespan,
    TimeSpan EarliestPossibleExtend,
    SessionCookieOptions Cookie,
    bool CacheableSessions,
    TimeSpan CacheableSessionsMaxAge,
    bool FasterSessionExtend)
{
    public static readonly TimeSpan DefaultLifespan = TimeSpan.FromHours(24);

    public static SessionOptions FromConfig(ConfigSnapshot config, bool dev)
    {
        var lifespan = config.GetDuration("session.lifespan") ?? DefaultLifespan;
        var cookie = new SessionCookieOptions(
            config.GetString("session.cookie.name") is { Length: > 0 } name ? name : SessionCookieOptions.DefaultName,
            config.GetString("session.cookie.domain") ?? config.GetString("cookies.domain"),
            config.GetString("session.cookie.path") ?? config.GetString("cookies.path") ?? "/",
            config.GetString("session.cookie.same_site") ?? config.GetString("cookies.same_site") ?? "Lax",
            Secure(config, "session.cookie.secure") ?? Secure(config, "cookies.secure") ?? !dev,
            config.GetBool("session.cookie.persistent") ?? true);
        return new SessionOptions(
            lifespan,
            config.GetDuration("session.earliest_possible_extend") ?? lifespan,
            cookie,
            config.GetBool("feature_flags.cacheable_sessions") ?? false,
            config.GetDuration("feature_flags.cacheable_sessions_max_age") ?? TimeSpan.Zero,
            config.GetBool("feature_flags.faster_session_extend") ?? false);
    }

    /// <summary>Kratos types the <c>secure</c> keys as strings; "true"/"false" (or a boolean) are read, anything else is unset.</summary>
    private static bool? Secure(ConfigSnapshot config, string key)
        => config.GetBool(key) ?? (bool.TryParse(config.GetString(key), out var value) ? value : null);
}
