using System.Net;
using Tessera.Proxy.Tests.Http;

namespace Tessera.Proxy.Tests.Pipeline.Authenticators;

/// <summary>cookie_session and bearer_token through /decisions against a loopback session store.</summary>
public sealed class SessionStoreAuthenticatorTests
{
    private const string Mutator = """[{"handler":"header","config":{"headers":{"X-User":"{{ print .Subject }}","X-Role":"{{ print .Extra.role }}"}}}]""";

    internal static Dictionary<string, string> Config(string authenticators, params (string Key, string Value)[] extra)
    {
        var rule = $$"""[{"id":"app","match":{"url":"http://app.test/<.*>","methods":["GET","POST","PUT"]},"authenticators":{{authenticators}},"authorizer":{"handler":"allow"},"mutators":{{Mutator}}}]""";
        var config = ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(rule));
        config["authorizers.allow.enabled"] = "true";
        config["mutators.header.enabled"] = "true";
        config["mutators.header.config"] = """{"headers":{}}""";
        foreach (var (key, value) in extra)
        {
            config[key] = value;
        }

        return config;
    }

    internal static async Task<(HttpStatusCode Status, HttpResponseMessage Response)> DecideAsync(ProxyHttpServer server, string method, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.ApiUrl + "/decisions" + pathAndQuery);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Method", method);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "http");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "app.test");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await server.Http.SendAsync(request);
        return (response.StatusCode, response);
    }

    internal static string? Header(HttpResponseMessage response, string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task Cookie_session_replays_the_request_to_the_session_store_and_reads_subject_and_extra()
    {
        await using var store = await FakeRemote.StartAsync();
        store.Answer = _ => (200, """{"subject":"alice","extra":{"role":"admin"}}""");
        var global = $$"""{"check_session_url":"{{store.Url}}/sessions/whoami?from=check","only":["sid"],"preserve_host":true,"additional_headers":{"X-Extra":"1"},"forward_http_headers":["X-Trace"]}""";
        await using var server = await ProxyHttpServer.StartAsync(Config("""[{"handler":"cookie_session"}]""",
            ("authenticators.cookie_session.enabled", "true"), ("authenticators.cookie_session.config", global)));

        // No cookie, or not one of `only`: not responsible, so no authenticator is and the answer is 401 without a call.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/users/42")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/users/42", ("Cookie", "other=1"))).Status);
        Assert.Empty(store.Requests);

        var (status, response) = await DecideAsync(server, "PUT", "/users/42?q=1", ("Cookie", "sid=abc; other=1"), ("Authorization", "Bearer x"), ("X-Trace", "t1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", Header(response, "X-User"));
        Assert.Equal("admin", Header(response, "X-Role"));
        Assert.True(store.Requests.TryDequeue(out var seen));
        Assert.Equal("PUT", seen.Method);
        Assert.Equal("/users/42?from=check", seen.Target); // the request's path, the check URL's query (preserve_query defaults to true)
        Assert.Equal("sid=abc; other=1", seen.Headers["Cookie"]);
        Assert.Equal("t1", seen.Headers["X-Trace"]);
        Assert.Equal("1", seen.Headers["X-Extra"]);
        Assert.Equal("app.test", seen.Headers["X-Forwarded-Host"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"));

        // The store says no: 401. An answer whose subject is not a string: 403, as Oathkeeper's unmarshalling fails.
        store.Answer = _ => (401, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/x", ("Cookie", "sid=abc"))).Status);
        store.Answer = _ => (200, """{"subject":42}""");
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(server, "GET", "/x", ("Cookie", "sid=abc"))).Status);
        store.Answer = _ => (429, "{}");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await DecideAsync(server, "GET", "/x", ("Cookie", "sid=abc"))).Status);
    }

    [Fact]
    public async Task Cookie_session_reads_gjson_paths_from_a_kratos_session()
    {
        await using var store = await FakeRemote.StartAsync();
        store.Answer = _ => (200, """{"id":"s1","identity":{"id":"i-1","traits":{"e.mail":"a@b.test"}},"role":"viewer","roles":["r0","r1"]}""");
        var rule = $$$"""[{"handler":"cookie_session","config":{"check_session_url":"{{{store.Url}}}/sessions/whoami","preserve_path":true,"subject_from":"identity.id","extra_from":"@this"}}]""";
        await using var server = await ProxyHttpServer.StartAsync(Config(rule, ("authenticators.cookie_session.enabled", "true"),
            ("authenticators.cookie_session.config", $$"""{"check_session_url":"{{store.Url}}"}""")));

        var (status, response) = await DecideAsync(server, "GET", "/any/path", ("Cookie", "ory_kratos_session=abc"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("i-1", Header(response, "X-User"));
        Assert.Equal("viewer", Header(response, "X-Role"));
        Assert.True(store.Requests.TryDequeue(out var seen));
        Assert.Equal("/sessions/whoami", seen.Target);
        Assert.Equal("GET", seen.Method);
    }

    [Fact]
    public async Task Bearer_token_reads_the_token_where_token_from_says_and_forwards_authorization()
    {
        await using var store = await FakeRemote.StartAsync();
        store.Answer = _ => (200, """{"sub":"bob","extra":{"role":"editor"}}""");
        var global = $$"""{"check_session_url":"{{store.Url}}/check?a=b","force_method":"POST","preserve_path":true,"preserve_query":false}""";
        await using var server = await ProxyHttpServer.StartAsync(Config(
            """[{"handler":"bearer_token","config":{"token_from":{"query_parameter":"token"},"prefix":"ory_"}},{"handler":"bearer_token"}]""",
            ("authenticators.bearer_token.enabled", "true"), ("authenticators.bearer_token.config", global)));

        // The first authenticator takes ?token=ory_…; the second the Authorization bearer token.
        var (status, response) = await DecideAsync(server, "GET", "/docs?token=ory_t1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bob", Header(response, "X-User"));
        Assert.Equal("editor", Header(response, "X-Role"));
        Assert.True(store.Requests.TryDequeue(out var seen));
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/check?token=ory_t1", seen.Target); // preserve_path keeps /check; preserve_query false takes the request's query

        // A query token without the prefix is not the first one's: the second sees no Authorization either → 401, no call.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/docs?token=xyz")).Status);
        Assert.Empty(store.Requests);

        (status, _) = await DecideAsync(server, "GET", "/docs", ("Authorization", "bearer t2"), ("Cookie", "c=1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(store.Requests.TryDequeue(out seen));
        Assert.Equal("bearer t2", seen.Headers["Authorization"]);
        Assert.False(seen.Headers.ContainsKey("Cookie"));

        store.Answer = _ => (404, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/docs", ("Authorization", "Bearer t3"))).Status);
    }

    [Fact]
    public async Task The_cache_answers_repeated_credentials_and_never_outlives_the_sessions_expires_at()
    {
        await using var store = await FakeRemote.StartAsync();
        var expires = "2999-01-01T00:00:00Z";
        store.Answer = _ => (200, $$"""{"sub":"carol","expires_at":"{{expires}}"}""");
        var global = $$$"""{"check_session_url":"{{{store.Url}}}","cache":{"enabled":true,"ttl":"1h","max_cost":100}}""";
        await using var server = await ProxyHttpServer.StartAsync(Config("""[{"handler":"bearer_token"}]""",
            ("authenticators.bearer_token.enabled", "true"), ("authenticators.bearer_token.config", global)));

        for (var i = 0; i < 3; i++)
        {
            var (status, response) = await DecideAsync(server, "GET", "/a", ("Authorization", "Bearer one"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("carol", Header(response, "X-User"));
        }

        Assert.Single(store.Requests);
        await DecideAsync(server, "GET", "/a", ("Authorization", "Bearer two"));
        await DecideAsync(server, "GET", "/b", ("Authorization", "Bearer one")); // the path is forwarded, so it is part of the key
        Assert.Equal(3, store.Requests.Count);

        // A session that has already expired is never cached; a refusal is never cached.
        expires = "2000-01-01T00:00:00Z";
        await DecideAsync(server, "GET", "/c", ("Authorization", "Bearer three"));
        await DecideAsync(server, "GET", "/c", ("Authorization", "Bearer three"));
        Assert.Equal(5, store.Requests.Count);
        store.Answer = _ => (401, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/d", ("Authorization", "Bearer four"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(server, "GET", "/d", ("Authorization", "Bearer four"))).Status);
        Assert.Equal(7, store.Requests.Count);
    }

    [Theory]
    [InlineData("cookie_session", "{}", "authenticators.cookie_session.config.check_session_url is required")]
    [InlineData("bearer_token", """{"check_session_url":"not a url"}""", "authenticators.bearer_token.config.check_session_url \"not a url\" is not an absolute")]
    [InlineData("bearer_token", """{"check_session_url":"http://x.test","subject_from":"a.*"}""", "authenticators.bearer_token.config.subject_from uses GJSON syntax")]
    [InlineData("bearer_token", """{"check_session_url":"http://x.test","token_from":{"header":"A","cookie":"b"}}""", "authenticators.bearer_token.config.token_from must name exactly one")]
    [InlineData("cookie_session", """{"check_session_url":"http://x.test","cache":{"ttl":"soon"}}""", "authenticators.cookie_session.config.cache.ttl")]
    public async Task A_missing_or_wrong_setting_refuses_to_start_naming_the_key(string name, string config, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", ($"authenticators.{name}.enabled", "true"), ($"authenticators.{name}.config", config))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
