using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Tests.Protocol;

public sealed class RefreshRotationGraceTests
{
    [Theory]
    [InlineData(0, 0, 0, false)]
    [InlineData(-5, 3, 0, false)]
    [InlineData(30, 0, 30, true)]
    [InlineData(7200, 0, 300, true)]               // capped at 5 minutes without a reuse count
    [InlineData(7200, 2, 7200, true)]              // a reuse count allows longer
    [InlineData(200 * 86400, 2, 180 * 86400, true)] // up to 180 days
    public void The_period_is_capped_as_in_hydra(int seconds, int reuses, int expectedSeconds, bool enabled)
    {
        var grace = RefreshRotationGrace.From(TimeSpan.FromSeconds(seconds), reuses);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), grace.Period);
        Assert.Equal(enabled, grace.Enabled);
    }
}
