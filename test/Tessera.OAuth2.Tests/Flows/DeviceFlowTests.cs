using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Tests.Flows;

public sealed class DeviceFlowTests
{
    private static readonly ClientCredentials Tv = new(FormId: "tv");

    private static async Task<OAuth2TestRuntime> StartAsync()
    {
        var test = await OAuth2TestRuntime.StartAsync(new Dictionary<string, string> { ["urls.device.verification"] = "https://login.test/device" });
        await test.AddClientAsync("tv", null, new JsonObject
        {
            ["grant_types"] = new JsonArray(GrantTypes.DeviceCode, "refresh_token"),
            ["scope"] = "openid offline_access",
            ["token_endpoint_auth_method"] = "none",
        });
        return test;
    }

    private static Task<(TokenResponse? Response, OAuth2Error? Error)> PollAsync(OAuth2TestRuntime test, string deviceCode)
        => test.Runtime.Protocol.Token.HandleAsync(new TokenRequest(new Dictionary<string, string> { ["grant_type"] = GrantTypes.DeviceCode, ["device_code"] = deviceCode }, Tv), CancellationToken.None);

    [Fact]
    public async Task The_device_polls_until_the_user_enters_the_code_logs_in_and_consents()
    {
        await using var test = await StartAsync();
        var protocol = test.Runtime.Protocol;
        var (authorization, error) = await protocol.Devices.AuthorizeDeviceAsync(new TokenRequest(new Dictionary<string, string> { ["scope"] = "openid offline_access" }, Tv), CancellationToken.None);
        Assert.Null(error);
        var deviceCode = authorization!["device_code"]!.GetValue<string>();
        var userCode = authorization["user_code"]!.GetValue<string>();
        Assert.Equal(8, userCode.Length);
        Assert.Equal("https://issuer.test/oauth2/device/verify", authorization["verification_uri"]!.GetValue<string>());
        Assert.Equal("authorization_pending", (await PollAsync(test, deviceCode)).Error!.Error);

        var browser = new BrowserDriver(test);
        var verify = await protocol.Devices.VerifyAsync(new Dictionary<string, string> { ["user_code"] = userCode }, name => browser.Cookies.GetValueOrDefault(name), CancellationToken.None);
        foreach (var cookie in verify.Cookies)
        {
            browser.Cookies[cookie.Name] = cookie.Value!;
        }

        Assert.StartsWith("https://login.test/device?device_challenge=", verify.Location, StringComparison.Ordinal);
        var challenge = BrowserDriver.Query(verify.Location!)["device_challenge"];
        Assert.Equal(400, (await protocol.Devices.AcceptAsync(challenge, new JsonObject { ["user_code"] = "BCDFBCDF" }, CancellationToken.None)).Status);
        var accepted = await protocol.Devices.AcceptAsync(challenge, new JsonObject { ["user_code"] = userCode.ToLowerInvariant() }, CancellationToken.None);
        Assert.Equal(200, accepted.Status);

        var toLogin = await protocol.Devices.VerifyAsync(BrowserDriver.Query(BrowserDriver.RedirectTo(accepted.Body)), name => browser.Cookies.GetValueOrDefault(name), CancellationToken.None);
        foreach (var cookie in toLogin.Cookies.Where(c => c.Value is not null))
        {
            browser.Cookies[cookie.Name] = cookie.Value!;
        }

        var loginChallenge = BrowserDriver.Query(toLogin.Location!)["login_challenge"];
        var login = await protocol.Flows.AcceptLoginAsync(loginChallenge, new JsonObject { ["subject"] = "carol" }, CancellationToken.None);
        var toConsent = await Follow(protocol, browser, BrowserDriver.RedirectTo(login.Body));
        var consent = await protocol.Flows.AcceptConsentAsync(BrowserDriver.Query(toConsent.Location!)["consent_challenge"],
            new JsonObject { ["grant_scope"] = new JsonArray("openid", "offline_access") }, CancellationToken.None);
        var done = await Follow(protocol, browser, BrowserDriver.RedirectTo(consent.Body));
        Assert.Equal("https://issuer.test/oauth2/fallbacks/device/done", done.Location);

        test.Time.Advance(TimeSpan.FromSeconds(5)); // the polling interval
        var (tokens, pollError) = await PollAsync(test, deviceCode);
        Assert.Null(pollError);
        Assert.NotNull(tokens!.RefreshToken);
        Assert.NotNull(tokens.IdToken);
        Assert.Equal("carol", (await protocol.Introspection.IntrospectAsync(tokens.AccessToken, [], CancellationToken.None))!.Token.Session.Subject);
        Assert.Equal("invalid_grant", (await PollAsync(test, deviceCode)).Error!.Error);
    }

