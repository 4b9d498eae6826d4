using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Proxy.Tests.Http;
using static Tessera.Proxy.Tests.Pipeline.NetworkRules;

namespace Tessera.Proxy.Tests.Pipeline.Authorizers;

/// <summary>remote and remote_json against a loopback authorizer, through /decisions and through the proxy (body forwarding).</summary>
public sealed class RemoteAuthorizerTests
{
    private const string Authenticators = """[{"handler":"anonymous"},{"handler":"noop"}]""";

    private static Dictionary<string, string> RemoteConfig(string handler, string global, string? upstream = null)
        => Config(Authenticators, $$$"""{"handler":"{{{handler}}}"}""", "[" + HeaderMutator + "]", upstream, ($"authorizers.{handler}.enabled", "true"), ($"authorizers.{handler}.config", global));

    [Fact]
    public async Task Remote_posts_the_body_with_templated_headers_and_200_allows_with_forwarded_response_headers()
    {
        await using var authz = await ScriptedRemote.StartAsync();
        authz.Answer = (_, _) => new(200, "", Headers: new() { ["X-Group"] = "admins" });
        await using var server = await ProxyHttpServer.StartAsync(RemoteConfig("remote", $$$"""
            {"remote":"{{{authz.Url}}}/check","headers":{"X-Subject":"{{ print .Subject }}","X-Path":"{{ .MatchContext.URL.Path }}","X-Empty":"{{ print .Extra.none }}"},
             "forward_response_headers_to_upstream":["X-Group","X-Missing"]}
            """));

        using var request = new HttpRequestMessage(HttpMethod.Get, server.ApiUrl + "/decisions/docs/1");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Method", "POST");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "app.test");
        var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admins", Header(response, "X-Group"));
        Assert.Equal("anonymous", Header(response, "X-User"));
        Assert.True(authz.Requests.TryDequeue(out var seen));
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/check", seen.Target);
        Assert.Equal("anonymous", seen.Headers["X-Subject"]);
        Assert.Equal("/docs/1", seen.Headers["X-Path"]);
        Assert.False(seen.Headers.ContainsKey("X-Empty")); // an empty template result sends no header
        Assert.False(seen.Headers.ContainsKey("Authorization"));

        // With credentials the request's Authorization goes along.
        await DecideAsync(server, "GET", "/x", ("Authorization", "Bearer abc"));
        Assert.True(authz.Requests.TryDequeue(out seen));
        Assert.Equal("Bearer abc", seen.Headers["Authorization"]);
    }

