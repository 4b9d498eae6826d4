using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Tests.Http;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Flows;

public sealed class LogoutFlowTests
{
    [Fact]
    public async Task Rp_initiated_logout_ends_the_session_and_posts_a_logout_token_to_the_client()
    {
        var received = new ConcurrentQueue<string>();
        var (receiver, receiverUrl) = await LoopbackWebApp.StartAsync(web =>
            web.MapPost("/backchannel", async (HttpContext c) => received.Enqueue((await c.Request.ReadFormAsync())["logout_token"].ToString())));
        await using var _ = receiver;

        await using var test = await AuthorizeFlowTests.StartAsync(new JsonObject
        {
            ["post_logout_redirect_uris"] = new JsonArray("https://app.test/logged-out"),
            ["backchannel_logout_uri"] = receiverUrl + "/backchannel",
            ["frontchannel_logout_uri"] = "https://app.test/frontchannel",
        });
        var browser = new BrowserDriver(test);
        var (location, _) = await AuthorizeFlowTests.RunAsync(test, browser, remember: true);
        var (tokens, _) = await AuthorizeFlowTests.ExchangeAsync(test, BrowserDriver.Query(location)["code"]);
        var logout = test.Runtime.Protocol.Logout;

        var start = await logout.HandleAsync(new Dictionary<string, string>
        {
            ["id_token_hint"] = tokens!.IdToken!,
            ["post_logout_redirect_uri"] = "https://app.test/logged-out",
            ["state"] = "bye-state",
        }, "https://issuer.test/oauth2/sessions/logout", name => browser.Cookies.GetValueOrDefault(name), CancellationToken.None);
        Assert.StartsWith("https://login.test/logout?logout_challenge=", start.Location, StringComparison.Ordinal);
        var challenge = BrowserDriver.Query(start.Location)["logout_challenge"];

        var request = await logout.GetAsync(challenge, CancellationToken.None);
        Assert.Equal("alice", request.Body["subject"]!.GetValue<string>());
        Assert.True(request.Body["rp_initiated"]!.GetValue<bool>());
        var accepted = await logout.AcceptAsync(challenge, CancellationToken.None);
        var verifier = BrowserDriver.Query(BrowserDriver.RedirectTo(accepted.Body))["logout_verifier"];

        var done = await logout.HandleAsync(new Dictionary<string, string> { ["logout_verifier"] = verifier }, "https://issuer.test/oauth2/sessions/logout",
            name => browser.Cookies.GetValueOrDefault(name), CancellationToken.None);
        Assert.Equal("https://app.test/logged-out?state=bye-state", done.Location);
        var front = Assert.Single(done.FrontChannelUris);
        Assert.StartsWith("https://app.test/frontchannel?iss=", front, StringComparison.Ordinal);

        var token = Assert.Single(received);
        Assert.True(JsonWebSignature.TryParse(token, out var jws));
        Assert.Equal("logout+jwt", jws.Type);
        Assert.NotNull(jws.Payload["events"]!["http://schemas.openid.net/event/backchannel-logout"]);
        Assert.Equal(BrowserDriver.Query(front)["sid"], jws.Payload["sid"]!.GetValue<string>());

        var replay = await logout.HandleAsync(new Dictionary<string, string> { ["logout_verifier"] = verifier }, "u", _ => null, CancellationToken.None);
        Assert.StartsWith("https://issuer.test/oauth2/fallbacks/error?", replay.Location, StringComparison.Ordinal);
        await receiver.StopAsync();
    }

    [Fact]
    public async Task A_post_logout_redirect_uri_needs_a_hint_and_must_be_registered()
    {
        await using var test = await AuthorizeFlowTests.StartAsync();
        var logout = test.Runtime.Protocol.Logout;
        var withoutHint = await logout.HandleAsync(new Dictionary<string, string> { ["post_logout_redirect_uri"] = "https://evil.test/" }, "u", _ => null, CancellationToken.None);
        Assert.StartsWith("https://issuer.test/oauth2/fallbacks/error?", withoutHint.Location, StringComparison.Ordinal);

        var nothingToDo = await logout.HandleAsync(new Dictionary<string, string>(), "u", _ => null, CancellationToken.None);
        Assert.Equal("https://issuer.test/oauth2/fallbacks/logout/callback", nothingToDo.Location);
    }

