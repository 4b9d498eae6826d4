namespace Tessera.Platform.Persistence;

/// <summary>
/// Connection pool limits from the DSN's <c>max_conns</c>, <c>max_idle_conns</c>,
/// <c>max_conn_lifetime</c> and <c>max_idle_conn_time</c> parameters (Ory's names). Null means
/// "not given": the provider's default applies. A zero lifetime or idle time means unlimited,
/// as in Go's database/sql.
/// </summary>
public sealed record PoolSettings
{
    public static PoolSettings Default { get; } = new();

    public int? MaxConnections { get; init; }

    public int? MaxIdleConnections { get; init; }

    public TimeSpan? MaxConnectionLifetime { get; init; }

    public TimeSpan? MaxIdleTime { get; init; }
}
