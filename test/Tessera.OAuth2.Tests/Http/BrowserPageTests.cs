using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// The pages and redirects the public listener sends to browsers: never to a <c>javascript:</c>/<c>data:</c>
/// target, even one written straight into the database; every page with a Content-Security-Policy whose
/// script hash is the page's own script, and every value HTML-encoded.
/// </summary>
public sealed partial class BrowserPageTests(OAuth2HttpFixture fixture) : IClassFixture<OAuth2HttpFixture>
{
    private const string Secret = "page-client-secret";
    private const string ErrorPage = "https://issuer.test/oauth2/fallbacks/error?error=invalid_request&error_description=";

    /// <summary>Quotes, markup, an ampersand and non-ASCII: what every emitted value must survive encoded.</summary>
    private const string TrickyState = "st\"ate'<b>&amp;</b> é ü 世界";

    private OAuth2HttpServer Server => fixture.Server;

    /// <summary>Registers a code-flow client straight in the database, as an older release or a hand-edit could have left it.</summary>
    private async Task<string> AddClientAsync(string redirect, JsonObject? extra = null)
    {
        var id = "page-" + Guid.NewGuid().ToString("N");
        var document = new JsonObject
        {
            ["grant_types"] = new JsonArray("authorization_code"),
            ["response_types"] = new JsonArray("code"),
            ["scope"] = "openid",
            ["redirect_uris"] = new JsonArray(redirect),
        };
        foreach (var (name, value) in extra ?? [])
        {
            document[name] = value?.DeepClone();
        }

        await Server.Test.AddClientAsync(id, Secret, document);
        return id;
    }

    private static string CodeRequest(string client, string redirect, string mode)
        => HttpBrowser.Query(("client_id", client), ("redirect_uri", redirect), ("response_type", "code"), ("response_mode", mode), ("scope", "openid"),
            ("state", TrickyState), ("code_challenge", HttpBrowser.Challenge), ("code_challenge_method", "S256"));

    private static Dictionary<string, string[]> Policy(HttpResponseMessage response)
    {
        var header = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        return header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
    }

