using Tessera.Identity.Storage;

namespace Tessera.Identity.Throttle;

/// <summary>
/// Brute-force protection for password logins that every instance agrees on: failures are counted in the
/// database per (identifier, address), per identifier and per address. The rule:
/// <list type="bullet">
/// <item>A counter with f failures and threshold T makes attempts wait until its last failure plus
/// <c>min(base_delay × 2^(f − T), max_delay)</c> once f ≥ T. Thresholds: <c>max_attempts</c> for the pair,
/// <c>identifier_max_attempts</c> for the identifier, <c>address_max_attempts</c> for the address.</item>
/// <item>The identifier's counter does not hold back an address the identifier has logged in from in the last
/// 30 days: an attacker elsewhere cannot keep its owner out.</item>
/// <item>An attempt refused by <see cref="CheckAsync"/> is not a failure (the password is not tried), so an
/// attacker buys each failure with a full wait, and every wait is capped at <c>max_delay</c>.</item>
/// <item>A counter is forgotten once no failure followed for <c>max(window, max_delay)</c>; a successful login
/// forgets all of the identifier's counters (the address's stays) and remembers the address.</item>
/// </list>
/// Expired rows are deleted lazily: at most once per window per instance, by a failure.
/// </summary>
internal sealed class LoginThrottle(LoginThrottleStore store, LoginThrottleOptions options, TimeProvider time)
{
    private const int MaxShift = 40;

    private long nextPurge;

    public LoginThrottleOptions Options => options;

    /// <summary>Whether a login attempt for <paramref name="identifier"/> from <paramref name="address"/> may be tried at <paramref name="now"/>.</summary>
    public async Task<ThrottleDecision> CheckAsync(string identifier, string address, DateTimeOffset now, CancellationToken ct)
    {
        if (!options.Enabled)
        {
            return ThrottleDecision.Allow;
        }

        var identifierKey = ThrottleKeys.Identifier(identifier);
        var addressKey = ThrottleKeys.Address(address);
        var rows = await store.ReadAsync(identifierKey, addressKey, ct);
        var nowMs = now.ToUnixTimeMilliseconds();
        var known = rows.Exists(r => r.Kind == LoginThrottleStore.Known && r.LastAt > nowMs - (long)options.KnownAddressLifespan.TotalMilliseconds);
        var until = long.MinValue;
        foreach (var row in rows)
        {
            if (row.Kind != LoginThrottleStore.Failures || row.LastAt <= nowMs - (long)options.Horizon.TotalMilliseconds)
            {
                continue;
            }

            var threshold = row switch
            {
                { AddressKey: LoginThrottleStore.Any } => known ? int.MaxValue : options.IdentifierMaxAttempts,
                { IdentifierKey: LoginThrottleStore.Any } => options.AddressMaxAttempts,
                _ => options.MaxAttempts,
            };
            if (row.Failures >= threshold)
            {
                until = Math.Max(until, row.LastAt + (long)Delay(row.Failures - threshold).TotalMilliseconds);
            }
        }

        return until > nowMs ? ThrottleDecision.Wait(now, DateTimeOffset.FromUnixTimeMilliseconds(until)) : ThrottleDecision.Allow;
    }

    /// <summary>Counts a failed login (wrong password, unknown identifier) for the identifier, the address and the pair.</summary>
    public async Task RecordFailureAsync(string identifier, string address, DateTimeOffset now, CancellationToken ct)
    {
        if (!options.Enabled)
        {
            return;
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        await store.RecordFailureAsync(ThrottleKeys.Identifier(identifier), ThrottleKeys.Address(address), nowMs, nowMs - (long)options.Horizon.TotalMilliseconds, ct);
        await PurgeIfDueAsync(nowMs, ct);
    }

    /// <summary>Forgets the identifier's failures and remembers the address as one the identifier logged in from.</summary>
    public Task RecordSuccessAsync(string identifier, string address, DateTimeOffset now, CancellationToken ct)
        => options.Enabled
            ? store.RecordSuccessAsync(ThrottleKeys.Identifier(identifier), ThrottleKeys.Address(address), now.ToUnixTimeMilliseconds(), ct)
            : Task.CompletedTask;

    /// <summary>The current time, for callers without their own clock.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The wait after <paramref name="excess"/> failures past a threshold: base × 2^excess, at most <c>max_delay</c>.</summary>
    public TimeSpan Delay(int excess)
    {
        if (excess >= MaxShift)
        {
            return options.MaxDelay;
        }

        var delay = options.BaseDelay.Ticks * (double)(1L << Math.Max(excess, 0));
        return delay >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)delay);
    }

    /// <summary>Deletes forgotten counters and stale known addresses now, whatever the schedule (for tests and a janitor).</summary>
    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return store.PurgeAsync(nowMs - (long)options.Horizon.TotalMilliseconds, nowMs - (long)options.KnownAddressLifespan.TotalMilliseconds, ct);
    }

    private async Task PurgeIfDueAsync(long nowMs, CancellationToken ct)
    {
        var due = Interlocked.Read(ref nextPurge);
        if (nowMs < due || Interlocked.CompareExchange(ref nextPurge, nowMs + (long)options.Window.TotalMilliseconds, due) != due)
        {
            return;
        }

        await PurgeAsync(DateTimeOffset.FromUnixTimeMilliseconds(nowMs), ct);
    }
}
