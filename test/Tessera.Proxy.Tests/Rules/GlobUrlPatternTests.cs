using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Tests.Rules;

public sealed class GlobUrlPatternTests
{
    [Theory]
    [InlineData("https://api.test/users", "https://api.test/users", true)]
    [InlineData("https://api.test/users", "https://api.test/users/1", false)]
    // * stays within a segment: it crosses neither '/' nor '.'.
    [InlineData("https://api.test/<*>", "https://api.test/users", true)]
    [InlineData("https://api.test/<*>", "https://api.test/users/1", false)]
    [InlineData("https://api.test/<*>", "https://api.test/users.json", false)]
    [InlineData("https://<*>.test/x", "https://api.test/x", true)]
    [InlineData("https://<*>.test/x", "https://a.b.test/x", false)]
    // ** crosses both.
    [InlineData("https://api.test/<**>", "https://api.test/users/1.json", true)]
    [InlineData("https://<**>.test/x", "https://a.b.test/x", true)]
    // A literal then one * or ** (matched without a regular expression): the literal is the whole prefix.
    [InlineData("https://api.test/<*>", "https://api.test/", true)]
    [InlineData("https://api.test/<*>", "https://api.test", false)]
    [InlineData("https://api.test/<*>", "https://api.tester/x", false)]
    [InlineData("https://api.test/<*>", "https://api.test/a\nb", true)]
    [InlineData("https://api.test/<**>", "https://api.test/", true)]
    [InlineData("https://api.test/<**>", "https://api.test/a\n/b.c", true)]
    [InlineData("https://api.test/<**>", "http://api.test/a", false)]
    [InlineData("https://api.test/<**>x", "https://api.test/ax", true)]
    [InlineData("https://api.test/<**>x", "https://api.test/ay", false)]
    // ? is one non-separator.
    [InlineData("https://api.test/v<?>", "https://api.test/v1", true)]
    [InlineData("https://api.test/v<?>", "https://api.test/v12", false)]
    [InlineData("https://api.test/v<?>x", "https://api.test/v/x", false)]
    // Classes and ranges, plain and negated.
    [InlineData("https://api.test/v<[12]>", "https://api.test/v2", true)]
    [InlineData("https://api.test/v<[12]>", "https://api.test/v3", false)]
    [InlineData("https://api.test/v<[!12]>", "https://api.test/v3", true)]
    [InlineData("https://api.test/v<[!12]>", "https://api.test/v1", false)]
    [InlineData("https://api.test/v<[0-9]>", "https://api.test/v7", true)]
    [InlineData("https://api.test/v<[!0-9]>", "https://api.test/v7", false)]
    // Alternatives, with patterns inside.
    [InlineData("https://api.test/<{users,groups}>/<*>", "https://api.test/groups/1", true)]
    [InlineData("https://api.test/<{users,groups}>/<*>", "https://api.test/roles/1", false)]
    [InlineData("https://api.test/<{u*,g?}>", "https://api.test/g1", true)]
    // Literal text is quoted, escapes inside are literal.
    [InlineData("https://api.test/a*b", "https://api.test/a*b", true)]
    [InlineData("https://api.test/a*b", "https://api.test/axb", false)]
    [InlineData("https://api.test/<\\*>", "https://api.test/*", true)]
    [InlineData("https://api.test/<a,b>", "https://api.test/a,b", true)]
    public void Matches_as_gobwas_glob_with_dot_and_slash_separators(string pattern, string url, bool expected)
        => Assert.Equal(expected, GlobUrlPattern.Compile(pattern).IsMatch(url));

    [Fact]
    public void A_glob_has_no_capture_groups()
        => Assert.Empty(GlobUrlPattern.Compile("https://api.test/<*>").Captures("https://api.test/x"));

    [Theory]
    [InlineData("https://api.test/<{a,b>")]
    [InlineData("https://api.test/<[ab>")]
    [InlineData("https://api.test/<[]>")]
    [InlineData("https://api.test/<[z-a]>")]
    [InlineData("https://api.test/<*")]
    public void Bad_globs_are_refused(string pattern)
        => Assert.Throws<RulePatternException>(() => GlobUrlPattern.Compile(pattern));
}