    /// <summary>The headers every page has, and the page's only inline script (if any) allowed by its own hash.</summary>
    private static async Task<(string Html, Dictionary<string, string[]> Policy)> PageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        var policy = Policy(response);
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["base-uri"]);

        var scripts = ScriptElement().Matches(html);
        if (scripts.Count == 0)
        {
            Assert.False(policy.ContainsKey("script-src"));
        }
        else
        {
            var script = Assert.Single(scripts).Groups[1].Value;
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
            Assert.Equal([$"'sha256-{hash}'"], policy["script-src"]);
        }

        Assert.DoesNotMatch(EventHandlerAttribute(), html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        return (html, policy);
    }

    private static string Attribute(string html, string element, string attribute)
    {
        var match = Regex.Match(html, $"<{element}\\b[^>]*\\b{attribute}=\"([^\"]*)\"");
        Assert.True(match.Success, $"no {element} {attribute} in {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static Dictionary<string, string> HiddenFields(string html)
        => HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var location = HttpBrowser.Location(response);
        Assert.StartsWith(ErrorPage, location, StringComparison.Ordinal);
        Assert.Contains("private-use", Uri.UnescapeDataString(location), StringComparison.Ordinal);
        Assert.DoesNotContain("alert", location, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("javascript:alert(document.domain)//", "form_post")]
    [InlineData("javascript:alert(document.domain)//", "query")]
    [InlineData("javascript:alert(document.domain)//", "fragment")]
    [InlineData("JaVaScRiPt:alert(1)", "form_post")]
    [InlineData("data:text/html,<script>alert(1)</script>", "form_post")]
    [InlineData("data:text/html,<script>alert(1)</script>", "query")]
    [InlineData("vbscript:msgbox(1)", "form_post")]
    public async Task The_reported_error_response_to_a_stored_dangerous_redirect_uri_goes_to_the_error_page(string redirect, string mode)
    {
        var client = await AddClientAsync(redirect);
        // The report: no response_type, no login, and the error went to the client's redirect URI.
        using var response = await Server.GetAsync($"{Server.PublicUrl}/oauth2/auth?{HttpBrowser.Query(("client_id", client), ("redirect_uri", redirect), ("response_mode", mode))}");
        await AssertRefusedAsync(response);
    }

    [Theory]
    [InlineData("form_post")]
    [InlineData("query")]
    public async Task A_stored_dangerous_redirect_uri_is_refused_before_login_so_no_code_is_ever_issued(string mode)
    {
        const string redirect = "javascript:alert(document.domain)//";
        var client = await AddClientAsync(redirect);
        using var response = await Server.GetAsync($"{Server.PublicUrl}/oauth2/auth?{CodeRequest(client, redirect, mode)}");
        await AssertRefusedAsync(response);
        Assert.DoesNotContain("login_challenge", HttpBrowser.Location(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_post_page_posts_only_to_the_client_with_its_script_allowed_by_hash_and_values_encoded()
    {
        // A registered redirect URI may itself hold characters that need encoding.
        const string redirect = "https://app.test:8443/cb?lang=fr&name=\"<ü>\"";
        var client = await AddClientAsync(redirect);
        using var response = await new HttpBrowser(Server).AuthorizeAsync(CodeRequest(client, redirect, "form_post"));
        var (html, policy) = await PageAsync(response);

        Assert.Equal(["https://app.test:8443"], policy["form-action"]);
        Assert.Equal(redirect, Attribute(html, "form", "action"));
        var fields = HiddenFields(html);
        Assert.Equal(TrickyState, fields["state"]);
        Assert.StartsWith("ory_ac_", fields["code"], StringComparison.Ordinal);
        Assert.Equal("https://issuer.test/", fields["iss"]);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<ü>", html, StringComparison.Ordinal);
        Assert.Equal(["code", "iss", "scope", "state"], fields.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_form_post_error_page_without_login_is_encoded_and_guarded_the_same_way()
    {
        var client = await AddClientAsync("com.example.app:/oauth2redirect");
        using var response = await Server.GetAsync($"{Server.PublicUrl}/oauth2/auth?{HttpBrowser.Query(("client_id", client), ("redirect_uri", "com.example.app:/oauth2redirect"), ("response_mode", "form_post"), ("state", TrickyState))}");
        var (html, policy) = await PageAsync(response);
        Assert.Equal(["com.example.app:"], policy["form-action"]);
        Assert.Equal("com.example.app:/oauth2redirect", Attribute(html, "form", "action"));
        var fields = HiddenFields(html);
        Assert.Equal("unsupported_response_type", fields["error"]);
        Assert.Equal(TrickyState, fields["state"]);
    }

    [Fact]
    public async Task A_redirect_to_the_client_sends_non_ascii_percent_encoded()
    {
        const string redirect = "https://app.test/cb/ü?x=\"<&>\"";
        var client = await AddClientAsync(redirect);
        using var response = await Server.GetAsync($"{Server.PublicUrl}/oauth2/auth?{HttpBrowser.Query(("client_id", client), ("redirect_uri", redirect), ("state", TrickyState))}");
        var location = HttpBrowser.Location(response);
        Assert.StartsWith("https://app.test/cb/%C3%BC?x=\"<&>\"&error=unsupported_response_type&", location, StringComparison.Ordinal);
        Assert.Contains("&state=" + Uri.EscapeDataString(TrickyState) + "&", location, StringComparison.Ordinal);
    }

    private async Task<(HttpBrowser Browser, string IdToken)> SignInAsync(string client)
    {
        var browser = new HttpBrowser(Server);
        var tokens = await browser.SignInAsync("alice", "openid", ["openid"], clientId: client, clientSecret: Secret);
        return (browser, (string)tokens["id_token"]!);
    }

    /// <summary>RP-initiated logout through the logout app, returning the server's answer to the browser's return.</summary>
    private async Task<HttpResponseMessage> LogOutAsync(HttpBrowser browser, string idToken, string postLogoutRedirect)
    {
        using var start = await browser.GetAsync($"{Server.PublicUrl}/oauth2/sessions/logout?{HttpBrowser.Query(("id_token_hint", idToken), ("post_logout_redirect_uri", postLogoutRedirect), ("state", TrickyState))}");
        var app = HttpBrowser.Location(start);
        Assert.StartsWith("https://login.test/logout?logout_challenge=", app, StringComparison.Ordinal);
        return await browser.GetAsync(await Server.AcceptAsync("logout", Flows.BrowserDriver.Query(app)["logout_challenge"]));
    }

    [Fact]
    public async Task The_front_channel_logout_page_frames_only_the_clients_and_continues_by_a_hashed_script()
    {
        var client = await AddClientAsync("https://app.test/callback", new JsonObject
        {
            ["post_logout_redirect_uris"] = new JsonArray("https://app.test/logged-out"),
            ["frontchannel_logout_uri"] = "https://rp.test:8443/frontchannel",
        });
        var (browser, idToken) = await SignInAsync(client);
        using var response = await LogOutAsync(browser, idToken, "https://app.test/logged-out");
        var (html, policy) = await PageAsync(response);

        Assert.Equal(["https://rp.test:8443"], policy["frame-src"]);
        Assert.Equal(["'none'"], policy["form-action"]);
        Assert.StartsWith("https://rp.test:8443/frontchannel?iss=", Attribute(html, "iframe", "src"), StringComparison.Ordinal);
        var next = "https://app.test/logged-out?state=" + Uri.EscapeDataString(TrickyState);
        Assert.Equal(next, Attribute(html, "a", "href"));
        Assert.Equal("3;url=" + next, Attribute(html, "meta", "content"));
        Assert.Contains("getElementById('next')", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stored_dangerous_post_logout_redirect_uri_is_never_the_next_stop(bool frontChannel)
    {
        const string target = "javascript:alert(document.domain)//";
        var extra = new JsonObject { ["post_logout_redirect_uris"] = new JsonArray(target) };
        if (frontChannel)
        {
            extra["frontchannel_logout_uri"] = "https://rp.test/frontchannel";
        }

        var (browser, idToken) = await SignInAsync(await AddClientAsync("https://app.test/callback", extra));
        using var response = await LogOutAsync(browser, idToken, target);
        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Fallback_pages_have_no_script_and_show_the_error_encoded()
    {
        using var response = await Server.GetAsync($"{Server.PublicUrl}/oauth2/fallbacks/error?{HttpBrowser.Query(("error", "<script>alert(1)</script>"), ("error_description", TrickyState))}");
        var (html, policy) = await PageAsync(response);
        Assert.False(policy.ContainsKey("script-src"));
        Assert.Equal(["'none'"], policy["form-action"]);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>: " + TrickyState, WebUtility.HtmlDecode(Regex.Match(html, "<p>(.*)</p>").Groups[1].Value));

        using var login = await Server.GetAsync(Server.PublicUrl + "/oauth2/fallbacks/login");
        await PageAsync(login);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"/>")]
    private static partial Regex HiddenInput();
}
