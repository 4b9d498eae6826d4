using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

/// <summary>Browser and API logout through the public listener, as Kratos v26 answers them.</summary>
public sealed class SelfServiceLogoutTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Config = new()
    {
        ["selfservice.default_browser_return_url"] = "https://app.test/",
        ["selfservice.allowed_return_urls"] = """["https://app.test/"]""",
        ["selfservice.flows.error.ui_url"] = "https://app.test/error",
        ["selfservice.flows.logout.after.default_browser_return_url"] = "https://app.test/bye",
    };

    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(Config);
        client = new FlowClient(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static Dictionary<string, string> Cookies(string cookie) => new() { ["Cookie"] = cookie };

    private async Task<(string Cookie, string Token)> SessionAsync(string email)
    {
        var issued = await SessionTestData.IssueAsync(server, await SessionTestData.IdentityAsync(server, email));
        return (issued.Cookie.ToHeader().Split(';')[0], issued.Token);
    }

    private async Task<int> WhoamiAsync(string token) => (await SessionTestData.SendAsync(server, HttpMethod.Get, server.PublicUrl.TrimEnd('/') + "/sessions/whoami", token: token)).Status;

    [Fact]
    public async Task A_browser_logs_out_through_the_logout_url_once()
    {
        var (cookie, token) = await SessionAsync("ada@example.com");
        var (none, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout/browser", accept: "application/json");
        Assert.Equal(401, none);
        Assert.Equal("session_inactive", (string)error!["error"]!["id"]!);
        Assert.Equal("request does not have a valid authentication session", (string)error["error"]!["message"]!);

        var (badReturn, _, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout/browser?return_to=https://evil.test/", accept: "application/json", headers: Cookies(cookie));
        Assert.Equal(400, badReturn);

        var (status, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout/browser?return_to=https://app.test/later", headers: Cookies(cookie));
        Assert.Equal(200, status);
        var logoutToken = (string)flow!["logout_token"]!;
        Assert.StartsWith("ory_lo_", logoutToken, StringComparison.Ordinal);
        Assert.Equal($"https://id.test/self-service/logout?token={logoutToken}&return_to=https%3A%2F%2Fapp.test%2Flater", (string)flow["logout_url"]!);

        // Another session's cookie does not fit this token.
        var (otherCookie, otherToken) = await SessionAsync("bob@example.com");
        var (mismatch, mismatchError, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout?token=" + logoutToken, accept: "application/json", headers: Cookies(otherCookie));
        Assert.Equal(403, mismatch);
        Assert.Equal("Unable to log out because the logout token in the URL query does not match the session cookie.", (string)mismatchError!["error"]!["reason"]!);
        Assert.Equal(200, await WhoamiAsync(otherToken));

        var (noToken, _, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout", accept: "application/json", headers: Cookies(cookie));
        Assert.Equal(400, noToken);

        var (done, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/logout?token=" + logoutToken + "&return_to=https://app.test/later", headers: Cookies(cookie));
        Assert.Equal(303, done);
        Assert.Equal("https://app.test/later", response.Headers.Location!.ToString());
        var removal = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(cookie.Split('=')[0] + "=", StringComparison.Ordinal));
        Assert.Contains("Max-Age=0", removal, StringComparison.Ordinal);
        Assert.Equal(401, await WhoamiAsync(token));

        var (again, againError, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout?token=" + logoutToken, accept: "application/json", headers: Cookies(cookie));
        Assert.Equal(401, again);
        Assert.Equal("session_inactive", (string)againError!["error"]!["id"]!);
    }

    [Fact]
    public async Task Without_return_to_the_logout_return_url_is_used_and_json_clients_get_204()
    {
        var (cookie, _) = await SessionAsync("ada@example.com");
        var (_, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout/browser", headers: Cookies(cookie));
        var (status, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/logout?token=" + (string)flow!["logout_token"]!, headers: Cookies(cookie));
        Assert.Equal(303, status);
        Assert.Equal("https://app.test/bye", response.Headers.Location!.ToString());

        var (cookie2, token2) = await SessionAsync("bob@example.com");
        var (_, flow2, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout/browser", headers: Cookies(cookie2));
        var (json, _, _) = await client.SendAsync(HttpMethod.Get, "/self-service/logout?token=" + (string)flow2!["logout_token"]!, accept: "application/json", headers: Cookies(cookie2));
        Assert.Equal(204, json);
        Assert.Equal(401, await WhoamiAsync(token2));
    }

    [Fact]
    public async Task An_app_revokes_its_session_token()
    {
        var (_, token) = await SessionAsync("ada@example.com");
        var (unknown, error, _) = await client.SendAsync(HttpMethod.Delete, "/self-service/logout/api", """{"session_token":"ory_st_nope"}""");
        Assert.Equal(403, unknown);
        Assert.Equal("The provided Ory Session Token could not be found, is invalid, or otherwise malformed.", (string)error!["error"]!["reason"]!);

        var (missing, _, _) = await client.SendAsync(HttpMethod.Delete, "/self-service/logout/api", "{}");
        Assert.Equal(403, missing);
        var (malformed, _, _) = await client.SendAsync(HttpMethod.Delete, "/self-service/logout/api", "not json");
        Assert.Equal(400, malformed);

        var (status, body, _) = await client.SendAsync(HttpMethod.Delete, "/self-service/logout/api", new JsonObject { ["session_token"] = token }.ToJsonString());
        Assert.Equal(204, status);
        Assert.Null(body);
        Assert.Equal(401, await WhoamiAsync(token));
    }
}
