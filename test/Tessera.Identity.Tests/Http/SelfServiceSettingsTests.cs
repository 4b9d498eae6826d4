using System.Text.Json.Nodes;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Tests.Http;

/// <summary>The settings flow through the public listener, as Kratos v26 answers it.</summary>
public sealed class SelfServiceSettingsTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Config = new()
    {
        ["selfservice.default_browser_return_url"] = "https://app.test/",
        ["selfservice.allowed_return_urls"] = """["https://app.test/"]""",
        ["selfservice.flows.login.ui_url"] = "https://app.test/login",
        ["selfservice.flows.settings.ui_url"] = "https://app.test/settings",
        ["selfservice.flows.error.ui_url"] = "https://app.test/error",
        ["selfservice.flows.settings.after.password.hooks"] = """[{"hook":"revoke_active_sessions"}]""",
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

    private static Dictionary<string, string> Token(IssuedSession session) => new() { ["X-Session-Token"] = session.Token };

    private async Task<(JsonObject Identity, IssuedSession Session)> UserAsync(string email)
    {
        var identity = await SessionTestData.IdentityAsync(server, email);
        return (identity, await SessionTestData.IssueAsync(server, identity));
    }

    [Fact]
    public async Task Without_a_session_browsers_go_to_login_and_json_clients_get_401()
    {
        var (status, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/browser?return_to=https://app.test/x");
        Assert.Equal(303, status);
        Assert.Equal("https://id.test/self-service/login/browser?return_to=https%3A%2F%2Fapp.test%2Fx", response.Headers.Location!.ToString());

        var (json, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/browser", accept: "application/json");
        Assert.Equal(401, json);
        Assert.Equal("session_inactive", (string)error!["error"]!["id"]!);
        Assert.Equal("No active session was found in this request.", (string)error["error"]!["reason"]!);
        Assert.Equal("request does not have a valid authentication session", (string)error["error"]!["message"]!);

        var (api, apiError, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api");
        Assert.Equal(401, api);
        Assert.Equal("session_inactive", (string)apiError!["error"]!["id"]!);
        Assert.Equal("This endpoint can only be accessed with a valid session. Please log in and try again.", (string)apiError["error"]!["reason"]!);
        Assert.Equal("request does not have a valid authentication session", (string)apiError["error"]!["message"]!);

        var (fetch, fetchError, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/flows?id=" + Guid.NewGuid(), accept: "application/json");
        Assert.Equal(401, fetch);
        Assert.Equal("A valid Ory Session Cookie or Ory Session Token is missing.", (string)fetchError!["error"]!["reason"]!);
    }

    [Fact]
    public async Task An_api_flow_has_the_profile_and_password_forms_and_belongs_to_its_identity()
    {
        var (identity, session) = await UserAsync("ada@example.com");
        var (status, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: Token(session));
        Assert.Equal(200, status);
        Assert.Equal("api", (string)flow!["type"]!);
        Assert.Equal("show_form", (string)flow["state"]!);
        Assert.Equal((string)identity["id"]!, (string)flow["identity"]!["id"]!);
        Assert.Null(flow["identity"]!["metadata_admin"]);
        var id = (string)flow["id"]!;
        Assert.Equal($"https://id.test/self-service/settings?flow={id}", (string)flow["ui"]!["action"]!);
        var email = FlowClient.Node(flow, "traits.email")!;
        Assert.Equal("profile", (string)email["group"]!);
        Assert.Equal("ada@example.com", (string)email["attributes"]!["value"]!);
        Assert.Equal(1070003, (int)FlowClient.Node(flow, "method", "profile")!["meta"]!["label"]!["id"]!);
        Assert.Equal("new-password", (string)FlowClient.Node(flow, "password", "password")!["attributes"]!["autocomplete"]!);
        Assert.Equal(1070003, (int)FlowClient.Node(flow, "method", "password")!["meta"]!["label"]!["id"]!);
        Assert.Equal("Save", (string)FlowClient.Node(flow, "method", "password")!["meta"]!["label"]!["text"]!);

        var (fetched, again, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/flows?id=" + id, headers: Token(session));
        Assert.Equal(200, fetched);
        Assert.Equal(id, (string)again!["id"]!);

        var (_, other) = await UserAsync("bob@example.com");
        var (foreign, error, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/flows?id=" + id, headers: Token(other));
        Assert.Equal(403, foreign);
        Assert.Equal("security_identity_mismatch", (string)error!["error"]!["id"]!);
        var (submitted, submitError, _) = await client.SendAsync(HttpMethod.Post, "/self-service/settings?flow=" + id, """{"method":"profile","traits":{"email":"x@example.com"}}""", headers: Token(other));
        Assert.Equal(403, submitted);
        Assert.Equal("security_identity_mismatch", (string)submitError!["error"]!["id"]!);
    }

    [Fact]
    public async Task A_profile_update_is_validated_saved_and_refuses_a_taken_identifier()
    {
        var (_, session) = await UserAsync("ada@example.com");
        await UserAsync("taken@example.com");
        var (_, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: Token(session));
        var url = "/self-service/settings?flow=" + (string)flow!["id"]!;

        var (invalid, form, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile","traits":{"email":"not-an-email"}}""", headers: Token(session));
        Assert.Equal(400, invalid);
        var node = FlowClient.Node(form!, "traits.email")!;
        Assert.Equal("not-an-email", (string)node["attributes"]!["value"]!);
        Assert.Equal("error", (string)node["messages"]![0]!["type"]!);

        var (conflict, conflicted, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile","traits":{"email":"TAKEN@example.com"}}""", headers: Token(session));
        Assert.Equal(400, conflict);
        Assert.Equal(4000007, (int)conflicted!["ui"]!["messages"]![0]!["id"]!);

        var (empty, emptied, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile"}""", headers: Token(session));
        Assert.Equal(400, empty);
        Assert.Equal("Did not receive any value changes.", (string)emptied!["ui"]!["messages"]![0]!["context"]!["reason"]!);

        var (saved, success, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile","traits":{"email":"ada.l@example.com","name":{"first":"Ada"}}}""", headers: Token(session));
        Assert.Equal(200, saved);
        Assert.Equal("success", (string)success!["state"]!);
        Assert.Equal("profile", (string)success["active"]!);
        Assert.Equal(1050001, (int)success["ui"]!["messages"]![0]!["id"]!);
        Assert.Equal("Your changes have been saved!", (string)success["ui"]!["messages"]![0]!["text"]!);
        Assert.Equal("ada.l@example.com", (string)success["identity"]!["traits"]!["email"]!);
        Assert.Equal("ada.l@example.com", (string)FlowClient.Node(success, "traits.email")!["attributes"]!["value"]!);

        // The identifier was derived again: the new email logs in, the old one is no one's.
        var found = await server.Runtime.Identities.ListAsync(new Identity.Identities.IdentityPage("", 10, "ada.l@example.com", [], null), false, CancellationToken.None);
        Assert.Single(found);
    }

    [Fact]
    public async Task A_password_change_applies_the_policy_and_replaces_the_hash_and_the_hook_revokes_other_sessions()
    {
        var (identity, session) = await UserAsync("ada@example.com");
        var id = (string)identity["id"]!;
        Assert.True(await server.Runtime.Passwords.SetPasswordAsync(id, "old-Password-1234", CancellationToken.None));
        var other = await SessionTestData.IssueAsync(server, identity);
        var (_, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: Token(session));
        var url = "/self-service/settings?flow=" + (string)flow!["id"]!;

        var (missing, form, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"password"}""", headers: Token(session));
        Assert.Equal(400, missing);
        Assert.Equal(4000002, (int)FlowClient.Node(form!, "password")!["messages"]![0]!["id"]!);

        var (weak, weakForm, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"password","password":"short"}""", headers: Token(session));
        Assert.Equal(400, weak);
        Assert.Equal(4000032, (int)FlowClient.Node(weakForm!, "password")!["messages"]![0]!["id"]!);

        var (same, sameForm, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"password","password":"old-Password-1234"}""", headers: Token(session));
        Assert.Equal(400, same);
        Assert.Equal(4000039, (int)FlowClient.Node(sameForm!, "password")!["messages"]![0]!["id"]!);

        var (unknown, unknownForm, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"totp"}""", headers: Token(session));
        Assert.Equal(400, unknown);
        Assert.Equal(4010004, (int)unknownForm!["ui"]!["messages"]![0]!["id"]!);

        var (saved, success, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"password","password":"new-Passw0rd-xyz-42"}""", headers: Token(session));
        Assert.Equal(200, saved);
        Assert.Equal("success", (string)success!["state"]!);
        Assert.Equal(1050001, (int)success["ui"]!["messages"]![0]!["id"]!);
        Assert.Null(success["continue_with"]);

        Assert.NotEqual(Identity.Credentials.PasswordLoginFailure.None, (await server.Runtime.Passwords.LoginAsync("ada@example.com", "old-Password-1234", CancellationToken.None)).Failure);
        Assert.Equal(Identity.Credentials.PasswordLoginFailure.None, (await server.Runtime.Passwords.LoginAsync("ada@example.com", "new-Passw0rd-xyz-42", CancellationToken.None)).Failure);

        // revoke_active_sessions (after.password.hooks): the other session is gone, this one stays.
        Assert.Equal(401, (await SessionTestData.SendAsync(server, HttpMethod.Get, server.PublicUrl.TrimEnd('/') + "/sessions/whoami", token: other.Token)).Status);
        Assert.Equal(200, (await SessionTestData.SendAsync(server, HttpMethod.Get, server.PublicUrl.TrimEnd('/') + "/sessions/whoami", token: session.Token)).Status);
    }

    [Fact]
    public async Task An_old_session_must_refresh_before_changing_the_password_or_an_identifier()
    {
        var (identity, session) = await UserAsync("ada@example.com");
        server.Time.Advance(TimeSpan.FromHours(2));
        var (_, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: Token(session));
        var id = (string)flow!["id"]!;
        var url = "/self-service/settings?flow=" + id;

        var (status, error, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"password","password":"new-Passw0rd-xyz-42"}""", headers: Token(session));
        Assert.Equal(403, status);
        Assert.Equal("session_refresh_required", (string)error!["error"]!["id"]!);
        Assert.Equal($"https://id.test/self-service/login/browser?refresh=true&return_to=https%3A%2F%2Fid.test%2Fself-service%2Fsettings%3Fflow%3D{id}", (string)error["redirect_browser_to"]!);

        var (email, emailError, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile","traits":{"email":"new@example.com"}}""", headers: Token(session));
        Assert.Equal(403, email);
        Assert.Equal("session_refresh_required", (string)emailError!["error"]!["id"]!);

        // A trait that is no identifier or address needs no refresh.
        var (name, saved, _) = await client.SendAsync(HttpMethod.Post, url, """{"method":"profile","traits":{"email":"ada@example.com","name":{"last":"Lovelace"}}}""", headers: Token(session));
        Assert.Equal(200, name);
        Assert.Equal("Lovelace", (string)saved!["identity"]!["traits"]!["name"]!["last"]!);
        Assert.Equal((string)identity["id"]!, (string)saved["identity"]!["id"]!);
    }

    [Fact]
    public async Task A_browser_flow_is_answered_by_redirects_and_needs_the_anti_csrf_token()
    {
        var (_, session) = await UserAsync("ada@example.com");
        var cookie = session.Cookie.ToHeader().Split(';')[0];
        var (status, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/browser", headers: Cookies(cookie));
        Assert.Equal(303, status);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://app.test/settings?flow=", location, StringComparison.Ordinal);
        var id = location[(location.IndexOf('=') + 1)..];
        var both = cookie + "; " + client.Cookie;

        var (fetched, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/flows?id=" + id, headers: Cookies(both));
        Assert.Equal(200, fetched);
        var csrf = FlowClient.CsrfOf(flow!);

        var (refused, _, refusal) = await client.SendAsync(HttpMethod.Post, "/self-service/settings?flow=" + id, "method=profile&traits.email=ada%40example.com",
            "application/x-www-form-urlencoded", headers: Cookies(both));
        Assert.Equal(303, refused);
        Assert.StartsWith("https://app.test/error?id=", refusal.Headers.Location!.ToString(), StringComparison.Ordinal);

        var (saved, _, done) = await client.SendAsync(HttpMethod.Post, "/self-service/settings?flow=" + id,
            $"method=profile&csrf_token={Uri.EscapeDataString(csrf)}&traits.email=ada%40example.com&traits.name.first=Ada", "application/x-www-form-urlencoded", headers: Cookies(both));
        Assert.Equal(303, saved);
        Assert.Equal("https://app.test/settings?flow=" + id, done.Headers.Location!.ToString());

        var (json, success, _) = await client.SendAsync(HttpMethod.Post, "/self-service/settings?flow=" + id,
            new JsonObject { ["method"] = "profile", ["csrf_token"] = csrf, ["traits"] = new JsonObject { ["email"] = "ada@example.com" } }.ToJsonString(), headers: Cookies(both));
        Assert.Equal(200, json);
        Assert.Equal("redirect_browser_to", (string)success!["continue_with"]![0]!["action"]!);
        Assert.Equal("https://app.test/settings?flow=" + id, (string)success["continue_with"]![0]!["redirect_browser_to"]!);
    }

    [Fact]
    public async Task A_get_submission_reads_the_query_as_the_form()
    {
        var (identity, session) = await UserAsync("ada@example.com");
        var cookie = session.Cookie.ToHeader().Split(';')[0];
        var (_, _, response) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/browser", headers: Cookies(cookie));
        var location = response.Headers.Location!.ToString();
        var id = location[(location.IndexOf('=') + 1)..];
        var both = cookie + "; " + client.Cookie;
        var (_, flow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/flows?id=" + id, headers: Cookies(both));
        var csrf = Uri.EscapeDataString(FlowClient.CsrfOf(flow!));

        // Kratos routes GET /self-service/settings to the submission handler, which decodes the query as the form.
        var (refused, _, refusal) = await client.SendAsync(HttpMethod.Get, $"/self-service/settings?flow={id}&method=profile&traits.email=ada%40example.com", headers: Cookies(both));
        Assert.Equal(303, refused);
        Assert.StartsWith("https://app.test/error?id=", refusal.Headers.Location!.ToString(), StringComparison.Ordinal);

        var (saved, _, done) = await client.SendAsync(HttpMethod.Get,
            $"/self-service/settings?flow={id}&method=profile&csrf_token={csrf}&traits.email=ada%40example.com&traits.name.first=Ada", headers: Cookies(both));
        Assert.Equal(303, saved);
        Assert.Equal("https://app.test/settings?flow=" + id, done.Headers.Location!.ToString());
        var stored = await server.Runtime.Identities.GetAsync((string)identity["id"]!, CancellationToken.None);
        Assert.Equal("Ada", (string)stored.Identity!.Traits["name"]!["first"]!);

        // An API flow with its token; without a method no strategy answers; without a session it is Kratos's 401.
        var (_, apiFlow, _) = await client.SendAsync(HttpMethod.Get, "/self-service/settings/api", headers: Token(session));
        var url = "/self-service/settings?flow=" + (string)apiFlow!["id"]!;
        var (none, noneForm, _) = await client.SendAsync(HttpMethod.Get, url, headers: Token(session));
        Assert.Equal(400, none);
        Assert.Equal(4010004, (int)noneForm!["ui"]!["messages"]![0]!["id"]!);
        var (changed, success, _) = await client.SendAsync(HttpMethod.Get, url + "&method=password&password=new-Passw0rd-xyz-42", headers: Token(session));
        Assert.Equal(200, changed);
        Assert.Equal("success", (string)success!["state"]!);
        Assert.Equal(Identity.Credentials.PasswordLoginFailure.None, (await server.Runtime.Passwords.LoginAsync("ada@example.com", "new-Passw0rd-xyz-42", CancellationToken.None)).Failure);
        var (anonymous, error, _) = await client.SendAsync(HttpMethod.Get, url + "&method=password&password=x", accept: "application/json");
        Assert.Equal(401, anonymous);
        Assert.Equal("A valid Ory Session Cookie or Ory Session Token is missing.", (string)error!["error"]!["reason"]!);
    }

    [Fact]
    public async Task The_well_known_change_password_url_sends_browsers_to_the_settings_ui()
    {
        var (status, _, response) = await client.SendAsync(HttpMethod.Get, "/.well-known/change-password");
        Assert.Equal(303, status);
        Assert.Equal("https://app.test/settings", response.Headers.Location!.ToString());

        // Without a settings UI, Kratos sends them to the browser settings flow.
        await using var bare = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["selfservice.flows.settings.ui_url"] = "" });
        var (bareStatus, _, bareResponse) = await new FlowClient(bare).SendAsync(HttpMethod.Get, "/.well-known/change-password");
        Assert.Equal(303, bareStatus);
        Assert.Equal("https://id.test/self-service/settings/browser", bareResponse.Headers.Location!.ToString());
        Assert.Equal(404, (await bare.SendAsync(HttpMethod.Get, bare.AdminUrl + "/.well-known/change-password")).Status);
    }
}
