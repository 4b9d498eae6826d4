using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Keys;

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
}
