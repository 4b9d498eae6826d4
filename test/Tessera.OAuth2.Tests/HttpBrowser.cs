using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Tessera.OAuth2.Tests.Flows;

namespace Tessera.OAuth2.Tests;

/// <summary>
/// A browser against an <see cref="OAuth2HttpHost"/>: keeps the cookies the service sets (its cookies are
/// <c>Secure</c> outside dev mode, which a cookie container would not send over loopback http) and
/// returns each response without following it. Also plays the login and consent app over the admin API.
/// </summary>
internal sealed class HttpBrowser(OAuth2HttpHost host)
{
    public Dictionary<string, string> Cookies { get; } = [];

    /// <summary>GETs <paramref name="url"/> (issuer URLs are mapped to the public listener) and returns the redirect target, or null.</summary>
    public async Task<string?> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Local(url));
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)));
        }

        using var response = await host.Http.SendAsync(request);
        Keep(response);
        return response.Headers.Location?.OriginalString;
    }

    /// <summary>A PKCE verifier and its S256 challenge.</summary>
    public const string Verifier = "dBjftJeZ4CVP-mJ92K1AxydrgQbWOl9wV0MRXsnyYqKKsdnE";

    public static readonly string Challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>
    /// The code flow of the client <c>web</c> (see <see cref="AuthorizeFlowTests.StartAsync"/>) for
    /// <paramref name="subject"/>, consent granting <paramref name="grantScope"/> and
    /// <paramref name="grantAudience"/>, and the code exchanged at the token endpoint: the token response.
    /// </summary>
    public async Task<JsonObject> SignInAsync(string subject, string scope, IReadOnlyList<string> grantScope, string? audience = null, IReadOnlyList<string>? grantAudience = null, JsonObject? login = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = "web",
            ["response_type"] = "code",
            ["redirect_uri"] = "https://app.test/callback",
            ["scope"] = scope,
            ["state"] = "state-0123456789",
            ["nonce"] = "nonce-0123456789",
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        };
        if (audience is not null)
        {
            parameters["audience"] = audience;
        }

        var callback = await AuthorizeAsync(parameters, subject, grantScope, grantAudience, login);
        Assert.StartsWith("https://app.test/callback?code=", callback, StringComparison.Ordinal);
        using var response = await host.PostFormAsync("/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = BrowserDriver.Query(callback)["code"],
            ["redirect_uri"] = "https://app.test/callback",
            ["code_verifier"] = Verifier,
        }, "web", "web-secret-123");
        var tokens = await OAuth2HttpHost.JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, tokens.ToJsonString());
        return tokens;
    }

    /// <summary>
    /// Runs /oauth2/auth with login (remembered, with <paramref name="login"/>'s extra fields) and consent
    /// accepted for <paramref name="subject"/>; returns the redirect to the client.
    /// </summary>
    public async Task<string> AuthorizeAsync(IReadOnlyDictionary<string, string> parameters, string subject, IReadOnlyList<string> grantScope,
        IReadOnlyList<string>? grantAudience = null, JsonObject? login = null)
    {
        var toLogin = await GetAsync(QueryHelpers.AddQueryString(host.PublicUrl + "/oauth2/auth", parameters.ToDictionary(p => p.Key, p => (string?)p.Value)));
        Assert.NotNull(toLogin);
        var loginChallenge = BrowserDriver.Query(toLogin)["login_challenge"];
        var loginBody = (JsonObject?)login?.DeepClone() ?? [];
        loginBody["subject"] = subject;
        loginBody["remember"] = true;
        var accepted = await host.AdminPutAsync("/admin/oauth2/auth/requests/login/accept?login_challenge=" + Uri.EscapeDataString(loginChallenge), loginBody);
        var toConsent = await GetAsync(accepted["redirect_to"]!.GetValue<string>());
        Assert.NotNull(toConsent);
        var consentChallenge = BrowserDriver.Query(toConsent)["consent_challenge"];
        var consented = await host.AdminPutAsync("/admin/oauth2/auth/requests/consent/accept?consent_challenge=" + Uri.EscapeDataString(consentChallenge), new JsonObject
        {
            ["grant_scope"] = new JsonArray(grantScope.Select(s => (JsonNode?)s).ToArray()),
            ["grant_access_token_audience"] = new JsonArray((grantAudience ?? []).Select(a => (JsonNode?)a).ToArray()),
            ["remember"] = true,
        });
        var toClient = await GetAsync(consented["redirect_to"]!.GetValue<string>());
        Assert.NotNull(toClient);
        return toClient;
    }

    private void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var header in values)
        {
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = value;
            }
        }
    }
}
