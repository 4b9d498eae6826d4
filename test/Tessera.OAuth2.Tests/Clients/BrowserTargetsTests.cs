using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Tests.Clients;

public sealed class BrowserTargetsTests
{
    [Theory]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData("JAVASCRIPT:alert(1)", "javascript")]
    [InlineData("\u0000 \u001f javascript:alert(1)", "javascript")]
    [InlineData("jav\tas\ncri\rpt:alert(1)", "javascript")]
    [InlineData("data:,x", "data")]
    [InlineData("vbScript:x", "vbscript")]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("blob:https://a.example/1", "blob")]
    [InlineData("about:blank", "about")]
    [InlineData("https://a.example/cb", null)]
    [InlineData("com.example.app:/cb", null)]
    [InlineData("javascripts:x", null)]
    [InlineData("java script:alert(1)", null)]
    [InlineData("/relative/javascript:x", null)]
    [InlineData("", null)]
    public void The_scheme_is_read_as_a_browser_reads_it(string text, string? dangerous)
        => Assert.Equal(dangerous, BrowserTargets.DangerousScheme(text));

    [Theory]
    [InlineData("https://a.example/cb?x=\"<&>\"", true)]
    [InlineData("http://127.0.0.1:8080/cb", true)]
    [InlineData("https://a.example/ü", true)]
    [InlineData("com.example.app:/cb", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("about:blank", false)]
    [InlineData("https://a.example/\ncb", false)]
    [InlineData("https://a.example/\u007fcb", false)]
    [InlineData("/relative", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_web_and_native_app_uris_are_safe(string? text, bool safe)
        => Assert.Equal(safe, BrowserTargets.IsSafe(text));

    [Theory]
    [InlineData("/oauth2/fallbacks/login?x=1", true)]
    [InlineData("login", true)]
    [InlineData("?login_challenge=x", true)]
    [InlineData("/path/with:colon", true)]
    [InlineData("https://login.example/login", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("/x\njavascript:alert(1)", false)]
    [InlineData("", false)]
    public void Configured_urls_may_also_be_relative_references(string text, bool allowed)
        => Assert.Equal(allowed, BrowserTargets.IsSafeOrRelative(text));

    [Theory]
    [InlineData("https://a.example/cb?x=1", "https://a.example")]
    [InlineData("https://A.Example:443/cb", "https://a.example")]
    [InlineData("http://127.0.0.1:8080/cb", "http://127.0.0.1:8080")]
    [InlineData("https://bücher.example/cb", "https://xn--bcher-kva.example")]
    [InlineData("http://[::1]:3000/cb", "http:")]
    [InlineData("com.example.app:/cb", "com.example.app:")]
    [InlineData("javascript:alert(1)", null)]
    public void The_policy_source_is_the_targets_origin_or_scheme(string text, string? source)
        => Assert.Equal(source, BrowserTargets.PolicySource(text));
}
