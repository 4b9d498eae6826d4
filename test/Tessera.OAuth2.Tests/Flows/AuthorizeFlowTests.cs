using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Tests.Http;

namespace Tessera.OAuth2.Tests.Flows;

public sealed class AuthorizeFlowTests
{
    private const string Verifier = HttpBrowser.Verifier;
    private static readonly string Challenge = HttpBrowser.Challenge;

    internal static async Task<OAuth2TestRuntime> StartAsync(JsonObject? extra = null, IReadOnlyDictionary<string, string>? config = null)
    {
        var test = await OAuth2TestRuntime.StartAsync(config);
        var document = new JsonObject
        {
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
            ["scope"] = "openid offline_access profile",
            ["redirect_uris"] = new JsonArray("https://app.test/callback"),
        };
        foreach (var (name, value) in extra ?? [])
        {
            document[name] = value?.DeepClone();
        }

        await test.AddClientAsync("web", "web-secret-123", document);
        return test;
    }

    private static Dictionary<string, string> AuthorizeParameters(params (string, string)[] extra)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = "web",
            ["response_type"] = "code",
            ["redirect_uri"] = "https://app.test/callback",
            ["scope"] = "openid offline_access",
            ["state"] = "state-0123456789",
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (k, v) in extra)
        {
            parameters[k] = v;
        }

        return parameters;
    }

    /// <summary>Runs login and consent accepted, returning the final redirect to the client.</summary>
    internal static async Task<(string Location, string LoginChallenge)> RunAsync(OAuth2TestRuntime test, BrowserDriver browser, bool remember = false, params (string, string)[] extra)
    {
        var flows = test.Runtime.Protocol.Flows;
        var start = await browser.AuthorizeAsync(AuthorizeParameters(extra));
        Assert.StartsWith("https://login.test/login?login_challenge=", start.Location, StringComparison.Ordinal);
        var loginChallenge = BrowserDriver.Query(start.Location!)["login_challenge"];
        var loginRequest = await flows.GetLoginAsync(loginChallenge, CancellationToken.None);
        Assert.Equal(200, loginRequest.Status);
        var accepted = await flows.AcceptLoginAsync(loginChallenge, new JsonObject { ["subject"] = "alice", ["remember"] = remember, ["acr"] = "1" }, CancellationToken.None);
        Assert.Equal(200, accepted.Status);
        var toConsent = await browser.FollowAsync(BrowserDriver.RedirectTo(accepted.Body));
        Assert.StartsWith("https://login.test/consent?consent_challenge=", toConsent.Location, StringComparison.Ordinal);
        var consentChallenge = BrowserDriver.Query(toConsent.Location!)["consent_challenge"];
        var consented = await flows.AcceptConsentAsync(consentChallenge, new JsonObject
        {
            ["grant_scope"] = new JsonArray("openid", "offline_access"),
            ["remember"] = remember,
            ["session"] = new JsonObject { ["access_token"] = new JsonObject { ["team"] = "blue" } },
        }, CancellationToken.None);
        var final = await browser.FollowAsync(BrowserDriver.RedirectTo(consented.Body));
        return (final.Location!, loginChallenge);
    }

    internal static Task<(TokenResponse? Response, OAuth2Error? Error)> ExchangeAsync(OAuth2TestRuntime test, string code, string verifier = Verifier)
        => test.Runtime.Protocol.Token.HandleAsync(new TokenRequest(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = "https://app.test/callback",
            ["code_verifier"] = verifier,
        }, new ClientCredentials(BasicId: "web", BasicSecret: "web-secret-123")), CancellationToken.None);

    [Fact]
    public async Task Code_flow_with_pkce_ends_in_tokens_and_a_replayed_code_revokes_them()
    {
        await using var test = await StartAsync();
        var (location, _) = await RunAsync(test, new BrowserDriver(test));

        Assert.StartsWith("https://app.test/callback?", location, StringComparison.Ordinal);
        var response = BrowserDriver.Query(location);
        Assert.Equal("state-0123456789", response["state"]);
        Assert.Equal("https://issuer.test/", response["iss"]);
        Assert.Equal("openid offline_access", response["scope"]);
        Assert.StartsWith("ory_ac_", response["code"], StringComparison.Ordinal);

        var (tokens, error) = await ExchangeAsync(test, response["code"]);
        Assert.Null(error);
        Assert.NotNull(tokens!.RefreshToken);
        var introspected = await test.Runtime.Protocol.Introspection.IntrospectAsync(tokens.AccessToken, [], CancellationToken.None);
        Assert.Equal("alice", introspected!.Token.Session.Subject);
        Assert.Equal("blue", introspected.Token.Session.AccessTokenClaims["team"]!.GetValue<string>());

        var (_, replay) = await ExchangeAsync(test, response["code"]);
        Assert.Equal("invalid_grant", replay!.Error);
        Assert.Null(await test.Runtime.Protocol.Introspection.IntrospectAsync(tokens.AccessToken, [], CancellationToken.None));
        Assert.Null(await test.Runtime.Protocol.Introspection.IntrospectAsync(tokens.RefreshToken!, [], CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_pkce_verifier_is_invalid_grant()
    {
        await using var test = await StartAsync();
        var (location, _) = await RunAsync(test, new BrowserDriver(test));
        var (_, error) = await ExchangeAsync(test, BrowserDriver.Query(location)["code"], new string('x', 43));
        Assert.Equal("invalid_grant", error!.Error);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_reused_one_revokes_the_family()
    {
        await using var test = await StartAsync();
        var (location, _) = await RunAsync(test, new BrowserDriver(test));
        var (first, _) = await ExchangeAsync(test, BrowserDriver.Query(location)["code"]);
        var credentials = new ClientCredentials(BasicId: "web", BasicSecret: "web-secret-123");

        var (second, error) = await test.Runtime.Protocol.Token.HandleAsync(new TokenRequest(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = first!.RefreshToken! }, credentials), CancellationToken.None);
        Assert.Null(error);
        Assert.NotEqual(first.RefreshToken, second!.RefreshToken);
        var introspection = test.Runtime.Protocol.Introspection;
        Assert.Null(await introspection.IntrospectAsync(first.AccessToken, [], CancellationToken.None));
        Assert.NotNull(await introspection.IntrospectAsync(second.AccessToken, [], CancellationToken.None));

        var (_, reuse) = await test.Runtime.Protocol.Token.HandleAsync(new TokenRequest(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = first.RefreshToken! }, credentials), CancellationToken.None);
        Assert.Equal("invalid_grant", reuse!.Error);
        Assert.Null(await introspection.IntrospectAsync(second.AccessToken, [], CancellationToken.None));
        Assert.Null(await introspection.IntrospectAsync(second.RefreshToken!, [], CancellationToken.None));
    }

    [Fact]
    public async Task With_a_grace_period_a_used_refresh_token_works_again_until_the_period_ends()
    {
        await using var test = await StartAsync(config: new Dictionary<string, string> { ["oauth2.grant.refresh_token.rotation_grace_period"] = "30s" });
        var (location, _) = await RunAsync(test, new BrowserDriver(test));
        var (first, _) = await ExchangeAsync(test, BrowserDriver.Query(location)["code"]);
        var credentials = new ClientCredentials(BasicId: "web", BasicSecret: "web-secret-123");
        Task<(TokenResponse? Response, OAuth2Error? Error)> RefreshAsync(string refreshToken) => test.Runtime.Protocol.Token.HandleAsync(new TokenRequest(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, credentials), CancellationToken.None);
        var introspection = test.Runtime.Protocol.Introspection;

        test.Time.Advance(TimeSpan.FromSeconds(1)); // tokens issued together share their issue time, which pairs them
        var (second, error) = await RefreshAsync(first!.RefreshToken!);
        Assert.Null(error);
        Assert.Null(await introspection.IntrospectAsync(first.AccessToken, [], CancellationToken.None));

        test.Time.Advance(TimeSpan.FromSeconds(20));
        var (third, again) = await RefreshAsync(first.RefreshToken!);
        Assert.Null(again);
        Assert.NotEqual(second!.RefreshToken, third!.RefreshToken);
        Assert.NotNull(await introspection.IntrospectAsync(second.AccessToken, [], CancellationToken.None)); // only the used token's own access token goes

        test.Time.Advance(TimeSpan.FromSeconds(11));
        var (_, reuse) = await RefreshAsync(first.RefreshToken!);
        Assert.Equal("invalid_grant", reuse!.Error);
        foreach (var token in new[] { second.AccessToken, second.RefreshToken!, third.AccessToken, third.RefreshToken! })
        {
            Assert.Null(await introspection.IntrospectAsync(token, [], CancellationToken.None));
        }
    }

    [Fact]
    public async Task Verifiers_are_single_use_and_bound_to_the_browser()
    {
        await using var test = await StartAsync();
        var browser = new BrowserDriver(test);
        var flows = test.Runtime.Protocol.Flows;
        var start = await browser.AuthorizeAsync(AuthorizeParameters());
        var challenge = BrowserDriver.Query(start.Location!)["login_challenge"];
        var accepted = await flows.AcceptLoginAsync(challenge, new JsonObject { ["subject"] = "alice" }, CancellationToken.None);
        var redirectTo = BrowserDriver.RedirectTo(accepted.Body);

        var stranger = await new BrowserDriver(test).FollowAsync(redirectTo);
        Assert.Equal("request_forbidden", BrowserDriver.Query(stranger.Location!)["error"]);

        var first = await browser.FollowAsync(redirectTo);
        Assert.Contains("consent_challenge=", first.Location, StringComparison.Ordinal);
        var again = await browser.FollowAsync(redirectTo);
        Assert.Equal("access_denied", BrowserDriver.Query(again.Location!)["error"]);
        var gone = await flows.GetLoginAsync(challenge, CancellationToken.None);
        Assert.Equal(410, gone.Status);
        var authorizationUrl = BrowserDriver.RedirectTo(gone.Body);
        Assert.DoesNotContain("login_verifier", authorizationUrl, StringComparison.Ordinal);

        // Answered again after use, the request sends the browser back to start over (Hydra answers 200 here too),
        // and the new answer logs nobody in.
        foreach (var answer in new[]
        {
            await flows.AcceptLoginAsync(challenge, new JsonObject { ["subject"] = "mallory" }, CancellationToken.None),
            await flows.RejectLoginAsync(challenge, [], CancellationToken.None),
        })
        {
            Assert.Equal(200, answer.Status);
            Assert.Equal(authorizationUrl, BrowserDriver.RedirectTo(answer.Body));
        }

        var consentChallenge = BrowserDriver.Query(first.Location!)["consent_challenge"];
        var consented = await flows.AcceptConsentAsync(consentChallenge, new JsonObject { ["grant_scope"] = new JsonArray("openid") }, CancellationToken.None);
        Assert.StartsWith("https://app.test/callback?code=", (await browser.FollowAsync(BrowserDriver.RedirectTo(consented.Body))).Location, StringComparison.Ordinal);
        var answeredAgain = await flows.AcceptConsentAsync(consentChallenge, new JsonObject { ["grant_scope"] = new JsonArray("openid") }, CancellationToken.None);
        Assert.Equal(200, answeredAgain.Status);
        Assert.Equal(authorizationUrl, BrowserDriver.RedirectTo(answeredAgain.Body));
    }

    [Fact]
    public async Task Remembered_login_and_consent_are_skipped_next_time_and_prompt_login_forces_the_ui()
    {
        await using var test = await StartAsync();
        var browser = new BrowserDriver(test);
        var flows = test.Runtime.Protocol.Flows;
        await RunAsync(test, browser, remember: true);

        var second = await browser.AuthorizeAsync(AuthorizeParameters());
        var challenge = BrowserDriver.Query(second.Location!)["login_challenge"];
        var login = await flows.GetLoginAsync(challenge, CancellationToken.None);
        Assert.True(login.Body["skip"]!.GetValue<bool>());
        Assert.Equal("alice", login.Body["subject"]!.GetValue<string>());

        var accepted = await flows.AcceptLoginAsync(challenge, new JsonObject { ["subject"] = "alice" }, CancellationToken.None);
        var toConsent = await browser.FollowAsync(BrowserDriver.RedirectTo(accepted.Body));
        var consent = await flows.GetConsentAsync(BrowserDriver.Query(toConsent.Location!)["consent_challenge"], CancellationToken.None);
        Assert.True(consent.Body["skip"]!.GetValue<bool>());

        var forced = await browser.AuthorizeAsync(AuthorizeParameters(("prompt", "login")));
        var forcedLogin = await flows.GetLoginAsync(BrowserDriver.Query(forced.Location!)["login_challenge"], CancellationToken.None);
        Assert.False(forcedLogin.Body["skip"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_rejected_login_sends_the_error_to_the_client()
    {
        await using var test = await StartAsync();
        var browser = new BrowserDriver(test);
        var start = await browser.AuthorizeAsync(AuthorizeParameters());
        var rejected = await test.Runtime.Protocol.Flows.RejectLoginAsync(BrowserDriver.Query(start.Location!)["login_challenge"],
            new JsonObject { ["error"] = "access_denied", ["error_description"] = "The user said no" }, CancellationToken.None);
        var final = await browser.FollowAsync(BrowserDriver.RedirectTo(rejected.Body));
        var response = BrowserDriver.Query(final.Location!);
        Assert.Equal("access_denied", response["error"]);
        Assert.Equal("The user said no", response["error_description"]);
        Assert.Equal("state-0123456789", response["state"]);
        Assert.Equal("https://issuer.test/", response["iss"]);
    }

    [Theory]
    [InlineData("redirect_uri", "https://evil.test/callback", null)]
    [InlineData("client_id", "nobody", null)]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("scope", "openid admin", "invalid_scope")]
    [InlineData("state", "short", "invalid_state")]
    [InlineData("code_challenge_method", "S512", "invalid_request")]
    [InlineData("prompt", "none", "login_required")]
    public async Task Bad_requests_go_to_the_client_only_when_its_redirect_uri_is_trusted(string name, string value, string? clientError)
    {
        await using var test = await StartAsync();
        var outcome = await new BrowserDriver(test).AuthorizeAsync(AuthorizeParameters((name, value)));
        if (clientError is null)
        {
            Assert.StartsWith("https://issuer.test/oauth2/fallbacks/error?", outcome.Location, StringComparison.Ordinal);
            Assert.DoesNotContain("evil", outcome.Location, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("https://app.test/callback", outcome.Location, StringComparison.Ordinal);
            Assert.Equal(clientError, BrowserDriver.Query(outcome.Location!)["error"]);
        }
    }

    [Fact]
    public async Task Expired_challenges_are_unauthorized_as_in_hydra_answered_or_not()
    {
        await using var test = await StartAsync();
        var browser = new BrowserDriver(test);
        var flows = test.Runtime.Protocol.Flows;
        var start = await browser.AuthorizeAsync(AuthorizeParameters());
        var challenge = BrowserDriver.Query(start.Location!)["login_challenge"];
        var answered = await browser.AuthorizeAsync(AuthorizeParameters());
        var answeredChallenge = BrowserDriver.Query(answered.Location!)["login_challenge"];
        Assert.Equal(200, (await flows.AcceptLoginAsync(answeredChallenge, new JsonObject { ["subject"] = "alice" }, CancellationToken.None)).Status);
        test.Time.Advance(TimeSpan.FromMinutes(31));

        // 410 means "used, go to redirect_to" to a login app; an expired request has nowhere to go.
        foreach (var result in new[]
        {
            await flows.GetLoginAsync(challenge, CancellationToken.None),
            await flows.AcceptLoginAsync(challenge, new JsonObject { ["subject"] = "alice" }, CancellationToken.None),
            await flows.GetLoginAsync(answeredChallenge, CancellationToken.None),
            await flows.RejectLoginAsync(answeredChallenge, [], CancellationToken.None),
        })
        {
            Assert.Equal(401, result.Status);
            Assert.Equal("request_unauthorized", result.Body["error"]!.GetValue<string>());
            Assert.Equal("The request could not be authorized. The login request has expired, please try again.", result.Body["error_description"]!.GetValue<string>());
            Assert.Null(result.Body["redirect_to"]);
        }
    }

    [Fact]
    public async Task An_id_token_hint_for_another_user_forces_a_fresh_login_and_a_forged_one_is_refused()
    {
        await using var test = await StartAsync();
        var browser = new BrowserDriver(test);
        var (location, _) = await RunAsync(test, browser, remember: true);
        var (tokens, _) = await ExchangeAsync(test, BrowserDriver.Query(location)["code"]);

        var same = await browser.AuthorizeAsync(AuthorizeParameters(("id_token_hint", tokens!.IdToken!)));
        Assert.True((await test.Runtime.Protocol.Flows.GetLoginAsync(BrowserDriver.Query(same.Location!)["login_challenge"], CancellationToken.None)).Body["skip"]!.GetValue<bool>());

        var parts = tokens.IdToken!.Split('.');
        var forged = await browser.AuthorizeAsync(AuthorizeParameters(("id_token_hint", parts[0] + "." + parts[1] + ".AAAA")));
        Assert.Equal("invalid_request", BrowserDriver.Query(forged.Location!)["error"]);
    }
}
