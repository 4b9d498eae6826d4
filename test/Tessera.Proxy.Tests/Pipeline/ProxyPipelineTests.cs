using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Proxy.Tests.Http;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Pipeline;

/// <summary>The handler pipeline, /decisions and the reverse proxy through the real listeners, against a loopback upstream.</summary>
public sealed class ProxyPipelineTests
{
    internal static Dictionary<string, string> Config(string rules, params (string Key, string Value)[] extra)
    {
        var config = ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(rules));
        foreach (var key in new[] { "authenticators.anonymous", "authenticators.noop", "authenticators.unauthorized", "authorizers.allow", "authorizers.deny", "mutators.noop", "errors.handlers.json", "errors.handlers.www_authenticate" })
        {
            config[key + ".enabled"] = "true";
        }

        config["mutators.header.enabled"] = "true";
        config["mutators.header.config"] = """{"headers":{}}""";
        config["errors.handlers.redirect.enabled"] = "true";
        config["errors.handlers.redirect.config"] = """{"to":"https://login.test/signin","return_to_query_param":"return_to"}""";
        foreach (var (key, value) in extra)
        {
            config[key] = value;
        }

        return config;
    }

    internal static string Rule(string id, string url, string upstream, string authenticators = """[{"handler":"anonymous"}]""", string authorizer = "allow",
        string mutators = """[{"handler":"noop"}]""", string errors = "null", string upstreamExtra = "", string methods = """["GET","POST","OPTIONS"]""")
        => $$"""{"id":"{{id}}","match":{"url":"{{url}}","methods":{{methods}}},"upstream":{"url":"{{upstream}}"{{upstreamExtra}}},"authenticators":{{authenticators}},"authorizer":{"handler":"{{authorizer}}"},"mutators":{{mutators}},"errors":{{errors}}}""";

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpClient http, HttpMethod method, string url, string host, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Anonymous_allow_header_forwards_with_templated_headers_and_the_clients_credentials()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        var header = """[{"handler":"header","config":{"headers":{"X-User":"{{ print .Subject }}","X-Id":"{{ printIndex .MatchContext.RegexpCaptureGroups 0 }}","X-Query":"{{ .MatchContext.URL.Query.Get \"q\" }}"}}}]""";
        var rules = "[" + Rule("anon", "http://app.test/users/<[0-9]+>", upstream.Url, authenticators: """[{"handler":"anonymous","config":{"subject":"guest"}},{"handler":"noop"}]""", mutators: header) + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules, ("authenticators.anonymous.config", """{"subject":"global"}""")));

        var (status, body, _) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + "/users/42?q=a%20b", "app.test");
        Assert.Equal(HttpStatusCode.OK, status);
        var echo = JsonNode.Parse(body)!;
        Assert.Equal("guest", (string?)echo["h:x-user"]);
        Assert.Equal("42", (string?)echo["h:x-id"]);
        Assert.Equal("a b", (string?)echo["h:x-query"]);
        Assert.Equal("/users/42?q=a%20b", (string?)echo["target"]);
        Assert.StartsWith("127.0.0.1:", (string?)echo["host"]);
        Assert.Null(echo["h:x-forwarded-for"]);

        // With credentials anonymous is not responsible; noop lets them through untouched, and the header mutator overwrites a spoofed X-User.
        (status, body, _) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + "/users/7", "app.test",
            ("Authorization", "Bearer abc"), ("Cookie", "sid=1"), ("X-User", "admin"), ("X-Forwarded-Host", "evil.test"));
        Assert.Equal(HttpStatusCode.OK, status);
        echo = JsonNode.Parse(body)!;
        Assert.Equal("Bearer abc", (string?)echo["h:authorization"]);
        Assert.Equal("sid=1", (string?)echo["h:cookie"]);
        Assert.Equal("", (string?)echo["h:x-user"]);
        Assert.Null(echo["h:x-forwarded-host"]);
    }

    [Fact]
    public async Task Errors_are_answered_by_the_handler_when_selects_else_the_json_fallback()
    {
        var errors = """
            [{"handler":"redirect","config":{"when":[{"error":["unauthorized"],"request":{"header":{"accept":["text/html"]}}}]}},
             {"handler":"www_authenticate","config":{"realm":"Tessera","when":[{"error":["unauthorized"],"request":{"header":{"accept":["application/x-basic"]}}}]}},
             {"handler":"json","config":{"verbose":true,"when":[{"error":["unauthorized"],"request":{"header":{"accept":["application/json"]}}}]}}]
            """.ReplaceLineEndings(" ");
        var rules = "[" + Rule("locked", "http://app.test/locked", "http://127.0.0.1:1", authenticators: """[{"handler":"unauthorized"}]""", errors: errors) + ","
            + Rule("denied", "http://app.test/denied", "http://127.0.0.1:1", authorizer: "deny") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var (status, _, response) = await SendAsync(noRedirects, HttpMethod.Get, server.ProxyUrl + "/locked?x=1", "app.test", ("Accept", "text/html,application/xhtml+xml;q=0.9"));
        Assert.Equal(HttpStatusCode.Found, status);
        Assert.Equal("https://login.test/signin?return_to=http%3A%2F%2Fapp.test%2Flocked%3Fx%3D1", response.Headers.Location!.OriginalString);

        (status, var body, response) = await SendAsync(noRedirects, HttpMethod.Get, server.ProxyUrl + "/locked", "app.test", ("Accept", "application/x-basic"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Basic realm=Tessera", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Unauthorized\n", body);

        (status, body, _) = await SendAsync(noRedirects, HttpMethod.Get, server.ProxyUrl + "/locked", "app.test", ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Access credentials are invalid", (string?)JsonNode.Parse(body)!["error"]!["message"]);

        // No handler of the rule is responsible: errors.fallback [json], not verbose.
        (status, body, _) = await SendAsync(noRedirects, HttpMethod.Get, server.ProxyUrl + "/locked", "app.test", ("Accept", "image/png"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("The request could not be authorized", (string?)JsonNode.Parse(body)!["error"]!["message"]);

        (status, body, _) = await SendAsync(noRedirects, HttpMethod.Get, server.ProxyUrl + "/denied", "app.test");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("The requested action was forbidden", (string?)JsonNode.Parse(body)!["error"]!["message"]);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("HEAD", false)]
    public async Task A_decisions_redirect_writes_its_html_body_only_when_the_forwarded_method_is_GET(string forwardedMethod, bool body)
    {
        var rules = "[" + Rule("locked", "http://app.test/locked", "http://127.0.0.1:1", authenticators: """[{"handler":"unauthorized"}]""",
            errors: """[{"handler":"redirect"}]""", methods: """["GET","POST","HEAD"]""") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var (status, text, response) = await SendAsync(noRedirects, HttpMethod.Get, server.ApiUrl + "/decisions/locked", "app.test", ("X-Forwarded-Method", forwardedMethod));
        Assert.Equal(HttpStatusCode.Found, status);
        Assert.Equal("https://login.test/signin?return_to=http%3A%2F%2Fapp.test%2Flocked", response.Headers.Location!.OriginalString);
        Assert.Equal(body ? "<a href=\"https://login.test/signin?return_to=http%3A%2F%2Fapp.test%2Flocked\">Found</a>.\n\n" : "", text);
        Assert.Equal(forwardedMethod is "GET" or "HEAD", response.Content.Headers.ContentType is not null);
    }

    [Fact]
    public async Task Decisions_read_the_first_of_repeated_forwarded_fields_as_Gos_Header_Get_does()
    {
        var rules = "[" + Rule("api", "https://app.test/api/<.*>", "http://127.0.0.1:1", methods: """["PUT"]""") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));

        // HttpClient would join repeated fields into one line: write the request by hand.
        var api = new Uri(server.ApiUrl);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(api.Host, api.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "X-Forwarded-Method: PUT\r\nX-Forwarded-Method: GET\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Proto: http\r\n"
            + "X-Forwarded-Host: app.test\r\nX-Forwarded-Host: other.test\r\nX-Forwarded-Uri: /api/items\r\nX-Forwarded-Uri: /elsewhere\r\n\r\n"));
        var answer = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_judge_the_forwarded_request_and_answer_the_mutated_headers()
    {
        var header = """[{"handler":"header","config":{"headers":{"X-User":"{{ print .Subject }}","X-Path":"{{ .MatchContext.URL.Path }}","X-Method":"{{ .MatchContext.Method }}"}}}]""";
        var rules = "[" + Rule("api", "https://app.test/api/<.*>", "http://127.0.0.1:1", mutators: header, methods: """["PUT","OPTIONS"]""") + ","
            + Rule("twin-a", "http://app.test/twin", "http://127.0.0.1:1") + "," + Rule("twin-b", "http://app.test/<tw.n>", "http://127.0.0.1:1") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));

        var (status, body, response) = await SendAsync(server.Http, HttpMethod.Get, server.ApiUrl + "/decisions", "127.0.0.1",
            ("X-Forwarded-Method", "PUT"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "app.test"), ("X-Forwarded-Uri", "/api/a/../items?x=1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", body);
        Assert.Equal("anonymous", response.Headers.GetValues("X-User").Single());
        Assert.Equal("/api/items", response.Headers.GetValues("X-Path").Single());
        Assert.Equal("PUT", response.Headers.GetValues("X-Method").Single());

        // Without forwarded headers: the request's own method, host and path minus /decisions (an OPTIONS preflight is judged too when CORS is off).
        (status, _, _) = await SendAsync(server.Http, HttpMethod.Options, server.ApiUrl + "/decisions/api/x", "app.test", ("X-Forwarded-Proto", "https"), ("Origin", "https://web.test"), ("Access-Control-Request-Method", "PUT"));
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body, _) = await SendAsync(server.Http, HttpMethod.Get, server.ApiUrl + "/decisions/api/x", "app.test", ("X-Forwarded-Proto", "https"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int)JsonNode.Parse(body)!["error"]!["code"]!);

        (status, body, _) = await SendAsync(server.Http, HttpMethod.Get, server.ApiUrl + "/decisions/twin", "app.test");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(500, (int)JsonNode.Parse(body)!["error"]!["code"]!);

        var metrics = await server.Http.GetStringAsync(server.ApiUrl + "/metrics/prometheus");
        Assert.Contains("tessera_proxy_decisions_total{listener=\"api\",rule=\"api\",code=\"200\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("tessera_proxy_decisions_total{listener=\"api\",rule=\"none\",code=\"500\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("tessera_proxy_decision_duration_seconds_count{listener=\"api\",rule=\"api\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_api_cors_enabled_a_preflight_to_decisions_is_answered_by_cors_not_judged()
    {
        var rules = "[" + Rule("closed", "http://app.test/api/<.*>", "http://127.0.0.1:1", authorizer: "deny") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules,
            ("serve.api.cors.enabled", "true"), ("serve.api.cors.allowed_origins", """["https://web.test"]"""), ("serve.api.cors.allowed_methods", """["GET","PUT"]""")));

        var (status, _, response) = await SendAsync(server.Http, HttpMethod.Options, server.ApiUrl + "/decisions/api/x", "app.test",
            ("Origin", "https://web.test"), ("Access-Control-Request-Method", "PUT"));
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NoContent, status.ToString());
        Assert.Equal("https://web.test", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // The real request is judged: deny.
        (status, _, _) = await SendAsync(server.Http, HttpMethod.Get, server.ApiUrl + "/decisions/api/x", "app.test", ("Origin", "https://web.test"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Strip_path_preserve_host_and_a_down_upstream()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        var rules = "[" + Rule("strip", "http://app.test/api/<.*>", upstream.Url + "/base", upstreamExtra: ""","strip_path":"/api/","preserve_host":true""") + ","
            + Rule("down", "http://app.test/down", $"http://127.0.0.1:{FreePort.Next()}") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));

        var (status, body, _) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + "/api/items/?a=1", "app.test");
        Assert.Equal(HttpStatusCode.OK, status);
        var echo = JsonNode.Parse(body)!;
        Assert.Equal("/base/items?a=1", (string?)echo["target"]);
        Assert.Equal("app.test", (string?)echo["host"]);

        (status, body, _) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + "/down", "app.test");
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(502, (int)JsonNode.Parse(body)!["error"]!["code"]!);

        var metrics = await server.Http.GetStringAsync(server.ApiUrl + "/metrics/prometheus");
        Assert.Contains("tessera_proxy_decisions_total{listener=\"proxy\",rule=\"strip\",code=\"200\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_a_body_keeps_the_clients_path_encoding_upstream_as_Gos_proxy_does()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        var rules = "[" + Rule("files", "http://app.test/files/<.*>", upstream.Url) + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));

        using var request = new HttpRequestMessage(HttpMethod.Post, server.ProxyUrl + "/files/group%2Fname?x=%2F") { Content = new StringContent("body") };
        request.Headers.Host = "app.test";
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/files/group%2Fname?x=%2F", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["target"]);
    }

    [Fact]
    public async Task An_upstream_silent_past_the_write_timeout_is_a_504_json_answer()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        var rules = "[" + Rule("silent", "http://app.test/silent/<.*>", upstream.Url) + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules, ("serve.proxy.timeout.write", "1s")));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, body, response) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + "/silent/x", "app.test");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal(504, (int)JsonNode.Parse(body)!["error"]!["code"]!);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"answered after {started.Elapsed}");
    }

    [Fact]
    public async Task Bodies_pass_chunked_both_ways()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        var rules = "[" + Rule("stream", "http://app.test/stream/<.*>", upstream.Url) + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));
        var body = new byte[512 * 1024 + 17];
        Random.Shared.NextBytes(body);

        // A chunked upload of unknown length (no Content-Length) and the upstream's chunked answer, both passed through intact.
        using var request = new HttpRequestMessage(HttpMethod.Post, server.ProxyUrl + "/stream/x") { Content = new StreamContent(new MemoryStream(body)) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Host = "app.test";
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_websocket_is_upgraded_through_the_proxy_with_the_clients_credentials()
    {
        await using var upstream = await EchoUpstream.StartAsync();
        var rules = "[" + Rule("ws", "http://<[^/]+>/ws/<.*>", upstream.Url, authenticators: """[{"handler":"noop"}]""", methods: """["GET"]""") + "]";
        await using var server = await ProxyHttpServer.StartAsync(Config(rules));

        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer ws-token");
        await socket.ConnectAsync(new Uri(server.ProxyUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws/chat"), CancellationToken.None);
        foreach (var message in new[] { "hello", "again" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal("Bearer ws-token:" + message, Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, socket.CloseStatus);

        // A request to the same route without an upgrade reaches the upstream as plain HTTP.
        var (status, _, _) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + "/ws/chat", "app.test");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Invalid_rules_answer_500_and_handler_config_is_checked_at_start()
    {
        var rules = "[" + Rule("disabled", "http://app.test/a", "http://127.0.0.1:1", authenticators: """[{"handler":"jwt"}]""") + ","
            + Rule("badtemplate", "http://app.test/b", "http://127.0.0.1:1", mutators: """[{"handler":"header","config":{"headers":{"X":"{{ .Subject"}}}]""") + "]";
        await using (var server = await ProxyHttpServer.StartAsync(Config(rules)))
        {
            var problems = server.Runtime.Pipelines.Current.Pipelines.Values.SelectMany(p => p.Problems).ToList();
            Assert.Contains(problems, p => p.Contains("rule \"disabled\": authenticators[0]", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("rule \"badtemplate\": mutators[0].config.headers.X is not a valid template (line 1", StringComparison.Ordinal));
            foreach (var path in new[] { "/a", "/b" })
            {
                var (status, _, _) = await SendAsync(server.Http, HttpMethod.Get, server.ProxyUrl + path, "app.test");
                Assert.Equal(HttpStatusCode.InternalServerError, status);
            }
        }

        var missing = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", ("mutators.header.config", "{}"))));
        Assert.Contains("mutators.header.config.headers is required", missing.Message, StringComparison.Ordinal);
        var keto = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(Config("[]", ("authorizers.keto_engine_acp_ory.enabled", "true"))));
        Assert.Contains("authorizers.keto_engine_acp_ory", keto.Message, StringComparison.Ordinal);
    }
}
