using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Tessera.Identity.Tests.Http;

/// <summary>Login and registration completed with the password method, through the public listener, as Kratos v26 answers them.</summary>
public sealed class SelfServicePasswordTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple 42";

    private IdentityHttpServer server = null!;
    private FlowClient client = null!;

    public async Task InitializeAsync()
    {
        server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["selfservice.default_browser_return_url"] = "https://app.test/",
            ["selfservice.allowed_return_urls"] = """["https://app.test/"]""",
            ["selfservice.flows.login.ui_url"] = "https://app.test/login",
            ["selfservice.flows.registration.ui_url"] = "https://app.test/registration",
            ["selfservice.flows.registration.after.password.default_browser_return_url"] = "https://app.test/welcome",
            ["selfservice.flows.registration.after.password.hooks"] = """[{"hook":"session"}]""",
            ["selfservice.flows.login.after.hooks"] = """[{"hook":"revoke_active_sessions"}]""",
        });
        client = new FlowClient(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<JsonObject> RegisterApiAsync(string email)
    {
        var flow = await client.ApiFlowAsync("registration");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = email } }.ToJsonString());
        Assert.Equal(200, status);
        return (JsonObject)body!;
    }

    [Fact]
    public async Task Api_registration_answers_identity_session_and_token_then_login_works()
    {
        var registered = await RegisterApiAsync("Ada@Example.test");
        Assert.Equal("ada@example.test", (string)registered["identity"]!["verifiable_addresses"]![0]!["value"]!);
        Assert.Null(registered["identity"]!["credentials"]);
        var token = (string)registered["session_token"]!;
        Assert.StartsWith("ory_st_", token, StringComparison.Ordinal);
        Assert.Equal((string)registered["identity"]!["id"]!, (string)registered["session"]!["identity"]!["id"]!);
        Assert.Equal("set_ory_session_token", (string)registered["continue_with"]![0]!["action"]!);
        Assert.Equal(token, (string)registered["continue_with"]![0]!["ory_session_token"]!);

        var (whoami, session, _) = await client.SendAsync(HttpMethod.Get, "/sessions/whoami", headers: new Dictionary<string, string> { ["X-Session-Token"] = token });
        Assert.Equal(200, whoami);
        Assert.Equal("password", (string)session!["authentication_methods"]![0]!["method"]!);

        var login = await client.ApiFlowAsync("login");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={login["id"]}",
            new JsonObject { ["method"] = "password", ["password_identifier"] = "ADA@example.test", ["password"] = Password }.ToJsonString());
        Assert.Equal(200, status);
        Assert.StartsWith("ory_st_", (string)body!["session_token"]!, StringComparison.Ordinal);
        Assert.Null(body["continue_with"]);
        Assert.Equal("aal1", (string)body["session"]!["authenticator_assurance_level"]!);

        // revoke_active_sessions: the registration's session is revoked by the login.
        Assert.Equal(401, (await client.SendAsync(HttpMethod.Get, "/sessions/whoami", headers: new Dictionary<string, string> { ["X-Session-Token"] = token })).Status);

        // The flow is used now: a second submission is no strategy's (4010002).
        var (again, flow, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={login["id"]}",
            new JsonObject { ["method"] = "password", ["identifier"] = "ada@example.test", ["password"] = Password }.ToJsonString());
        Assert.Equal(400, again);
        Assert.Equal(4010002, (int)flow!["ui"]!["messages"]![0]!["id"]!);
        Assert.Equal("passed_challenge", (string)flow["state"]!);
    }

    [Fact]
    public async Task Wrong_passwords_and_conflicts_and_policy_come_back_on_the_form()
    {
        await RegisterApiAsync("bob@example.test");
        var login = await client.ApiFlowAsync("login");
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={login["id"]}",
            new JsonObject { ["method"] = "password", ["identifier"] = "bob@example.test", ["password"] = "wrong" }.ToJsonString());
        Assert.Equal(400, status);
        var message = body!["ui"]!["messages"]![0]!;
        Assert.Equal(4000006, (int)message["id"]!);
        Assert.Equal("The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.", (string)message["text"]!);
        Assert.Equal("bob@example.test", (string)FlowClient.Node(body, "identifier")!["attributes"]!["value"]!);

        var registration = await client.ApiFlowAsync("registration");
        (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={registration["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = "BOB@example.test" } }.ToJsonString());
        Assert.Equal(400, status);
        Assert.Equal(4000007, (int)body!["ui"]!["messages"]![0]!["id"]!);
        Assert.Equal("An account with the same identifier (email, phone, username, ...) exists already.", (string)body["ui"]!["messages"]![0]!["text"]!);

        (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={registration["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = "short", ["traits"] = new JsonObject { ["email"] = "carol@example.test" } }.ToJsonString());
        Assert.Equal(400, status);
        Assert.Equal(4000032, (int)FlowClient.Node(body!, "password")!["messages"]![0]!["id"]!);

        // bcrypt's 72 bytes (Kratos's hasher answers 4000033 on the password node).
        (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={registration["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = new string('x', 40) + new string('ä', 20), ["traits"] = new JsonObject { ["email"] = "carol@example.test" } }.ToJsonString());
        Assert.Equal(400, status);
        Assert.Equal(4000033, (int)FlowClient.Node(body!, "password")!["messages"]![0]!["id"]!);

        (status, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={registration["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = "not-an-email" } }.ToJsonString());
        Assert.Equal(400, status);
        Assert.NotEmpty(FlowClient.Node(body!, "traits.email")!["messages"]!.AsArray());
    }

    [Fact]
    public async Task A_browser_form_is_redirected_with_the_session_cookie_and_json_gets_the_session()
    {
        var flow = await client.BrowserFlowAsync("registration");
        var form = $"csrf_token={Uri.EscapeDataString(FlowClient.CsrfOf(flow))}&method=password&password={Uri.EscapeDataString(Password)}&traits.email=dora%40example.test";
        var (status, _, response) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}", form, "application/x-www-form-urlencoded", withCookie: true);
        Assert.Equal(303, status);
        Assert.Equal("https://app.test/welcome", response.Headers.Location!.ToString());
        var sessionCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ory_kratos_session=", StringComparison.Ordinal));

        // Logged in: a new login flow sends the browser to the default return URL; JSON gets session_already_available.
        var (again, _, redirect) = await client.SendAsync(HttpMethod.Get, "/self-service/login/browser", headers: new Dictionary<string, string> { ["Cookie"] = sessionCookie.Split(';')[0] });
        Assert.Equal(303, again);
        Assert.Equal("https://app.test/", redirect.Headers.Location!.ToString());
        var (json, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/browser", accept: "application/json", headers: new Dictionary<string, string> { ["Cookie"] = sessionCookie.Split(';')[0] });
        Assert.Equal(400, json);
        Assert.Equal("session_already_available", (string)error!["error"]!["id"]!);

        // A single-page app logs in with JSON: 200 with the session and where to go, and the cookie.
        var other = new FlowClient(server);
        var login = await other.BrowserFlowAsync("login");
        var (ok, body, answer) = await other.SendAsync(HttpMethod.Post, $"/self-service/login?flow={login["id"]}",
            new JsonObject { ["method"] = "password", ["csrf_token"] = FlowClient.CsrfOf(login), ["identifier"] = "dora@example.test", ["password"] = Password }.ToJsonString(),
            accept: "application/json", withCookie: true);
        Assert.Equal(200, ok);
        Assert.Null(body!["session_token"]);
        Assert.Equal("dora@example.test", (string)body["session"]!["identity"]!["traits"]!["email"]!);
        Assert.Equal("redirect_browser_to", (string)body["continue_with"]![0]!["action"]!);
        Assert.Equal("https://app.test/", (string)body["continue_with"]![0]!["redirect_browser_to"]!);
        Assert.Contains(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ory_kratos_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_reauthenticates_the_same_session()
    {
        var token = (string)(await RegisterApiAsync("erin@example.test"))["session_token"]!;
        var headers = new Dictionary<string, string> { ["X-Session-Token"] = token };
        var (status, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/api", headers: headers);
        Assert.Equal(400, status);
        Assert.Equal("session_already_available", (string)error!["error"]!["id"]!);

        // Without a session, refresh=true makes an ordinary flow (Kratos sets refresh to false).
        Assert.False((bool)(await client.SendAsync(HttpMethod.Get, "/self-service/login/api?refresh=true")).Body!["refresh"]!);

        server.Time.Advance(TimeSpan.FromMinutes(5));
        var (created, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/login/api?refresh=true", headers: headers);
        Assert.Equal(200, created);
        Assert.True((bool)flow!["refresh"]!);
        var (ok, body, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/login?flow={flow["id"]}",
            new JsonObject { ["method"] = "password", ["identifier"] = "erin@example.test", ["password"] = Password }.ToJsonString(), headers: headers);
        Assert.Equal(200, ok);
        var (_, whoami, _) = await client.SendAsync(HttpMethod.Get, "/sessions/whoami", headers: headers);
        Assert.Equal((string)whoami!["id"]!, (string)body!["session"]!["id"]!);
        Assert.Equal(2, whoami["authentication_methods"]!.AsArray().Count);
        Assert.True(DateTimeOffset.Parse((string)whoami["authenticated_at"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse((string)whoami["authentication_methods"]![0]!["completed_at"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_failed_session_insert_leaves_no_identity()
    {
        await using (var connection = new SqliteConnection(server.Runtime.Context.Database!.Dsn.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse_sessions BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'refused'); END;";
            await command.ExecuteNonQueryAsync();
        }

        var flow = await client.ApiFlowAsync("registration");
        var (status, _, _) = await client.SendAsync(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}",
            new JsonObject { ["method"] = "password", ["password"] = Password, ["traits"] = new JsonObject { ["email"] = "frank@example.test" } }.ToJsonString());
        Assert.Equal(500, status);
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, server.AdminUrl.TrimEnd('/') + "/admin/identities?credentials_identifier=frank@example.test");
        Assert.Empty(list!.AsArray());
    }
}
