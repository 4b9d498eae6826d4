using Tessera.Platform.Scopes;

namespace Tessera.Platform.Tests.Scopes;

public sealed class ScopeStrategyTests
{
    [Theory]
    [InlineData("exact", "photos", "photos", true)]
    [InlineData("exact", "photos", "photos.read", false)]
    [InlineData("exact", "photos.*", "photos.read", false)]
    [InlineData("hierarchic", "photos", "photos.read", true)]
    [InlineData("hierarchic", "photos", "photos.album.read", true)]
    [InlineData("hierarchic", "photos.read", "photos", false)]
    [InlineData("hierarchic", "photos", "photosread", false)]
    [InlineData("hierarchic", "photos.*", "photos.read", false)]
    [InlineData("wildcard", "photos.*", "photos.read", true)]
    [InlineData("wildcard", "photos.*", "photos.album.read", true)]
    [InlineData("wildcard", "photos.*.read", "photos.album.read", true)]
    [InlineData("wildcard", "photos.*.read", "photos..read", false)]
    [InlineData("wildcard", "photos.*", "photos", false)]
    [InlineData("wildcard", "photos", "photos.read", false)]
    public void CoversAsFositeDoes(string name, string granted, string requested, bool covered)
    {
        var strategy = ScopeStrategy.FromOathkeeperName(name, out var known);

        Assert.True(known);
        Assert.NotNull(strategy);
        Assert.Equal(covered, strategy.Allows([granted], requested));
    }

    [Fact]
    public void NoneIsKnownButNoStrategy()
    {
        Assert.Null(ScopeStrategy.FromOathkeeperName("NONE", out var known));
        Assert.True(known);
        Assert.Null(ScopeStrategy.FromOathkeeperName("regex", out known));
        Assert.False(known);
    }

    [Fact]
    public void HydraNamesEitherExactOrWildcard()
    {
        Assert.Same(ScopeStrategy.Exact, ScopeStrategy.FromName("exact"));
        Assert.Same(ScopeStrategy.Wildcard, ScopeStrategy.FromName("wildcard"));
        Assert.Same(ScopeStrategy.Wildcard, ScopeStrategy.FromName(null));
        Assert.Equal("photos.read", ScopeStrategy.Exact.FirstDisallowed(["photos"], ["photos", "photos.read"]));
    }
}
