using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Tests.Rules;

public sealed class RegexpUrlPatternTests
{
    [Theory]
    [InlineData("https://api.test/users", "https://api.test/users", true)]
    [InlineData("https://api.test/users", "https://api.test/users/1", false)]
    [InlineData("https://api.test/users", "xhttps://api.test/users", false)]
    [InlineData("https://api.test/users/<[0-9]+>", "https://api.test/users/42", true)]
    [InlineData("https://api.test/users/<[0-9]+>", "https://api.test/users/4a", false)]
    [InlineData("https://api.test/<.*>", "https://api.test/a/b/c", true)]
    [InlineData("<https|http>://api.test/x", "http://api.test/x", true)]
    [InlineData("<https|http>://api.test/x", "ftp://api.test/x", false)]
    // Literal text is escaped: the dot is a dot, the question mark a question mark.
    [InlineData("https://api.test/a.b", "https://api.test/aXb", false)]
    [InlineData("https://api.test/a?b", "https://api.test/a?b", true)]
    [InlineData("https://api.test/a?b", "https://api.test/b", false)]
    // Nested delimiters belong to the outer expression.
    [InlineData("https://api.test/<(a<b>)?c>", "https://api.test/a<b>c", true)]
    public void Matches_the_whole_url(string pattern, string url, bool expected)
        => Assert.Equal(expected, RegexpUrlPattern.Compile(pattern).IsMatch(url));

    [Fact]
    public void Capture_groups_are_every_group_in_order()
    {
        var pattern = RegexpUrlPattern.Compile("https://<[a-z]+>.test/users/<([0-9]+)>/<.*>");
        Assert.Equal(["api", "42", "42", "x/y"], pattern.Captures("https://api.test/users/42/x/y"));
        Assert.Empty(pattern.Captures("https://api.test/nope"));
    }

    [Theory]
    [InlineData("https://api.test/<[0-9]+")]
    [InlineData("https://api.test/[0-9]+>")]
    [InlineData("https://api.test/<[0-9+>")]
    // Each expression must be valid alone: no breaking out of its group.
    [InlineData("https://api.test/<a)(b>")]
    public void Bad_patterns_are_refused(string pattern)
        => Assert.Throws<RulePatternException>(() => RegexpUrlPattern.Compile(pattern));
}
