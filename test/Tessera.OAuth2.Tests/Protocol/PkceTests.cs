using Microsoft.AspNetCore.WebUtilities;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Tests.Flows;
using Tessera.OAuth2.Tests.Http;

namespace Tessera.OAuth2.Tests.Protocol;

/// <summary>PKCE with S256 only (RFC 9700 §2.1.1), as Hydra: plain and a challenge without a method are refused, through the real endpoints.</summary>
public sealed class PkceTests
{
    private static Dictionary<string, string> Authorize(string? method, string challenge)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = "web",
            ["response_type"] = "code",
            ["redirect_uri"] = "https://app.test/callback",
            ["scope"] = "openid",
            ["state"] = "state-0123456789",
            ["code_challenge"] = challenge,
        };
        if (method is not null)
        {
            parameters["code_challenge_method"] = method;
        }

        return parameters;
    }

    [Theory]
    [InlineData("plain", "Clients must use code_challenge_method=S256, plain is not allowed.")]
    [InlineData(null, "Clients must use code_challenge_method=S256, plain is not allowed.")]
    [InlineData("S512", "The code_challenge_method is not supported, use S256 instead.")]
    public async Task Anything_but_S256_is_invalid_request_at_the_client_redirect_uri(string? method, string description)
    {
        await using var server = await OAuth2HttpServer.StartAsync(await AuthorizeFlowTests.StartAsync());

        // A verifier used as its own challenge: what plain would compare.
        var location = await new HttpBrowser(server).GetLocationAsync(QueryHelpers.AddQueryString(server.PublicUrl + "/oauth2/auth",
            Authorize(method, HttpBrowser.Verifier).ToDictionary(p => p.Key, p => (string?)p.Value)));

        Assert.NotNull(location);
        Assert.StartsWith("https://app.test/callback?", location, StringComparison.Ordinal);
        var response = BrowserDriver.Query(location);
        Assert.Equal("invalid_request", response["error"]);
        Assert.Equal(description, response["error_description"]);
        Assert.Equal("state-0123456789", response["state"]);
    }

    [Fact]
    public async Task S256_goes_through_and_discovery_advertises_only_S256()
    {
        await using var server = await OAuth2HttpServer.StartAsync(await AuthorizeFlowTests.StartAsync());

        var tokens = await new HttpBrowser(server).SignInAsync("alice", "openid offline_access", ["openid", "offline_access"]);
        Assert.StartsWith("ory_at_", tokens["access_token"]!.GetValue<string>(), StringComparison.Ordinal);

        using var discovery = await server.GetAsync(server.PublicUrl + "/.well-known/openid-configuration");
        var methods = (await OAuth2HttpServer.JsonAsync(discovery))["code_challenge_methods_supported"]!.AsArray();
        Assert.Equal(["S256"], methods.Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public void A_code_stored_with_plain_is_refused_at_the_token_endpoint()
    {
        // Codes issued before plain was refused carry it; fosite checks the stored method again at exchange.
        var error = Pkce.CheckVerifier(HttpBrowser.Verifier, "plain", HttpBrowser.Verifier);
        Assert.Equal("invalid_request", error!.Error);
        Assert.Null(Pkce.CheckVerifier(HttpBrowser.Challenge, "S256", HttpBrowser.Verifier));
        Assert.Equal("invalid_grant", Pkce.CheckVerifier(HttpBrowser.Challenge, "S256", new string('x', 43))!.Error);
    }
}
