namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Hydra's graceful refresh token rotation (<c>oauth2.grant.refresh_token.rotation_grace_period</c> and
/// <c>rotation_grace_reuse_count</c>): a used refresh token may be used again for <see cref="Period"/>
/// after its first use, at most <see cref="ReuseCount"/> more times (0: no limit), each time for a new
/// token pair of the same grant; only the access token issued with it is revoked. Used again after that,
/// it counts as reuse and revokes the grant. As in Hydra, the period is capped at 5 minutes, or at
/// 180 days when a reuse count limits it.
/// </summary>
internal sealed record RefreshRotationGrace(TimeSpan Period, int ReuseCount)
{
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxCountedPeriod = TimeSpan.FromDays(180);
    public static readonly RefreshRotationGrace Off = new(TimeSpan.Zero, 0);

    public bool Enabled => Period > TimeSpan.Zero;

    public static RefreshRotationGrace From(TimeSpan period, int reuseCount)
    {
        var cap = reuseCount > 0 ? MaxCountedPeriod : MaxPeriod;
        return period <= TimeSpan.Zero ? Off : new(period < cap ? period : cap, Math.Max(reuseCount, 0));
    }
}
