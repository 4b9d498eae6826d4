using System.Net;
using System.Text;
using Tessera.Proxy.Tests.Http;
using static Tessera.Proxy.Tests.Pipeline.NetworkRules;

namespace Tessera.Proxy.Tests.Pipeline.Authenticators;

/// <summary>oauth2_client_credentials through /decisions against a loopback token endpoint.</summary>
public sealed class OAuth2ClientCredentialsAuthenticatorTests
{
    private static Task<ProxyHttpServer> StartAsync(string globalConfig)
        => ProxyHttpServer.StartAsync(Config("""[{"handler":"oauth2_client_credentials"}]""", """{"handler":"allow"}""", "[" + HeaderMutator + "]", null,
            ("authenticators.oauth2_client_credentials.enabled", "true"), ("authenticators.oauth2_client_credentials.config", globalConfig)));

    private static (string, string) Basic(string user, string password) => ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    [Fact]
    public async Task Basic_credentials_that_get_a_token_authenticate_the_client_id()
    {
        await using var tokens = await ScriptedRemote.StartAsync();
        tokens.Answer = (_, _) => new(200, """{"access_token":"at","token_type":"bearer","expires_in":60}""");
        await using var server = await StartAsync($$$"""{"token_url":"{{{tokens.Url}}}/oauth2/token","required_scope":["a","b"]}""");

        var (status, response, _) = await DecideAsync(server, "GET", "/x", Basic("my%20client", "s:c+ret"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("my client", Header(response, "X-User")); // each part is form-unescaped, as Oathkeeper does
        Assert.True(tokens.Requests.TryDequeue(out var seen));
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/oauth2/token", seen.Target);
        Assert.Equal("client_credentials", seen.Form["grant_type"]);
        Assert.Equal("a b", seen.Form["scope"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("my+client:s%3Ac+ret")), seen.Headers["Authorization"]);

        // No Basic credentials: not responsible (no authenticator is: 401), no call.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer x"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/x", ("Authorization", "Basic !!!"))).Status);
        Assert.Empty(tokens.Requests);

        // A malformed escape in the id: 401 without a call.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/x", Basic("bad%zz", "s"))).Status);
        Assert.Empty(tokens.Requests);

        // An answer without a token: the token endpoint is taken as not available.
        tokens.Answer = (_, _) => new(200, """{"token_type":"bearer"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await DecideAsync(server, "GET", "/x", Basic("c", "s"))).Status);
    }

    [Theory]
    [InlineData(401, 401, "Access credentials are invalid")]
    [InlineData(400, 401, "Access credentials are invalid")]
    [InlineData(404, 404, "Upstream service not found")]
    [InlineData(429, 429, "Too many requests")]
    [InlineData(500, 500, "The upstream service encountered an unexpected error")]
    [InlineData(503, 503, "The upstream service is not available")]
    [InlineData(504, 504, "The upstream service is timing out")]
    public async Task Token_endpoint_refusals_map_as_in_oathkeeper(int answered, int expected, string message)
    {
        await using var tokens = await ScriptedRemote.StartAsync();
        tokens.Answer = (_, _) => new(answered, """{"error":"invalid_client"}""", Headers: new() { ["Retry-After"] = "3" });
        await using var server = await StartAsync($$$"""{"token_url":"{{{tokens.Url}}}","retry":{"give_up_after":"200ms","max_delay":"50ms"}}""");

        var (status, response, body) = await DecideAsync(server, "GET", "/x", Basic("c", "s"));
        Assert.Equal(expected, (int)status);
        Assert.StartsWith(message + " |", ErrorText(body), StringComparison.Ordinal);
        Assert.Equal(expected == 429 ? "3" : null, Header(response, "Retry-After"));
    }

    [Fact]
    public async Task A_failed_first_call_is_retried_and_a_token_endpoint_that_is_down_is_503()
    {
        await using var tokens = await ScriptedRemote.StartAsync();
        tokens.Answer = (_, n) => n == 0 ? new(502, "") : new(200, """{"access_token":"at"}""");
        await using var server = await StartAsync($$$"""{"token_url":"{{{tokens.Url}}}","retry":{"give_up_after":"5s","max_delay":"100ms"}}""");
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", Basic("c", "s"))).Status);
        Assert.Equal(2, tokens.Requests.Count);

        await using var down = await StartAsync($$$"""{"token_url":"{{{ScriptedRemote.DownUrl()}}}","retry":{"give_up_after":"300ms","max_delay":"50ms"}}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await DecideAsync(down, "GET", "/x", Basic("c", "s"))).Status);
    }

    [Fact]
    public async Task The_cache_keeps_a_granted_exchange_per_credentials()
    {
        await using var tokens = await ScriptedRemote.StartAsync();
        tokens.Answer = (seen, _) => seen.Headers["Authorization"].EndsWith(Convert.ToBase64String(Encoding.UTF8.GetBytes("c:wrong")), StringComparison.Ordinal)
            ? new(401, """{"error":"invalid_client"}""")
            : new(200, """{"access_token":"at","expires_in":3600}""");
        await using var server = await StartAsync($$$"""{"token_url":"{{{tokens.Url}}}","cache":{"enabled":true,"ttl":"1h","max_tokens":10}}""");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", Basic("c", "s"))).Status);
        }

        Assert.Single(tokens.Requests);

        // Another secret for the same id is another key: it is checked, and a refusal is not kept.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/x", Basic("c", "wrong"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/x", Basic("c", "wrong"))).Status);
        Assert.Equal(3, tokens.Requests.Count);
    }

    [Theory]
    [InlineData("{}", "authenticators.oauth2_client_credentials.config.token_url is required")]
    [InlineData("""{"token_url":"http://t.test","cache":{"max_cost":5}}""", "authenticators.oauth2_client_credentials.config.cache.max_cost is not a known setting")]
    [InlineData("""{"token_url":"http://t.test","retry":{"max_delay":"1x"}}""", "authenticators.oauth2_client_credentials.config.retry.max_delay")]
    public async Task A_wrong_setting_refuses_to_start_naming_the_key(string config, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", """{"handler":"allow"}""", "[]", null,
            ("authenticators.oauth2_client_credentials.enabled", "true"), ("authenticators.oauth2_client_credentials.config", config))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