    private const string LoggedOut = "https://app.test/logged-out";
    private const string DefaultPostLogout = "https://issuer.test/oauth2/fallbacks/logout/callback";

    private static async Task<OAuth2HttpServer> ServeAsync(JsonObject? client = null)
    {
        var document = client ?? [];
        document["post_logout_redirect_uris"] = new JsonArray(LoggedOut);
        return await OAuth2HttpServer.StartAsync(await AuthorizeFlowTests.StartAsync(document));
    }

    /// <summary>GETs /oauth2/sessions/logout with <paramref name="parameters"/>; returns where the browser is sent.</summary>
    private static async Task<string> LogoutAsync(OAuth2HttpServer server, HttpBrowser browser, params (string Name, string Value)[] parameters)
    {
        var url = QueryHelpers.AddQueryString(server.PublicUrl + "/oauth2/sessions/logout", parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
        var location = await browser.GetLocationAsync(url);
        Assert.NotNull(location);
        return location;
    }

    /// <summary>The logout challenge in <paramref name="location"/> accepted over the admin API: the verifier URL to follow.</summary>
    private static async Task<string> AcceptAsync(OAuth2HttpServer server, string location)
    {
        Assert.StartsWith("https://login.test/logout?logout_challenge=", location, StringComparison.Ordinal);
        return await server.AcceptAsync("logout", BrowserDriver.Query(location)["logout_challenge"]);
    }

    private static void AssertRefused(string location, string description)
    {
        Assert.StartsWith("https://issuer.test/oauth2/fallbacks/error?", location, StringComparison.Ordinal);
        var error = BrowserDriver.Query(location);
        Assert.Equal("invalid_request", error["error"]);
        Assert.Contains(description, error["error_description"], StringComparison.Ordinal);
    }

    private static JsonObject Claims(string idToken)
    {
        Assert.True(JsonWebSignature.TryParse(idToken, out var jws));
        return jws.Payload;
    }

    private static async Task<bool> SessionExistsAsync(OAuth2HttpServer server, string sid)
        => await server.Test.LoginSessionStore.GetAsync(sid, CancellationToken.None) is not null;

    [Fact]
    public async Task Without_a_hint_state_and_a_post_logout_redirect_uri_are_refused_and_the_browser_session_is_logged_out()
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        var sid = Claims((await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>())["sid"]!.GetValue<string>();

        AssertRefused(await LogoutAsync(server, browser, ("state", "bye-state-123")), "Logout failed because query parameter state is set but id_token_hint is missing.");
        AssertRefused(await LogoutAsync(server, browser, ("post_logout_redirect_uri", LoggedOut)),
            "Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing.");
        Assert.True(await SessionExistsAsync(server, sid));

        Assert.Equal(DefaultPostLogout, await LogoutAsync(server, new HttpBrowser(server)));
        var verifier = await AcceptAsync(server, await LogoutAsync(server, browser));
        Assert.Equal(DefaultPostLogout, await browser.GetLocationAsync(verifier));
        Assert.False(await SessionExistsAsync(server, sid));
        Assert.DoesNotContain(server.Test.Runtime.Protocol.Options.SessionCookie, browser.Cookies.Keys);
    }

    [Fact]
    public async Task A_logout_verifier_followed_by_another_browser_logs_nobody_out()
    {
        await using var server = await ServeAsync();
        var owner = new HttpBrowser(server);
        var ownerSid = Claims((await owner.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>())["sid"]!.GetValue<string>();
        var victim = new HttpBrowser(server);
        var victimSid = Claims((await victim.SignInAsync("bob", "openid", ["openid"]))["id_token"]!.GetValue<string>())["sid"]!.GetValue<string>();

        var verifier = await AcceptAsync(server, await LogoutAsync(server, owner));
        Assert.Equal(DefaultPostLogout, await victim.GetLocationAsync(verifier));
        Assert.True(await SessionExistsAsync(server, victimSid));
        Assert.True(await SessionExistsAsync(server, ownerSid));
        Assert.Contains(server.Test.Runtime.Protocol.Options.SessionCookie, victim.Cookies.Keys);
    }

    [Fact]
    public async Task A_logout_challenge_answered_again_after_use_answers_as_hydra_and_ends_nothing_more()
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        var idToken = (await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>();
        var location = await LogoutAsync(server, browser, ("id_token_hint", idToken), ("post_logout_redirect_uri", LoggedOut), ("state", "bye-state-123"));
        var challenge = BrowserDriver.Query(location)["logout_challenge"];
        Assert.Equal(LoggedOut + "?state=bye-state-123", await browser.GetLocationAsync(await AcceptAsync(server, location)));

        var newSid = Claims((await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>())["sid"]!.GetValue<string>();
        var logout = server.Test.Runtime.Protocol.Logout;
        var read = await logout.GetAsync(challenge, CancellationToken.None);
        Assert.Equal(200, read.Status);
        Assert.Equal("alice", read.Body["subject"]!.GetValue<string>());
        var accepted = await logout.AcceptAsync(challenge, CancellationToken.None);
        Assert.Equal(200, accepted.Status);
        Assert.Equal(LoggedOut + "?state=bye-state-123", BrowserDriver.RedirectTo(accepted.Body));
        Assert.Null(await logout.RejectAsync(challenge, CancellationToken.None));
        Assert.True(await SessionExistsAsync(server, newSid));
    }

    [Fact]
    public async Task A_rejected_logout_can_still_be_accepted_and_a_late_rejection_changes_nothing()
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        var sid = Claims((await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>())["sid"]!.GetValue<string>();
        var challenge = BrowserDriver.Query(await LogoutAsync(server, browser))["logout_challenge"];
        var logout = server.Test.Runtime.Protocol.Logout;
        Assert.Null(await logout.RejectAsync(challenge, CancellationToken.None));
        Assert.Null(await logout.RejectAsync(challenge, CancellationToken.None));

        var accepted = await logout.AcceptAsync(challenge, CancellationToken.None);
        Assert.Equal(200, accepted.Status);
        Assert.Null(await logout.RejectAsync(challenge, CancellationToken.None));
        Assert.Equal(DefaultPostLogout, await browser.GetLocationAsync(BrowserDriver.RedirectTo(accepted.Body)));
        Assert.False(await SessionExistsAsync(server, sid));
    }

    [Fact]
    public async Task An_expired_logout_challenge_is_unauthorized_as_in_hydra()
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        await browser.SignInAsync("alice", "openid", ["openid"]);
        var challenge = BrowserDriver.Query(await LogoutAsync(server, browser))["logout_challenge"];
        server.Test.Time.Advance(TimeSpan.FromMinutes(31));

        var logout = server.Test.Runtime.Protocol.Logout;
        foreach (var result in new[] { await logout.GetAsync(challenge, CancellationToken.None), await logout.AcceptAsync(challenge, CancellationToken.None), (await logout.RejectAsync(challenge, CancellationToken.None))! })
        {
            Assert.Equal(401, result.Status);
            Assert.Equal("request_unauthorized", result.Body["error"]!.GetValue<string>());
            Assert.Equal("The request could not be authorized. The logout request has expired, please try the flow again.", result.Body["error_description"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_expired_hint_ends_the_session_it_names_even_from_a_browser_without_it()
    {
        await using var server = await ServeAsync();
        var idToken = (await new HttpBrowser(server).SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>();
        var sid = Claims(idToken)["sid"]!.GetValue<string>();
        server.Test.Time.Advance(TimeSpan.FromHours(2)); // the ID token lives one hour

        var elsewhere = new HttpBrowser(server);
        var location = await LogoutAsync(server, elsewhere, ("id_token_hint", idToken), ("post_logout_redirect_uri", LoggedOut), ("state", "bye-state-123"));
        var request = await server.AdminGetAsync("/admin/oauth2/auth/requests/logout?logout_challenge=" + Uri.EscapeDataString(BrowserDriver.Query(location)["logout_challenge"]));
        Assert.Equal("alice", request["subject"]!.GetValue<string>());
        Assert.Equal(sid, request["sid"]!.GetValue<string>());
        Assert.True(request["rp_initiated"]!.GetValue<bool>());
        Assert.Equal(LoggedOut + "?state=bye-state-123", await elsewhere.GetLocationAsync(await AcceptAsync(server, location)));
        Assert.False(await SessionExistsAsync(server, sid));

        // The session is gone: the same hint now just goes back, with nothing to confirm.
        Assert.Equal(LoggedOut + "?state=bye-state-123", await LogoutAsync(server, elsewhere, ("id_token_hint", idToken), ("post_logout_redirect_uri", LoggedOut), ("state", "bye-state-123")));
    }

    [Fact]
    public async Task With_a_hint_but_no_post_logout_redirect_uri_the_state_is_dropped_for_the_default_url()
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        var idToken = (await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>();

        var verifier = await AcceptAsync(server, await LogoutAsync(server, browser, ("id_token_hint", idToken), ("state", "bye-state-123")));
        Assert.Equal(DefaultPostLogout, await browser.GetLocationAsync(verifier));
    }

    public static TheoryData<string, string> BadHints => new()
    {
        { "iss", "does not match with issuer value from configuration 'https://issuer.test/'" },
        { "iat", "iat claim from query parameter id_token_hint is missing or in the future" },
        { "sid", "id_token_hint is missing sid claim" },
        { "sub", "does not match the subject of its login session" },
        { "aud", "none of the listed audiences is a registered OAuth 2.0 Client" },
    };

    [Theory]
    [MemberData(nameof(BadHints))]
    public async Task A_hint_signed_by_us_with_a_wrong_claim_is_refused_and_ends_nothing(string claim, string description)
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        var genuine = Claims((await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>());
        var forged = (JsonObject)genuine.DeepClone();
        switch (claim)
        {
            case "iss": forged["iss"] = "https://elsewhere.test/"; break;
            case "iat": forged["iat"] = server.Test.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(); break;
            case "sid": forged.Remove("sid"); break;
            case "sub": forged["sub"] = "mallory"; break;
            case "aud": forged["aud"] = new JsonArray("deleted-client"); break;
        }

        var hint = await server.Test.Runtime.Protocol.SigningKeys.SignAsync(KeySetNames.IdToken, forged, CancellationToken.None);
        AssertRefused(await LogoutAsync(server, browser, ("id_token_hint", hint), ("post_logout_redirect_uri", LoggedOut)), description);
        Assert.True(await SessionExistsAsync(server, genuine["sid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_hint_whose_client_was_deleted_is_refused_and_does_not_fall_back_to_the_browser_session()
    {
        await using var server = await ServeAsync();
        var browser = new HttpBrowser(server);
        var idToken = (await browser.SignInAsync("alice", "openid", ["openid"]))["id_token"]!.GetValue<string>();
        Assert.True(await server.Test.Runtime.Clients.DeleteAsync("web", CancellationToken.None));

        AssertRefused(await LogoutAsync(server, browser, ("id_token_hint", idToken)), "none of the listed audiences is a registered OAuth 2.0 Client");
        Assert.True(await SessionExistsAsync(server, Claims(idToken)["sid"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pairwise_client_hint_names_its_session_also_with_a_forced_subject_identifier(bool forced)
    {
        await using var server = await ServeAsync(new JsonObject { ["subject_type"] = "pairwise" });
        var browser = new HttpBrowser(server);
        var login = forced ? new JsonObject { ["force_subject_identifier"] = "forced-alice" } : null;
        var idToken = (await browser.SignInAsync("alice", "openid", ["openid"], login: login))["id_token"]!.GetValue<string>();
        var subject = Claims(idToken)["sub"]!.GetValue<string>();
        Assert.NotEqual("alice", subject);
        Assert.Equal(forced, subject == "forced-alice");

        var verifier = await AcceptAsync(server, await LogoutAsync(server, browser, ("id_token_hint", idToken), ("post_logout_redirect_uri", LoggedOut)));
        Assert.Equal(LoggedOut, await browser.GetLocationAsync(verifier));
        Assert.False(await SessionExistsAsync(server, Claims(idToken)["sid"]!.GetValue<string>()));
    }
}
