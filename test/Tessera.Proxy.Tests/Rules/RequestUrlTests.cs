using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Tests.Rules;

/// <summary>
/// Path traversal: what URL a rule sees for each raw request path (Go's URL.Path, decoded once, then
/// path.Clean), and so which rule it can match.
/// </summary>
public sealed class RequestUrlTests
{
    [Theory]
    [InlineData("/api/users", "/api/users")]
    [InlineData("/api/users?x=/admin", "/api/users")]
    [InlineData("/api/users/", "/api/users")]
    [InlineData("/", "/")]
    [InlineData("", "")]
    [InlineData("/api/../admin", "/admin")]
    [InlineData("/api/./users", "/api/users")]
    [InlineData("//api//users", "/api/users")]
    [InlineData("/..", "/")]
    [InlineData("/public/..", "/")]
    [InlineData("/a/b/../../..//c", "/c")]
    // Encoded dots and slashes are decoded before cleaning, as Go's URL.Path is.
    [InlineData("/api/%2e%2e/admin", "/admin")]
    [InlineData("/api%2F..%2Fadmin", "/admin")]
    [InlineData("/api/%2E%2E%2Fadmin", "/admin")]
    // Decoded once only: a double-encoded slash stays a literal %2F.
    [InlineData("/api%252F..%252Fadmin", "/api%2F..%2Fadmin")]
    // A backslash is no separator in a URL path.
    [InlineData("/api\\..\\admin", "/api\\..\\admin")]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/a+b", "/a+b")]
    public void The_path_is_decoded_once_and_cleaned(string raw, string expected)
        => Assert.Equal("https://api.test" + expected, RequestUrl.ForMatching("https", "api.test", raw));

    [Theory]
    [InlineData("/a%zz")]
    [InlineData("/a%2")]
    [InlineData("/a%")]
    public void A_malformed_escape_matches_nothing(string raw)
        => Assert.Null(RequestUrl.ForMatching("https", "api.test", raw));

    [Theory]
    [InlineData("/public/../admin/users", "admin")]
    [InlineData("/public%2F..%2Fadmin/users", "admin")]
    [InlineData("/public/%2e%2e/admin/users", "admin")]
    [InlineData("/public/users/..%2F..%2Fadmin/users", "admin")]
    [InlineData("/public/users", "public")]
    [InlineData("/admin/../public/users", "public")]
    public void Traversal_reaches_the_rule_of_the_cleaned_path_only(string raw, string expected)
    {
        var rules = CompiledRule.Load("""
            [{"id":"public","match":{"url":"https://api.test/public/<.*>","methods":["GET"]}},
             {"id":"admin","match":{"url":"https://api.test/admin/<.*>","methods":["GET"]}}]
            """, "test", MatchingStrategy.Regexp);
        var lookup = new RuleSet(rules).Match("GET", RequestUrl.ForMatching("https", "api.test", raw)!);
        Assert.Equal(expected, lookup.Rule?.Id);
    }
}
