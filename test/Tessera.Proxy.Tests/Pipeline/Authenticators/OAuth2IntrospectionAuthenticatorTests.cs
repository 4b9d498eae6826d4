using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Proxy.Tests.Http;
using static Tessera.Proxy.Tests.Pipeline.NetworkRules;

namespace Tessera.Proxy.Tests.Pipeline.Authenticators;

/// <summary>oauth2_introspection through /decisions against a loopback introspection endpoint (and token endpoint for pre_authorization).</summary>
public sealed class OAuth2IntrospectionAuthenticatorTests
{
    private static readonly long Later = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

    private static Task<ProxyHttpServer> StartAsync(string globalConfig, string ruleConfig = "{}")
        => ProxyHttpServer.StartAsync(Config($$$"""[{"handler":"oauth2_introspection","config":{{{ruleConfig}}}}]""", """{"handler":"allow"}""", "[" + HeaderMutator + "]", null,
            ("authenticators.oauth2_introspection.enabled", "true"), ("authenticators.oauth2_introspection.config", globalConfig)));

    private static string Active(string scope = "read write", string extra = "")
        => $$$"""{"active":true,"sub":"alice","username":"al","client_id":"app1","scope":"{{{scope}}}","aud":["api","other"],"iss":"https://issuer.test","exp":{{{Later}}},"ext":{"role":"admin"}{{{extra}}}}""";

