using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Testing;
using static Tessera.Tests.Commands.CliRun;

namespace Tessera.Tests.Commands;

/// <summary>
/// <c>perform authorization-code</c>: the loopback callback on its own, and the whole flow against a
/// running server with the test acting as browser and as login and consent app.
/// </summary>
public sealed class PerformAuthorizationCodeTests(OAuth2ServerFixture server) : IClassFixture<OAuth2ServerFixture>
{
    private static HttpClient Browser() => new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    /// <summary>Polls the command's home route until it redirects to the authorization URL.</summary>
    private static async Task<Uri> AuthorizationUrlAsync(HttpClient browser, int port, Task<(int Code, string Out, string Err)> command)
    {
        for (var i = 0; i < 200; i++)
        {
            if (command.IsCompleted)
            {
                Assert.Fail("the command ended early: " + (await command).Err);
            }

            try
            {
                var home = await browser.GetAsync($"http://127.0.0.1:{port}/");
                Assert.Equal(HttpStatusCode.Found, home.StatusCode);
                return home.Headers.Location!;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("the callback server did not start");
    }

    [Fact]
    public async Task The_callback_checks_state_and_reports_a_refusal()
    {
        var port = FreePort.Next();
        var command = RunAsync("perform", "authorization-code", "--client-id", "some-client", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state", "expected-state-value", "--scope", "openid", "--endpoint", "http://127.0.0.1:9/base");
        using var browser = Browser();
        var authorize = await AuthorizationUrlAsync(browser, port, command);
        Assert.Equal("/base/oauth2/auth", authorize.AbsolutePath);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("some-client", query["client_id"]);
        Assert.Equal("expected-state-value", query["state"]);
        Assert.Equal($"http://127.0.0.1:{port}/callback", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal("openid", query["scope"]);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"http://127.0.0.1:{port}/favicon.ico")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync($"http://127.0.0.1:{port}/callback?state=forged&code=stolen")).StatusCode);
        Assert.False(command.IsCompleted);

        var refused = await browser.GetAsync($"http://127.0.0.1:{port}/callback?state=expected-state-value&error=access_denied&error_description=The+user+said+no");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("access_denied", await refused.Content.ReadAsStringAsync());
        var (code, _, error) = await command.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, code);
        Assert.Contains("access_denied: The user said no", error);
        Assert.Contains("ignored a callback with a state", error);
    }

    [Fact]
    public async Task A_busy_port_is_a_usage_error()
    {
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var (code, _, error) = await RunAsync("perform", "authorization-code", "--client-id", "c", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--endpoint", "http://127.0.0.1:9");
        Assert.Equal(2, code);
        Assert.Contains($"port {port} is in use", error);
    }

    [Fact]
    public async Task The_whole_flow_against_the_server_prints_tokens()
    {
        var port = FreePort.Next();
        var clientId = "authcode-" + Guid.NewGuid().ToString("N")[..8];
        const string secret = "authcode-secret-0123456789";
        await using (var database = server.OpenDatabase())
        {
            var document = new JsonObject
            {
                ["client_id"] = clientId,
                ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
                ["response_types"] = new JsonArray("code"),
                ["scope"] = "openid offline",
                ["redirect_uris"] = new JsonArray($"http://127.0.0.1:{port}/callback"),
                ["token_endpoint_auth_method"] = "client_secret_basic",
            };
            Assert.True(await new ClientStore(database).CreateAsync(new OAuth2Client { Id = clientId, SecretHash = new SecretHasher().Hash(secret), Document = document }, null, CancellationToken.None));
        }

        var command = RunAsync("perform", "authorization-code", "--client-id", clientId, "--client-secret", secret,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--endpoint", server.PublicUrl, "--format", "json");
        using var browser = Browser();
        using var admin = new HttpClient { BaseAddress = new Uri(server.AdminUrl) };
        var authorize = await AuthorizationUrlAsync(browser, port, command);

        var toLogin = await browser.GetAsync(authorize);
        Assert.True(toLogin.StatusCode == HttpStatusCode.Found, await toLogin.Content.ReadAsStringAsync() + server.Output);
        var loginChallenge = HttpUtility.ParseQueryString(toLogin.Headers.Location!.Query)["login_challenge"];
        var loginAccepted = await admin.PutAsync($"/admin/oauth2/auth/requests/login/accept?login_challenge={Uri.EscapeDataString(loginChallenge!)}",
            new StringContent("""{"subject":"alice"}""", Encoding.UTF8, "application/json"));
        Assert.True(loginAccepted.IsSuccessStatusCode, await loginAccepted.Content.ReadAsStringAsync());
        var afterLogin = JsonNode.Parse(await loginAccepted.Content.ReadAsStringAsync())!["redirect_to"]!.GetValue<string>();

        var toConsent = await browser.GetAsync(afterLogin);
        Assert.Equal(HttpStatusCode.Found, toConsent.StatusCode);
        var consentChallenge = HttpUtility.ParseQueryString(toConsent.Headers.Location!.Query)["consent_challenge"];
        var consentAccepted = await admin.PutAsync($"/admin/oauth2/auth/requests/consent/accept?consent_challenge={Uri.EscapeDataString(consentChallenge!)}",
            new StringContent("""{"grant_scope":["openid","offline"]}""", Encoding.UTF8, "application/json"));
        Assert.True(consentAccepted.IsSuccessStatusCode, await consentAccepted.Content.ReadAsStringAsync());
        var afterConsent = JsonNode.Parse(await consentAccepted.Content.ReadAsStringAsync())!["redirect_to"]!.GetValue<string>();

        var toCallback = await browser.GetAsync(afterConsent);
        Assert.Equal(HttpStatusCode.Found, toCallback.StatusCode);
        Assert.StartsWith($"http://127.0.0.1:{port}/callback?", toCallback.Headers.Location!.ToString());
        var callback = await browser.GetAsync(toCallback.Headers.Location);
        Assert.Contains("Success", await callback.Content.ReadAsStringAsync());

        var (code, output, error) = await command.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, error);
        var tokens = JsonNode.Parse(output)!;
        Assert.StartsWith("ory_at_", tokens["access_token"]!.GetValue<string>());
        Assert.StartsWith("ory_rt_", tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal(3, tokens["id_token"]!.GetValue<string>().Split('.').Length);
    }
}
