namespace Tessera.OAuth2.Tests.Flows;

public sealed class SessionAdministrationTests
{
    [Fact]
    public async Task Revoking_consent_lists_nothing_more_and_revokes_the_tokens_it_produced()
    {
        await using var test = await AuthorizeFlowTests.StartAsync();
        var (location, _) = await AuthorizeFlowTests.RunAsync(test, new BrowserDriver(test), remember: true);
        var (tokens, _) = await AuthorizeFlowTests.ExchangeAsync(test, BrowserDriver.Query(location)["code"]);
        var sessions = test.Runtime.Protocol.Sessions;

        var (page, more) = await sessions.ListConsentSessionsAsync("alice", null, 10, 0, CancellationToken.None);
        Assert.False(more);
        var session = Assert.Single(page)!.AsObject();
        Assert.Equal(["openid", "offline_access"], session["grant_scope"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("web", session["consent_request"]!["client"]!["client_id"]!.GetValue<string>());

        Assert.NotNull(await sessions.RevokeConsentAsync("alice", null, null, all: false, CancellationToken.None));
        Assert.Null(await sessions.RevokeConsentAsync("alice", "web", null, all: false, CancellationToken.None));

        Assert.Empty((await sessions.ListConsentSessionsAsync("alice", null, 10, 0, CancellationToken.None)).Page);
        Assert.Null(await test.Runtime.Protocol.Introspection.IntrospectAsync(tokens!.AccessToken, [], CancellationToken.None));
        Assert.Null(await test.Runtime.Protocol.Introspection.IntrospectAsync(tokens.RefreshToken!, [], CancellationToken.None));
    }

    [Fact]
    public async Task Ending_the_login_session_stops_the_next_login_from_being_skipped()
    {
        await using var test = await AuthorizeFlowTests.StartAsync();
        var browser = new BrowserDriver(test);
        await AuthorizeFlowTests.RunAsync(test, browser, remember: true);

        Assert.NotNull(await test.Runtime.Protocol.Sessions.RevokeLoginAsync(null, null, CancellationToken.None));
        Assert.Null(await test.Runtime.Protocol.Sessions.RevokeLoginAsync("alice", null, CancellationToken.None));

        var next = await browser.AuthorizeAsync(new Dictionary<string, string>
        {
            ["client_id"] = "web", ["response_type"] = "code", ["scope"] = "openid", ["state"] = "state-0123456789",
        });
        var login = await test.Runtime.Protocol.Flows.GetLoginAsync(BrowserDriver.Query(next.Location!)["login_challenge"], CancellationToken.None);
        Assert.False(login.Body["skip"]!.GetValue<bool>());
        Assert.Equal("", login.Body["subject"]!.GetValue<string>());
    }
}
