using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

/// <summary>The login flow through the public listener: creation, fetch, submission errors, as Kratos v26 answers them.</summary>
public sealed class SelfServiceLoginTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Config = new()
    {
        ["selfservice.default_browser_return_url"] = "https://app.test/",
        ["selfservice.allowed_return_urls"] = """["https://app.test/dashboard","https://*.partner.test/"]""",
        ["selfservice.flows.login.ui_url"] = "https://app.test/login",
        ["selfservice.flows.error.ui_url"] = "https://app.test/error",
        ["selfservice.flows.login.lifespan"] = "10m",
        ["dev"] = "false",
    };

    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(Config);
        client = new FlowClient(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string CookieName => "csrf_token_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("https://id.test/")));

    [Fact]
    public async Task A_browser_flow_redirects_to_the_ui_and_sets_the_anti_csrf_cookie()
    {
        var (status, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/login/browser?return_to=https://app.test/dashboard/x");
        Assert.Equal(303, status);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://app.test/login?flow=", location, StringComparison.Ordinal);
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(CookieName + "=", set, StringComparison.Ordinal);
        Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", set, StringComparison.OrdinalIgnoreCase);

        var id = location[(location.IndexOf('=') + 1)..];
        var (fetched, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/flows?id=" + id, withCookie: true);
        Assert.Equal(200, fetched);
        Assert.Equal(id, (string)flow!["id"]!);
        Assert.Equal("browser", (string)flow["type"]!);
        Assert.Equal("https://app.test/dashboard/x", (string)flow["return_to"]!);
        Assert.Equal($"https://id.test/self-service/login?flow={id}", (string)flow["ui"]!["action"]!);
        Assert.Equal("POST", (string)flow["ui"]!["method"]!);
        Assert.Equal("choose_method", (string)flow["state"]!);
        Assert.Equal("aal1", (string)flow["requested_aal"]!);
        Assert.False((bool)flow["refresh"]!);
        Assert.Equal(TimeSpan.FromMinutes(10), DateTimeOffset.Parse((string)flow["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse((string)flow["issued_at"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Without the cookie the flow is not answered: Kratos's CSRF error.
        var (refused, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/flows?id=" + id);
        Assert.Equal(403, refused);
        Assert.Equal("security_csrf_violation", (string)error!["error"]!["id"]!);
        Assert.Equal("The HTTP Cookie Header is empty or not set.", (string)error["error"]!["details"]!["reject_reason"]!);
    }

    [Fact]
    public async Task The_login_form_has_kratos_nodes()
    {
        var flow = await client.BrowserFlowAsync("login");
        var nodes = flow["ui"]!["nodes"]!.AsArray();
        Assert.Equal(["csrf_token", "identifier", "password", "method"], nodes.Select(n => (string)n!["attributes"]!["name"]!));
        var csrf = nodes[0]!;
        Assert.Equal("hidden", (string)csrf["attributes"]!["type"]!);
        Assert.True((bool)csrf["attributes"]!["required"]!);
        Assert.Equal(88, FlowClient.CsrfOf(flow).Length); // base64 of a 64-byte masked token

        var identifier = nodes[1]!;
        Assert.Equal("""{"type":"input","group":"default","attributes":{"name":"identifier","type":"text","value":"","required":true,"disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"E-Mail","type":"info","context":{"title":"E-Mail","name":"traits.email"}}}}""", identifier.ToJsonString());
        Assert.Equal("""{"type":"input","group":"password","attributes":{"name":"password","type":"password","required":true,"autocomplete":"current-password","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070001,"text":"Password","type":"info"}}}""", nodes[2]!.ToJsonString());
        Assert.Equal(1010022, (int)nodes[3]!["meta"]!["label"]!["id"]!);
        Assert.Equal("password", (string)nodes[3]!["attributes"]!["value"]!);
    }

    [Fact]
    public async Task An_api_flow_is_json_without_a_cookie_and_an_empty_token()
    {
        var (status, body, response) = await client.SendAsync(HttpMethod.Get, "/self-service/login/api");
        Assert.Equal(200, status);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("api", (string)body!["type"]!);
        Assert.Equal("", FlowClient.CsrfOf(body));
        Assert.Null(body["organization_id"]);
        Assert.True(((JsonObject)body).ContainsKey("organization_id"));

        var (fetched, _, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/flows?id=" + body["id"]);
        Assert.Equal(200, fetched);
    }

    [Fact]
    public async Task A_native_flow_asked_for_a_session_token_exchange_code_carries_one_at_creation_only()
    {
        var codes = new HashSet<string>();
        foreach (var (path, value) in new[] { ("login", "true"), ("login", "1"), ("login", "T"), ("registration", "true") })
        {
            var (status, body, _) = await client.SendAsync(HttpMethod.Get, $"/self-service/{path}/api?return_session_token_exchange_code={value}");
            Assert.Equal(200, status);
            var code = (string)body!["session_token_exchange_code"]!;
            Assert.Matches("^[a-zA-Z0-9]{64}$", code);
            Assert.True(codes.Add(code));

            // As in Kratos, the code is not part of the stored flow.
            var (_, fetched, _) = await client.SendAsync(HttpMethod.Get, $"/self-service/{path}/flows?id={body["id"]}");
            Assert.False(((JsonObject)fetched!).ContainsKey("session_token_exchange_code"));
        }

        // Not for browser flows, not for a false value, and registration takes exactly "true" (Kratos's two readings).
        foreach (var path in new[] { "/self-service/login/browser?return_session_token_exchange_code=true", "/self-service/login/api?return_session_token_exchange_code=false",
                     "/self-service/login/api", "/self-service/registration/api?return_session_token_exchange_code=1" })
        {
            var (_, body, _) = await client.SendAsync(HttpMethod.Get, path, accept: "application/json");
            Assert.False(((JsonObject)body!).ContainsKey("session_token_exchange_code"), path);
        }

        // Only a social sign-in binds a session to the codes (Kratos), and this service has none: no exchange finds one.
        var (missing, refusal, _) = await client.SendAsync(HttpMethod.Get, "/sessions/token-exchange?init_code=" + codes.First());
        Assert.Equal(400, missing);
        Assert.Equal("\"init_code\" and \"return_to_code\" query params must be set", (string)refusal!["error"]!["reason"]!);
        var (notFound, none, _) = await client.SendAsync(HttpMethod.Get, $"/sessions/token-exchange?init_code={codes.First()}&return_to_code={new string('a', 64)}");
        Assert.Equal(404, notFound);
        Assert.Equal("no session yet for this \"code\"", (string)none!["error"]!["reason"]!);
    }

    [Fact]
    public async Task Unknown_and_malformed_flow_ids_are_404()
    {
        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-a-uuid", "" })
        {
            var (status, body, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/flows?id=" + id);
            Assert.Equal(404, status);
            Assert.Equal("Unable to locate the resource", (string)body!["error"]!["message"]!);
        }

        var (registration, _, _) = await client.SendAsync(HttpMethod.Get, "/self-service/registration/flows?id=" + (await client.ApiFlowAsync("login"))["id"]);
        Assert.Equal(404, registration);
    }

    [Fact]
    public async Task A_return_to_not_allowed_is_refused()
    {
        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/api?return_to=https://evil.test/");
        Assert.Equal(400, status);
        Assert.Equal("self_service_flow_return_to_forbidden", (string)body!["error"]!["id"]!);
        Assert.Equal("Requested return_to URL \"https://evil.test/\" is not allowed.", (string)body["error"]!["reason"]!);

        // Subdomains through *.partner.test, paths by prefix, the service's own /self-service.
        foreach (var allowed in new[] { "https://a.partner.test/x", "https://app.test/dashboard/y", "https://id.test/self-service/login/browser" })
        {
            Assert.Equal(200, (await client.SendAsync(HttpMethod.Get, "/self-service/login/api?return_to=" + Uri.EscapeDataString(allowed))).Status);
        }

        Assert.Equal(400, (await client.SendAsync(HttpMethod.Get, "/self-service/login/api?return_to=https://app.test/other")).Status);

        // A browser is sent to the error UI, where the error waits.
        var (redirect, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/login/browser?return_to=https://evil.test/");
        Assert.Equal(303, redirect);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://app.test/error?id=", location, StringComparison.Ordinal);
        var (fetched, container, _) = await client.SendAsync(HttpMethod.Get, "/self-service/errors?id=" + location[(location.IndexOf('=') + 1)..]);
        Assert.Equal(200, fetched);
        Assert.Equal("self_service_flow_return_to_forbidden", (string)container!["error"]!["id"]!);
        Assert.Equal(400, (int)container["error"]!["code"]!);
        Assert.NotNull(container["created_at"]);
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Get, "/self-service/errors?id=" + Guid.NewGuid())).Status);
    }

    [Fact]
    public async Task An_unknown_method_answers_the_flow_with_kratos_message()
    {
        var flow = await client.ApiFlowAsync("login");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", """{"method":"carrier-pigeon"}""");
        Assert.Equal(400, status);
        Assert.Equal(flow["id"]!.ToString(), (string)body!["id"]!);
        var message = Assert.Single(body["ui"]!["messages"]!.AsArray());
        Assert.Equal(4010002, (int)message!["id"]!);
        Assert.Equal("Could not find a strategy to log you in with. Did you fill out the form correctly?", (string)message["text"]!);
        Assert.Equal("error", (string)message["type"]!);

        // The password method answers an unknown identifier with Kratos's invalid-credentials message.
        var (refused, form, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", """{"method":"password","identifier":"a","password":"b"}""");
        Assert.Equal(400, refused);
        Assert.Equal(4000006, (int)form!["ui"]!["messages"]![0]!["id"]!);
    }

    [Fact]
    public async Task Malformed_bodies_and_flow_ids_are_400()
    {
        var flow = await client.ApiFlowAsync("login");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}", "{\"method\":");
        Assert.Equal(400, status);
        Assert.Equal(4000001, (int)body!["ui"]!["messages"]![0]!["id"]!);

        var (missing, error, _) = await client.SendAsync(HttpMethod.Post, "/self-service/login", "{}");
        Assert.Equal(400, missing);
        Assert.Equal("The flow query parameter is missing or malformed.", (string)error!["error"]!["reason"]!);
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={Guid.NewGuid()}", "{}")).Status);
    }

    [Fact]
    public async Task A_browser_submission_without_a_matching_token_is_a_csrf_violation()
    {
        var flow = await client.BrowserFlowAsync("login");
        var id = (string)flow["id"]!;

        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={id}", """{"method":"password","csrf_token":"nope"}""", withCookie: true);
        Assert.Equal(403, status);
        Assert.Equal("security_csrf_violation", (string)body!["error"]!["id"]!);
        Assert.StartsWith("Please retry the flow and optionally clear your cookies.", (string)body["error"]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal("The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.", (string)body["error"]!["details"]!["reject_reason"]!);

        // A plain browser form goes to the error UI.
        var (redirect, _, response) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={id}", "method=password", "application/x-www-form-urlencoded", withCookie: false);
        Assert.Equal(303, redirect);
        Assert.StartsWith("https://app.test/error?id=", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        // With the token from the form and the cookie, the check passes and the method decides (none yet).
        var (passed, _, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={id}", $$"""{"method":"carrier-pigeon","csrf_token":"{{FlowClient.CsrfOf(flow)}}"}""", withCookie: true);
        Assert.Equal(400, passed);
    }

    [Fact]
    public async Task An_expired_flow_is_410_with_a_replacement()
    {
        var api = await client.ApiFlowAsync("login");
        var browser = await client.BrowserFlowAsync("login");
        server.Time.Advance(TimeSpan.FromMinutes(11));

        var (fetched, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/flows?id=" + api["id"]);
        Assert.Equal(410, fetched);
        Assert.Equal("self_service_flow_expired", (string)error!["error"]!["id"]!);
        Assert.Equal("https://id.test/self-service/login/api", (string)error["error"]!["details"]!["api"]!);

        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={api["id"]}", """{"method":"password"}""");
        Assert.Equal(410, status);
        Assert.Equal("self_service_flow_expired", (string)body!["error"]!["id"]!);
        var replacement = (string)body["use_flow_id"]!;
        Assert.NotEqual((string)api["id"]!, replacement);
        Assert.NotNull(body["expired_at"]);
        var (_, fresh, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/flows?id=" + replacement);
        Assert.Equal(4010001, (int)fresh!["ui"]!["messages"]![0]!["id"]!);
        Assert.Equal("The login flow expired 1.00 minutes ago, please try again.", (string)fresh["ui"]!["messages"]![0]!["text"]!);

        // A browser form is sent to the replacement's UI.
        var (redirect, _, response) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={browser["id"]}", "method=password", "application/x-www-form-urlencoded", withCookie: true);
        Assert.Equal(303, redirect);
        Assert.StartsWith("https://app.test/login?flow=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aal2_login_without_a_session_is_refused()
    {
        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/api?aal=aal2");
        Assert.Equal(401, status);
        Assert.Equal("session_aal1_required", (string)body!["error"]!["id"]!);
        Assert.Equal(400, (await client.SendAsync(HttpMethod.Get, "/self-service/login/api?aal=aal9")).Status);
    }
}
