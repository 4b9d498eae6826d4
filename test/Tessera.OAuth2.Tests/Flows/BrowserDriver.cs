using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Tests.Flows;

/// <summary>Plays the browser and the login/consent app against the flow, below HTTP: follows redirects and keeps cookies.</summary>
internal sealed class BrowserDriver(OAuth2TestRuntime test)
{
    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<AuthorizeOutcome> AuthorizeAsync(Dictionary<string, string> parameters)
    {
        var url = test.Runtime.Protocol.Options.AuthorizeUrl + AuthorizationResponse.Append("", '?', parameters);
        var outcome = await test.Runtime.Protocol.Authorize.HandleAsync(parameters, url, name => Cookies.GetValueOrDefault(name), CancellationToken.None);
        foreach (var cookie in outcome.Cookies)
        {
            if (cookie.Value is null)
            {
                Cookies.Remove(cookie.Name);
            }
            else
            {
                Cookies[cookie.Name] = cookie.Value;
            }
        }

        return outcome;
    }

    /// <summary>Follows a redirect_to back into /oauth2/auth (as the browser would after the login or consent app).</summary>
    public Task<AuthorizeOutcome> FollowAsync(string redirectTo) => AuthorizeAsync(Query(redirectTo));

    public static Dictionary<string, string> Query(string url)
    {
        var uri = new Uri(url);
        var part = uri.Fragment.Length > 1 ? uri.Fragment[1..] : uri.Query;
        return QueryHelpers.ParseQuery(part).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public static string RedirectTo(JsonObject body) => body["redirect_to"]!.GetValue<string>();
}