    [Fact]
    public async Task Polling_sooner_than_the_interval_after_the_last_poll_gets_slow_down()
    {
        await using var test = await StartAsync();
        var (authorization, _) = await test.Runtime.Protocol.Devices.AuthorizeDeviceAsync(new TokenRequest(new Dictionary<string, string>(), Tv), CancellationToken.None);
        var deviceCode = authorization!["device_code"]!.GetValue<string>();
        Assert.Equal(5L, authorization["interval"]!.GetValue<long>());

        Assert.Equal("authorization_pending", (await PollAsync(test, deviceCode)).Error!.Error);
        var tooSoon = (await PollAsync(test, deviceCode)).Error!;
        Assert.Equal(("slow_down", 400), (tooSoon.Error, tooSoon.Status));
        test.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("slow_down", (await PollAsync(test, deviceCode)).Error!.Error); // 4 s after the last poll that counted
        test.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("authorization_pending", (await PollAsync(test, deviceCode)).Error!.Error);
        Assert.Equal("slow_down", (await PollAsync(test, deviceCode)).Error!.Error);
    }

    [Fact]
    public async Task An_expired_device_code_says_so()
    {
        await using var test = await StartAsync();
        var (authorization, _) = await test.Runtime.Protocol.Devices.AuthorizeDeviceAsync(new TokenRequest(new Dictionary<string, string>(), Tv), CancellationToken.None);
        test.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("expired_token", (await PollAsync(test, authorization!["device_code"]!.GetValue<string>())).Error!.Error);
    }

    [Fact]
    public async Task An_expired_device_challenge_is_unauthorized_as_in_hydra()
    {
        await using var test = await StartAsync();
        var protocol = test.Runtime.Protocol;
        var (authorization, _) = await protocol.Devices.AuthorizeDeviceAsync(new TokenRequest(new Dictionary<string, string>(), Tv), CancellationToken.None);
        var verify = await protocol.Devices.VerifyAsync(new Dictionary<string, string> { ["user_code"] = authorization!["user_code"]!.GetValue<string>() }, _ => null, CancellationToken.None);
        test.Time.Advance(TimeSpan.FromMinutes(31));

        var accepted = await protocol.Devices.AcceptAsync(BrowserDriver.Query(verify.Location!)["device_challenge"],
            new JsonObject { ["user_code"] = authorization["user_code"]!.GetValue<string>() }, CancellationToken.None);
        Assert.Equal(401, accepted.Status);
        Assert.Equal("request_unauthorized", accepted.Body["error"]!.GetValue<string>());
        Assert.Equal(404, (await protocol.Devices.AcceptAsync("unknown", new JsonObject { ["user_code"] = "BCDFBCDF" }, CancellationToken.None)).Status);
    }

    private static async Task<AuthorizeOutcome> Follow(OAuth2Protocol protocol, BrowserDriver browser, string url)
    {
        var outcome = await protocol.Devices.VerifyAsync(BrowserDriver.Query(url), name => browser.Cookies.GetValueOrDefault(name), CancellationToken.None);
        foreach (var cookie in outcome.Cookies)
        {
            if (cookie.Value is null)
            {
                browser.Cookies.Remove(cookie.Name);
            }
            else
            {
                browser.Cookies[cookie.Name] = cookie.Value;
            }
        }

        return outcome;
    }
}
