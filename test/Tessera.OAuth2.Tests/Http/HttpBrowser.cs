using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Tessera.OAuth2.Tests.Flows;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// A browser against an <see cref="OAuth2HttpServer"/>: sends URLs under the issuer to the server's public
/// listener, keeps the cookies the server sets (its cookies are <c>Secure</c> outside dev mode, which a
/// cookie container would not send over loopback http) and returns each answer without following it.
/// Also plays the login and consent app over the admin API.
/// </summary>
internal sealed class HttpBrowser(OAuth2HttpServer server)
{
    /// <summary>A PKCE verifier and its S256 challenge.</summary>
    public const string Verifier = "dBjftJeZ4CVP-mJ92K1AxydrgQbWOl9wV0MRXsnyYqKKsdnE";

    public static readonly string Challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var response = await server.GetAsync(server.Local(url), Cookies.Count == 0 ? null : string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        Keep(response);
        return response;
    }

    /// <summary>GETs <paramref name="url"/> and returns where the answer sends the browser, or null when it does not redirect.</summary>
    public async Task<string?> GetLocationAsync(string url)
    {
        using var response = await GetAsync(url);
        return response.Headers.NonValidated.TryGetValues("Location", out var location) ? location.ToString() : null;
    }

    /// <summary>A query string (without the <c>?</c>) of <paramref name="parameters"/>, each name and value percent-encoded.</summary>
    public static string Query(params IEnumerable<(string Name, string Value)> parameters)
        => string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>The target of a redirect, which <paramref name="response"/> must be.</summary>
    public static string Location(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response.Headers.NonValidated["Location"].ToString();
    }

    /// <summary>
    /// Runs <c>/oauth2/auth?</c><paramref name="query"/> with login accepted for <paramref name="subject"/>
    /// (remembered, with <paramref name="login"/>'s extra fields) and consent granting
    /// <paramref name="grantScope"/> (default <c>openid</c>) and <paramref name="grantAudience"/>
    /// (remembered); returns the server's last answer to the browser.
    /// </summary>
    public async Task<HttpResponseMessage> AuthorizeAsync(string query, string subject = "alice", IReadOnlyList<string>? grantScope = null,
        IReadOnlyList<string>? grantAudience = null, JsonObject? login = null)
    {
        using var start = await GetAsync(server.PublicUrl + "/oauth2/auth?" + query);
        var toLogin = Location(start);
        Assert.StartsWith("https://login.test/login?login_challenge=", toLogin, StringComparison.Ordinal);
        var loginBody = (JsonObject?)login?.DeepClone() ?? [];
        loginBody["subject"] = subject;
        loginBody["remember"] = true;
        using var afterLogin = await GetAsync(await server.AcceptAsync("login", BrowserDriver.Query(toLogin)["login_challenge"], loginBody));
        var toConsent = Location(afterLogin);
        Assert.StartsWith("https://login.test/consent?consent_challenge=", toConsent, StringComparison.Ordinal);
        return await GetAsync(await server.AcceptAsync("consent", BrowserDriver.Query(toConsent)["consent_challenge"], new JsonObject
        {
            ["grant_scope"] = new JsonArray((grantScope ?? ["openid"]).Select(s => (JsonNode?)s).ToArray()),
            ["grant_access_token_audience"] = new JsonArray((grantAudience ?? []).Select(a => (JsonNode?)a).ToArray()),
            ["remember"] = true,
        }));
    }

    /// <summary>
    /// The code flow with PKCE of <paramref name="clientId"/> (by default the client <c>web</c> of
    /// <see cref="AuthorizeFlowTests.StartAsync"/>, redirecting to <c>https://app.test/callback</c>) for
    /// <paramref name="subject"/> as <see cref="AuthorizeAsync"/> runs it, and the code exchanged at the
    /// token endpoint: the token response.
    /// </summary>
    public async Task<JsonObject> SignInAsync(string subject, string scope, IReadOnlyList<string> grantScope, string? audience = null,
        IReadOnlyList<string>? grantAudience = null, JsonObject? login = null, string clientId = "web", string clientSecret = "web-secret-123")
    {
        List<(string, string)> parameters =
        [
            ("client_id", clientId), ("response_type", "code"), ("redirect_uri", "https://app.test/callback"), ("scope", scope),
            ("state", "state-0123456789"), ("nonce", "nonce-0123456789"), ("code_challenge", Challenge), ("code_challenge_method", "S256"),
        ];
        if (audience is not null)
        {
            parameters.Add(("audience", audience));
        }

        using var done = await AuthorizeAsync(Query(parameters), subject, grantScope, grantAudience, login);
        var callback = Location(done);
        Assert.StartsWith("https://app.test/callback?code=", callback, StringComparison.Ordinal);
        using var response = await server.PostFormAsync(server.PublicUrl + "/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = BrowserDriver.Query(callback)["code"],
            ["redirect_uri"] = "https://app.test/callback",
            ["code_verifier"] = Verifier,
        }, clientId, clientSecret);
        var tokens = await OAuth2HttpServer.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, tokens.ToJsonString());
        return tokens;
    }

    private void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var cookie in SetCookieHeaderValue.ParseList(values.ToList()))
        {
            var name = cookie.Name.ToString();
            if (cookie.Value.Length == 0 || cookie.Expires < DateTimeOffset.UtcNow || cookie.MaxAge <= TimeSpan.Zero)
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = cookie.Value.ToString();
            }
        }
    }
}