    [Fact]
    public async Task An_active_token_authenticates_sub_with_oathkeepers_extra()
    {
        await using var remote = await ScriptedRemote.StartAsync();
        remote.Answer = (_, _) => new(200, Active());
        await using var server = await StartAsync($$$"""
            {"introspection_url":"{{{remote.Url}}}/introspect","scope_strategy":"exact","required_scope":["read"],"target_audience":["api"],
             "trusted_issuers":["https://issuer.test"],"preserve_host":true,"introspection_request_headers":{"X-Api-Key":"k1","Content-Type":"text/plain"}}
            """);

        var (status, response, _) = await DecideAsync(server, "GET", "/users", ("Authorization", "Bearer tok-1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", Header(response, "X-User"));
        var extra = JsonNode.Parse(Header(response, "X-Extra")!)!;
        Assert.Equal("admin", (string?)extra["role"]);
        Assert.Equal("al", (string?)extra["username"]);
        Assert.Equal("app1", (string?)extra["client_id"]);
        Assert.Equal("read write", (string?)extra["scope"]);
        Assert.Equal("""["api","other"]""", extra["aud"]!.ToJsonString());

        Assert.True(remote.Requests.TryDequeue(out var seen));
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/introspect", seen.Target);
        Assert.StartsWith("application/x-www-form-urlencoded", seen.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("tok-1", seen.Form["token"]);
        Assert.False(seen.Form.ContainsKey("scope")); // a strategy is set: we check the scopes, the server is not asked to
        Assert.Equal("k1", seen.Headers["X-Api-Key"]);
        Assert.Equal("app.test", seen.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task Without_a_token_or_its_prefix_it_is_not_responsible_and_calls_nothing()
    {
        await using var remote = await ScriptedRemote.StartAsync();
        await using var server = await ProxyHttpServer.StartAsync(Config(
            """[{"handler":"oauth2_introspection","config":{"prefix":"at_"}},{"handler":"anonymous"}]""", """{"handler":"allow"}""", "[" + HeaderMutator + "]", null,
            ("authenticators.oauth2_introspection.enabled", "true"), ("authenticators.oauth2_introspection.config", $$$"""{"introspection_url":"{{{remote.Url}}}"}""")));

        var (status, response, _) = await DecideAsync(server, "GET", "/x");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("anonymous", Header(response, "X-User"));
        (status, _, _) = await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer other"));
        Assert.Equal(HttpStatusCode.Unauthorized, status); // not responsible, and anonymous is not responsible with an Authorization header
        Assert.Empty(remote.Requests);
    }

    [Theory]
    [InlineData("""{"active":false}""", 401, "Access token is not active")]
    [InlineData("""{"active":true,"sub":"a","exp":1000}""", 401, "Access token expired")]
    [InlineData("""{"active":true,"sub":"a","token_use":"refresh_token"}""", 403, "Use of introspected token is not an access token but \"refresh_token\"")]
    [InlineData("""{"active":true,"sub":"a","scope":"read","aud":"api","iss":"https://issuer.test"}""", 403, "Scope write was not granted")]
    [InlineData("""{"active":true,"sub":"a","scope":"read write","aud":"web","iss":"https://issuer.test"}""", 403, "Token audience is not intended for target audience api")]
    [InlineData("""{"active":true,"sub":"a","scope":"read write","aud":"api","iss":"https://evil.test"}""", 403, "Token issuer does not match any trusted issuer")]
    [InlineData("""{"active":"yes"}""", 500, "json: cannot unmarshal")]
    public async Task Refusals_are_oathkeepers_status_and_reason(string answer, int expectedStatus, string reason)
    {
        await using var remote = await ScriptedRemote.StartAsync();
        remote.Answer = (_, _) => new(200, answer);
        await using var server = await StartAsync($$$"""
            {"introspection_url":"{{{remote.Url}}}","scope_strategy":"wildcard","required_scope":["read","write"],"target_audience":["api"],"trusted_issuers":["https://issuer.test"]}
            """);

        var (status, _, body) = await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"));
        Assert.True(expectedStatus == (int)status, body);
        Assert.Contains(reason, ErrorText(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_strategy_none_asks_the_server_to_check_the_scopes_and_a_non_200_answer_is_an_error()
    {
        await using var remote = await ScriptedRemote.StartAsync();
        remote.Answer = (_, _) => new(200, Active(scope: "nothing"));
        await using var server = await StartAsync($$$"""{"introspection_url":"{{{remote.Url}}}","required_scope":["a","b"],"cache":{"enabled":true,"ttl":"1h"}}""");

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"))).Status);
        Assert.True(remote.Requests.TryDequeue(out var seen));
        Assert.Equal("a b", seen.Form["scope"]);

        // The server checked the scopes for that call only, so nothing was cached (Oathkeeper's rule).
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"))).Status);
        Assert.Single(remote.Requests);

        remote.Answer = (_, _) => new(404, "{}");
        var (status, _, body) = await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"));
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("Introspection returned status code 404 but expected 200", ErrorText(body), StringComparison.Ordinal);

        remote.Answer = (_, _) => new(429, "{}", Headers: new() { ["Retry-After"] = "7" });
        (status, var response, _) = await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("7", Header(response, "Retry-After"));
    }

    [Fact]
    public async Task A_failed_first_call_is_retried()
    {
        await using var remote = await ScriptedRemote.StartAsync();
        remote.Answer = (_, n) => n == 0 ? new(503, "{}") : new(200, Active());
        await using var server = await StartAsync($$$"""{"introspection_url":"{{{remote.Url}}}","retry":{"give_up_after":"5s","max_delay":"100ms"}}""");

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"))).Status);
        Assert.Equal(2, remote.Requests.Count);
    }

    [Fact]
    public async Task A_remote_that_is_down_is_an_error_once_retries_give_up()
    {
        await using var server = await StartAsync($$$"""{"introspection_url":"{{{ScriptedRemote.DownUrl()}}}","retry":{"give_up_after":"300ms","max_delay":"50ms"}}""");

        var (status, _, body) = await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer t"));
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("The fetch of rule \"app\": authenticators[0].config.introspection_url failed. | ", ErrorText(body));
    }

    [Fact]
    public async Task The_cache_answers_a_token_again_and_never_past_its_exp()
    {
        await using var remote = await ScriptedRemote.StartAsync();
        var exp = Later;
        remote.Answer = (_, _) => new(200, $$$"""{"active":true,"sub":"alice","scope":"read","exp":{{{exp}}}}""");
        await using var server = await StartAsync($$$"""{"introspection_url":"{{{remote.Url}}}","scope_strategy":"exact","required_scope":["read"],"cache":{"enabled":true,"ttl":"1h","max_cost":10}}""");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x" + i, ("Authorization", "Bearer one"))).Status);
        }

        Assert.Single(remote.Requests);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer two"))).Status);
        Assert.Equal(2, remote.Requests.Count);

        // A token expiring in two seconds is kept only until then, though the ttl is an hour.
        exp = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer three"))).Status);
        Assert.Equal(3, remote.Requests.Count);
        await Task.Delay(TimeSpan.FromSeconds(3));
        exp = Later;
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer three"))).Status);
        Assert.Equal(4, remote.Requests.Count);

        // A refusal is not kept.
        remote.Answer = (_, _) => new(200, """{"active":false}""");
        await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer four"));
        await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer four"));
        Assert.Equal(6, remote.Requests.Count);
    }

    [Fact]
    public async Task Pre_authorization_gets_a_client_credentials_token_once_and_sends_it_as_bearer()
    {
        await using var tokens = await ScriptedRemote.StartAsync();
        tokens.Answer = (_, _) => new(200, """{"access_token":"pre-token","token_type":"bearer","expires_in":3600}""");
        await using var remote = await ScriptedRemote.StartAsync();
        remote.Answer = (_, _) => new(200, Active());
        await using var server = await StartAsync($$$"""
            {"introspection_url":"{{{remote.Url}}}","introspection_request_headers":{"Authorization":"Basic overridden"},
             "pre_authorization":{"enabled":true,"client_id":"my client","client_secret":"s:cret","token_url":"{{{tokens.Url}}}/oauth2/token","scope":["introspect","x"],"audience":"aud-1"}}
            """);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer user-token"))).Status);
        }

        Assert.True(tokens.Requests.TryDequeue(out var grant));
        Assert.Empty(tokens.Requests);
        Assert.Equal("client_credentials", grant.Form["grant_type"]);
        Assert.Equal("introspect x", grant.Form["scope"]);
        Assert.Equal("aud-1", grant.Form["audience"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("my+client:s%3Acret")), grant.Headers["Authorization"]);
        Assert.All(remote.Requests, seen => Assert.Equal("Bearer pre-token", seen.Headers["Authorization"]));
        Assert.Equal(2, remote.Requests.Count);

        // A token endpoint that refuses: an error, and the introspection endpoint is not called.
        await using var refusing = await StartAsync($$$"""
            {"introspection_url":"{{{remote.Url}}}","pre_authorization":{"enabled":true,"client_id":"c","client_secret":"s","token_url":"{{{tokens.Url}}}"}}
            """);
        tokens.Answer = (_, _) => new(401, """{"error":"invalid_client"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, (await DecideAsync(refusing, "GET", "/x", ("Authorization", "Bearer user-token"))).Status);
        Assert.Equal(2, remote.Requests.Count);
    }

    [Theory]
    [InlineData("{}", "authenticators.oauth2_introspection.config.introspection_url is required")]
    [InlineData("""{"introspection_url":"http://x.test","scope_strategy":"fuzzy"}""", "authenticators.oauth2_introspection.config.scope_strategy \"fuzzy\" is not one of")]
    [InlineData("""{"introspection_url":"http://x.test","pre_authorization":{"enabled":true,"client_secret":"s","token_url":"http://t.test"}}""",
        "authenticators.oauth2_introspection.config.pre_authorization.client_id is required")]
    [InlineData("""{"introspection_url":"http://x.test","retry":{"give_up_after":"later"}}""", "authenticators.oauth2_introspection.config.retry.give_up_after")]
    [InlineData("""{"introspection_url":"http://x.test","cache":{"max_cost":0}}""", "authenticators.oauth2_introspection.config.cache.max_cost must be at least 1")]
    public async Task A_wrong_setting_refuses_to_start_naming_the_key(string config, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", """{"handler":"allow"}""", "[]", null,
            ("authenticators.oauth2_introspection.enabled", "true"), ("authenticators.oauth2_introspection.config", config))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