    [Fact]
    public async Task Remote_sends_the_proxied_body_and_the_upstream_still_gets_it_whole()
    {
        await using var authz = await ScriptedRemote.StartAsync();
        await using var upstream = await EchoUpstream.StartAsync();
        await using var server = await ProxyHttpServer.StartAsync(RemoteConfig("remote", $$$"""{"remote":"{{{authz.Url}}}"}""", upstream.Url));

        var body = string.Concat(Enumerable.Repeat("0123456789abcdef", 10_000)); // 160 KB: past the in-memory part of the buffer
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        var response = await server.Http.PostAsync(server.ProxyUrl + "/stream/upload", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.True(authz.Requests.TryDequeue(out var seen));
        Assert.Equal(body, seen.Body);
        Assert.Equal("text/plain; charset=utf-8", seen.Headers["Content-Type"]);

        // A body over the cap is refused before the authorizer is called.
        using var large = new ByteArrayContent(new byte[(1 << 20) + 1]);
        response = await server.Http.PostAsync(server.ProxyUrl + "/stream/upload", large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(authz.Requests);
    }

    [Theory]
    [InlineData("remote", 403, 403, "Access credentials are not sufficient to access this resource | ")]
    [InlineData("remote", 404, 500, "unexpected status code: expected status code 200 but got 404 | ")]
    [InlineData("remote_json", 404, 500, "expected status code 200 but got 404 | ")]
    [InlineData("remote_json", 429, 429, "Too many requests | ")]
    public async Task A_refusal_denies_and_another_status_is_an_error(string handler, int answered, int expected, string text)
    {
        await using var authz = await ScriptedRemote.StartAsync();
        authz.Answer = (_, _) => new(answered, "");
        await using var server = await ProxyHttpServer.StartAsync(RemoteConfig(handler, $$$"""{"remote":"{{{authz.Url}}}","payload":"{}"}""".Replace(handler == "remote" ? ",\"payload\":\"{}\"" : "\0", "", StringComparison.Ordinal)));

        var (status, _, body) = await DecideAsync(server, "GET", "/x");
        Assert.Equal(expected, (int)status);
        Assert.Equal(text, ErrorText(body));
    }

    [Theory]
    [InlineData("remote")]
    [InlineData("remote_json")]
    public async Task A_failed_first_call_is_retried_and_a_remote_that_is_down_is_an_error(string handler)
    {
        var payload = handler == "remote_json" ? ""","payload":"{}" """ : "";
        await using var authz = await ScriptedRemote.StartAsync();
        authz.Answer = (_, n) => n == 0 ? new(500, "") : new(200, "");
        await using var server = await ProxyHttpServer.StartAsync(RemoteConfig(handler, $$$"""{"remote":"{{{authz.Url}}}","retry":{"give_up_after":"5s","max_delay":"100ms"}{{{payload}}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "GET", "/x")).Status);
        Assert.Equal(2, authz.Requests.Count);

        await using var down = await ProxyHttpServer.StartAsync(RemoteConfig(handler,
            $$$"""{"remote":"{{{ScriptedRemote.DownUrl()}}}","retry":{"give_up_after":"300ms","max_delay":"50ms"}{{{payload}}}}"""));
        var (status, _, body) = await DecideAsync(down, "GET", "/x");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("The fetch of rule \"app\": authorizer.config.remote failed. | ", ErrorText(body));
    }

    [Fact]
    public async Task Remote_json_posts_the_payload_template_as_json()
    {
        await using var authz = await ScriptedRemote.StartAsync();
        await using var server = await ProxyHttpServer.StartAsync(RemoteConfig("remote_json", $$$"""
            {"remote":"{{{authz.Url}}}","payload":"{\"subject\":\"{{ print .Subject }}\",\"resource\":\"{{ printIndex .MatchContext.RegexpCaptureGroups 1 }}\"}",
             "headers":{"X-Method":"{{ .MatchContext.Method }}"}}
            """));

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(server, "PUT", "/files/7")).Status);
        Assert.True(authz.Requests.TryDequeue(out var seen));
        Assert.Equal("application/json", seen.Headers["Content-Type"]);
        Assert.Equal("PUT", seen.Headers["X-Method"]);
        var json = JsonNode.Parse(seen.Body)!;
        Assert.Equal("anonymous", (string?)json["subject"]);
        Assert.Equal("files/7", (string?)json["resource"]);
    }

    [Fact]
    public async Task Remote_json_refuses_a_payload_that_is_not_json_without_calling()
    {
        await using var authz = await ScriptedRemote.StartAsync();
        await using var server = await ProxyHttpServer.StartAsync(RemoteConfig("remote_json", $$$"""{"remote":"{{{authz.Url}}}","payload":"{\"subject\": {{ print .Subject }} }"}"""));

        var (status, _, body) = await DecideAsync(server, "GET", "/x");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.StartsWith("payload is not a JSON text: ", ErrorText(body), StringComparison.Ordinal);
        Assert.Empty(authz.Requests);
    }

    [Theory]
    [InlineData("remote", "{}", "authorizers.remote.config.remote is required")]
    [InlineData("remote_json", """{"remote":"http://a.test"}""", "authorizers.remote_json.config.payload is required")]
    [InlineData("remote_json", """{"remote":"http://a.test","payload":"{{ nope }}"}""", "authorizers.remote_json.config.payload is not a valid template")]
    [InlineData("remote", """{"remote":"http://a.test","headers":{"X":"{{ .Subject"}}""", "authorizers.remote.config.headers.X is not a valid template")]
    [InlineData("remote", """{"remote":"http://a.test","retry":{"give_up_after":"1s","backoff":"x"}}""", "authorizers.remote.config.retry.backoff is not a known setting")]
    public async Task A_wrong_setting_refuses_to_start_naming_the_key(string handler, string config, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", """{"handler":"allow"}""", "[]", null,
            ($"authorizers.{handler}.enabled", "true"), ($"authorizers.{handler}.config", config))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
