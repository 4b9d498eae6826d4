using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// Plays the browser and the login, consent and logout apps against an <see cref="OAuth2HttpServer"/>:
/// keeps the cookies the server sets, and sends URLs under the configured issuer to the server's
/// public listener (the tests' issuer is <c>https://issuer.test/</c>, which nothing serves).
/// </summary>
internal sealed class HttpBrowser(OAuth2HttpServer server, string issuer = "https://issuer.test/")
{
    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var target = url.StartsWith(issuer, StringComparison.Ordinal) ? server.PublicUrl + "/" + url[issuer.Length..] : url;
        var response = await server.GetAsync(target, Cookies.Count == 0 ? null : string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in SetCookieHeaderValue.ParseList(setCookies.ToList()))
            {
                if (header.Expires is { } expires && expires < DateTimeOffset.UtcNow)
                {
                    Cookies.Remove(header.Name.ToString());
                }
                else
                {
                    Cookies[header.Name.ToString()] = header.Value.ToString();
                }
            }
        }

        return response;
    }

    /// <summary>
    /// Starts an authorization request, accepts login (remembered, subject alice) and consent (openid)
    /// through the admin API, and returns the server's final answer to the browser.
    /// </summary>
    public async Task<HttpResponseMessage> AuthorizeAsync(string query)
    {
        using var start = await GetAsync(server.PublicUrl + "/oauth2/auth?" + query);
        var login = Location(start);
        Assert.StartsWith("https://login.test/login?login_challenge=", login, StringComparison.Ordinal);
        var accepted = await AcceptAsync("login", Flows.BrowserDriver.Query(login)["login_challenge"], new JsonObject { ["subject"] = "alice", ["remember"] = true });
        using var toConsent = await GetAsync(accepted);
        var consent = Location(toConsent);
        Assert.StartsWith("https://login.test/consent?consent_challenge=", consent, StringComparison.Ordinal);
        var consented = await AcceptAsync("consent", Flows.BrowserDriver.Query(consent)["consent_challenge"], new JsonObject { ["grant_scope"] = new JsonArray("openid") });
        return await GetAsync(consented);
    }

    /// <summary>Accepts a login, consent or logout request as the app would, returning where the browser goes next.</summary>
    public async Task<string> AcceptAsync(string kind, string challenge, JsonObject body)
    {
        var (status, answer) = await server.SendJsonAsync(HttpMethod.Put, $"{server.AdminUrl}/admin/oauth2/auth/requests/{kind}/accept?{kind}_challenge={Uri.EscapeDataString(challenge)}", body);
        Assert.Equal(200, status);
        return (string)answer!["redirect_to"]!;
    }

    public static string Location(HttpResponseMessage response)
    {
        Assert.Equal(302, (int)response.StatusCode);
        return response.Headers.NonValidated["Location"].ToString();
    }
}
