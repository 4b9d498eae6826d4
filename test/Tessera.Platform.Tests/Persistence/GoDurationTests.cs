using Tessera.Platform.Persistence;

namespace Tessera.Platform.Tests.Persistence;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30_000)]
    [InlineData("250ms", 250)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("1500us", 1.5)]
    [InlineData("2000000ns", 2)]
    public void Parses_go_durations(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10 s")]
    [InlineData("10d")]
    [InlineData("-5s")]
    [InlineData("1.2.3s")]
    public void Rejects_what_go_rejects(string text)
        => Assert.False(GoDuration.TryParse(text, out _));
}
