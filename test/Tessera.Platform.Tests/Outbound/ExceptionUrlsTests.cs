using Tessera.Platform.Outbound;

namespace Tessera.Platform.Tests.Outbound;

public sealed class ExceptionUrlsTests
{
    [Fact]
    public void An_entry_matches_itself_exactly_and_case_sensitively_without_query_or_fragment()
    {
        var urls = new ExceptionUrls(["http://127.0.0.1:9/allowed.json"]);
        Assert.True(urls.Contains("http://127.0.0.1:9/allowed.json"));
        Assert.True(urls.Contains("http://127.0.0.1:9/allowed.json?x=1#y"));
        Assert.False(urls.Contains("http://127.0.0.1:9/allowed.json/more"));
        Assert.False(urls.Contains("http://127.0.0.1:9/Allowed.json"));
        Assert.False(urls.Contains("http://127.0.0.1:9/allowedXjson")); // '.' is no wildcard
        Assert.False(urls.Contains("http://127.0.0.1:90/allowed.json"));
    }

    [Fact]
    public void Globs_stop_at_dots_and_slashes_unless_doubled()
    {
        var urls = new ExceptionUrls(["https://*.internal.example/jwks", "http://10.0.0.1/keys/**", "http://hook-?.example/h"]);
        Assert.True(urls.Contains("https://a.internal.example/jwks"));
        Assert.False(urls.Contains("https://a.b.internal.example/jwks"));
        Assert.False(urls.Contains("https://evil.example/x.internal.example/jwks"));
        Assert.True(urls.Contains("http://10.0.0.1/keys/a/b.json"));
        Assert.False(urls.Contains("http://10.0.0.1/other"));
        Assert.True(urls.Contains("http://hook-1.example/h"));
        Assert.False(urls.Contains("http://hook-12.example/h"));
    }

    [Fact]
    public void Regex_characters_are_literal_and_a_backslash_escapes()
    {
        var urls = new ExceptionUrls(["http://a.example/(x)+[y]", "http://a.example/lit\\*"]);
        Assert.True(urls.Contains("http://a.example/(x)+[y]"));
        Assert.False(urls.Contains("http://a.example/xx[y]"));
        Assert.True(urls.Contains("http://a.example/lit*"));
        Assert.False(urls.Contains("http://a.example/litany"));
    }

    [Fact]
    public void No_entries_match_nothing()
    {
        var urls = new ExceptionUrls([]);
        Assert.False(urls.Contains("http://127.0.0.1/"));
        Assert.False(urls.Contains(""));
    }
}
