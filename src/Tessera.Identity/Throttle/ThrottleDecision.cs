using System.Globalization;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Throttle;

/// <summary>Whether a login attempt may go ahead now; when not, the earliest time it may (<see cref="RetryAt"/>).</summary>
internal sealed record ThrottleDecision(bool Allowed, DateTimeOffset RetryAt, TimeSpan RetryAfter)
{
    public static ThrottleDecision Allow { get; } = new(true, DateTimeOffset.MinValue, TimeSpan.Zero);

    public static ThrottleDecision Wait(DateTimeOffset now, DateTimeOffset retryAt) => new(false, retryAt, retryAt - now);

    /// <summary>The <c>Retry-After</c> header value: whole seconds, rounded up.</summary>
    public long RetryAfterSeconds => (long)Math.Ceiling(RetryAfter.TotalSeconds);

    /// <summary>
    /// The refusal in Ory's error shape: <c>{"error":{"code":429,"status":"Too Many Requests","reason":"…","message":"…"}}</c>,
    /// the reason naming the retry time (RFC 3339, UTC) and the wait in seconds.
    /// </summary>
    public IdentityError Error => new(429, "Too many failed login attempts",
        string.Create(CultureInfo.InvariantCulture,
            $"Too many failed login attempts for this account; retry after {RetryAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (in {RetryAfterSeconds} seconds)."));
}
