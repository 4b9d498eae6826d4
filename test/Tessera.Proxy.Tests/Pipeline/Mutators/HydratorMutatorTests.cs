using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Proxy.Tests.Http;
using static Tessera.Proxy.Tests.Pipeline.NetworkRules;

namespace Tessera.Proxy.Tests.Pipeline.Mutators;

/// <summary>hydrator through /decisions against a loopback hydration API.</summary>
public sealed class HydratorMutatorTests
{
    private static Task<ProxyHttpServer> StartAsync(string global)
        => ProxyHttpServer.StartAsync(Config("""[{"handler":"anonymous"}]""", """{"handler":"allow"}""",
            """[{"handler":"header","config":{"headers":{"X-Before":"1"}}},{"handler":"hydrator"},""" + HeaderMutator + "]", null,
            ("mutators.hydrator.enabled", "true"), ("mutators.hydrator.config", global)));

    private static string Hydrated(string subject = "anonymous")
        => $$$"""{"subject":"{{{subject}}}","extra":{"role":"admin"},"header":{"X-Hydrated":["yes","ignored"]},"match_context":{}}""";

    [Fact]
    public async Task The_session_is_posted_and_the_answer_replaces_extra_and_headers()
    {
        await using var api = await ScriptedRemote.StartAsync();
        api.Answer = (_, _) => new(200, Hydrated());
        await using var server = await StartAsync("{\"api\":{\"url\":\"" + api.Url + "/hydrate?dropped=1\",\"auth\":{\"basic\":{\"username\":\"u\",\"password\":\"p w\"}}}}");

        var (status, response, _) = await DecideAsync(server, "GET", "/items/9?z=1&a=b%20c", ("X-Trace", "t1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("yes", Header(response, "X-Hydrated"));
        Assert.Null(Header(response, "X-Before")); // the answer's headers replace those set before
        Assert.Equal("""{"role":"admin"}""", Header(response, "X-Extra"));
        Assert.Equal("anonymous", Header(response, "X-User"));

        Assert.True(api.Requests.TryDequeue(out var seen));
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/hydrate?a=b+c&z=1", seen.Target); // the request's query, re-encoded with sorted keys, replaces the URL's
        Assert.Equal("application/json", seen.Headers["Content-Type"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p w")), seen.Headers["Authorization"]);
        Assert.Equal("t1", seen.Headers["X-Trace"]);
        var sent = JsonNode.Parse(seen.Body)!;
        Assert.Equal("anonymous", (string?)sent["subject"]);
        Assert.Null(sent["extra"]);
        Assert.Equal("""{"X-Before":["1"]}""", sent["header"]!.ToJsonString());
        Assert.Equal("GET", (string?)sent["match_context"]!["method"]);
        Assert.Equal("/items/9", (string?)sent["match_context"]!["url"]!["Path"]);
        Assert.Equal("app.test", (string?)sent["match_context"]!["url"]!["Host"]);
        Assert.Equal("z=1&a=b%20c", (string?)sent["match_context"]!["url"]!["RawQuery"]);
        Assert.Equal("t1", (string?)sent["match_context"]!["header"]!["X-Trace"]![0]);
    }

    [Theory]
    [InlineData(200, """{"subject":"mallory"}""", true, "The call to an external API returned an invalid JSON object")]
    [InlineData(200, """{"subject":"anonymous","extra":[1]}""", true, "json: cannot unmarshal extra")]
    [InlineData(401, "{}", true, "Invalid credentials were provided in mutator configuration")]
    [InlineData(401, "{}", false, "No credentials were provided in mutator configuration")]
    [InlineData(404, "{}", false, "The call to an external API returned a non-200 HTTP response")]
    public async Task A_bad_answer_is_an_error_with_oathkeepers_message(int answered, string body, bool withAuth, string message)
    {
        await using var api = await ScriptedRemote.StartAsync();
        api.Answer = (_, _) => new(answered, body);
        var auth = withAuth ? ""","auth":{"basic":{"username":"u","password":"p"}}""" : "";
        await using var server = await StartAsync($$$$"""{"api":{"url":"{{{{api.Url}}}}"{{{{auth}}}}}}""");

        var (status, _, text) = await DecideAsync(server, "GET", "/x");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.StartsWith(message, ErrorText(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_retry_one_attempt_is_made_and_with_retry_a_failed_first_call_is_retried()
    {
        await using var api = await ScriptedRemote.StartAsync();
        api.Answer = (_, n) => n == 0 ? new(503, "") : new(200, Hydrated());
        await using (var once = await StartAsync($$$"""{"api":{"url":"{{{api.Url}}}"}}"""))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await DecideAsync(once, "GET", "/x")).Status);
            Assert.Single(api.Requests);
        }

        api.Answer = (_, n) => n == 1 ? new(503, "") : new(200, Hydrated());
        await using var retrying = await StartAsync("{\"api\":{\"url\":\"" + api.Url + "\",\"retry\":{\"give_up_after\":\"5s\",\"max_delay\":\"100ms\"}}}");
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(retrying, "GET", "/x")).Status);
        Assert.Equal(3, api.Requests.Count);

        await using var down = await StartAsync("{\"api\":{\"url\":\"" + ScriptedRemote.DownUrl() + "\",\"retry\":{\"give_up_after\":\"300ms\",\"max_delay\":\"50ms\"}}}");
        var (status, _, body) = await DecideAsync(down, "GET", "/x");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("The fetch of rule \"app\": mutators[1].config.api.url failed. | ", ErrorText(body));
    }

    [Fact]
    public async Task The_cache_reuses_the_answer_for_the_same_session()
    {
        await using var api = await ScriptedRemote.StartAsync();
        api.Answer = (_, _) => new(200, Hydrated());
        await using var server = await StartAsync($$$"""{"api":{"url":"{{{api.Url}}}"},"cache":{"enabled":true,"ttl":"1h"}}""");

        for (var i = 0; i < 3; i++)
        {
            var (status, response, _) = await DecideAsync(server, "GET", "/same");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("""{"role":"admin"}""", Header(response, "X-Extra"));
        }

        Assert.Single(api.Requests);
        await DecideAsync(server, "GET", "/other"); // another URL is another session (match_context differs)
        Assert.Equal(2, api.Requests.Count);
    }

    [Theory]
    [InlineData("{}", "mutators.hydrator.config.api is required")]
    [InlineData("""{"api":{"url":"ftp://x"}}""", "mutators.hydrator.config.api.url \"ftp://x\" is not an absolute")]
    [InlineData("""{"api":{"url":"http://x.test","auth":{"basic":{"username":"u"}}}}""", "mutators.hydrator.config.api.auth.basic.password is required")]
    [InlineData("""{"api":{"url":"http://x.test"},"cache":{"ttl":"x"}}""", "mutators.hydrator.config.cache.ttl")]
    public async Task A_wrong_setting_refuses_to_start_naming_the_key(string config, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", """{"handler":"allow"}""", "[]", null,
            ("mutators.hydrator.enabled", "true"), ("mutators.hydrator.config", config))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
