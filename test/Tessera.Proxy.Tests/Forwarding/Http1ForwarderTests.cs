using System.Net;
using System.Text.Json.Nodes;
using Tessera.Proxy.Tests.Http;
using Tessera.Proxy.Tests.Pipeline;

namespace Tessera.Proxy.Tests.Forwarding;

/// <summary>The proxy's own HTTP/1.1 path (requests without a body to http upstreams) against upstreams that answer scripted bytes.</summary>
public sealed class Http1ForwarderTests
{
    private const string Methods = """["GET","HEAD","DELETE","OPTIONS"]""";

    private static Task<ProxyHttpServer> ProxyToAsync(RawUpstream upstream, string mutators = """[{"handler":"noop"}]""", params (string Key, string Value)[] extra)
        => ProxyHttpServer.StartAsync(ProxyPipelineTests.Config("[" + ProxyPipelineTests.Rule("raw", "http://app.test/<.*>", upstream.Url,
            authenticators: """[{"handler":"anonymous"},{"handler":"noop"}]""", mutators: mutators, methods: Methods) + "]", extra));

    private static async Task<HttpResponseMessage> SendAsync(ProxyHttpServer server, string path, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, server.ProxyUrl + path);
        request.Headers.Host = "app.test";
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await server.Http.SendAsync(request);
    }

    private static async Task<string> BodyOfAsync(ProxyHttpServer server, string path)
    {
        using var response = await SendAsync(server, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_chunked_answer_is_decoded_its_trailers_dropped_and_the_connection_reused()
    {
        await using var upstream = new RawUpstream((_, _) => new RawAnswer([
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\n5;ext=1\r\nhello\r\n",
            "6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"]));
        await using var server = await ProxyToAsync(upstream);

        Assert.Equal("hello world", await BodyOfAsync(server, "/a"));
        Assert.Equal("hello world", await BodyOfAsync(server, "/b"));
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task A_body_with_a_length_arriving_in_pieces_is_passed_whole_and_the_connection_reused()
    {
        await using var upstream = new RawUpstream((_, _) => new RawAnswer(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234", "56", "789"]));
        await using var server = await ProxyToAsync(upstream);

        using (var response = await SendAsync(server, "/a"))
        {
            Assert.Equal(10, response.Content.Headers.ContentLength);
            Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal("0123456789", await BodyOfAsync(server, "/b"));
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task A_large_body_streams_through_whole_by_length_and_chunked()
    {
        var piece = new string('x', 64 * 1024);
        await using var upstream = new RawUpstream((head, _) => head.Contains("/chunked", StringComparison.Ordinal)
            ? new RawAnswer(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .. Enumerable.Repeat($"{piece.Length:x}\r\n{piece}\r\n", 32), "0\r\n\r\n"])
            : new RawAnswer([$"HTTP/1.1 200 OK\r\nContent-Length: {32 * piece.Length}\r\n\r\n", .. Enumerable.Repeat(piece, 32)]));
        await using var server = await ProxyToAsync(upstream);

        Assert.Equal(32 * piece.Length, (await BodyOfAsync(server, "/length")).Length);
        Assert.Equal(32 * piece.Length, (await BodyOfAsync(server, "/chunked")).Length);
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task A_body_that_ends_when_the_upstream_closes_is_passed_whole_on_a_connection_not_reused()
    {
        await using var upstream = new RawUpstream((_, _) => new RawAnswer(["HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart1", "part2"], Close: true));
        await using var server = await ProxyToAsync(upstream);

        Assert.Equal("part1part2", await BodyOfAsync(server, "/a"));
        Assert.Equal("part1part2", await BodyOfAsync(server, "/b"));
        Assert.Equal(2, upstream.Connections);
    }

    [Fact]
    public async Task Answers_without_a_body_keep_their_length_field_where_HTTP_allows_it()
    {
        await using var upstream = new RawUpstream((head, _) => head.StartsWith("HEAD", StringComparison.Ordinal)
            ? RawAnswer.Of("HTTP/1.1 200 OK\r\nContent-Length: 42\r\nETag: \"x\"\r\n\r\n")
            : head.Contains("/none", StringComparison.Ordinal) ? RawAnswer.Of("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nX-A: 1\r\n\r\n")
            : RawAnswer.Of("HTTP/1.1 304 Not Modified\r\nContent-Length: 42\r\nETag: \"x\"\r\n\r\n"));
        await using var server = await ProxyToAsync(upstream);

        using (var head = await SendAsync(server, "/a", HttpMethod.Head))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(42, head.Content.Headers.ContentLength);
            Assert.Equal("\"x\"", head.Headers.ETag?.Tag);
        }

        using (var none = await SendAsync(server, "/none"))
        {
            Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
            Assert.Equal("1", none.Headers.GetValues("X-A").Single());
            Assert.Equal("", await none.Content.ReadAsStringAsync());
        }

        using (var notModified = await SendAsync(server, "/c", headers: ("If-None-Match", "\"x\"")))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal("", await notModified.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task Interim_answers_are_not_passed_on_the_final_one_is()
    {
        await using var upstream = new RawUpstream((_, _) => new RawAnswer([
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]));
        await using var server = await ProxyToAsync(upstream);

        Assert.Equal("ok", await BodyOfAsync(server, "/a"));
    }

    [Theory]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\r\n folded\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: caf\u00e9\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nok")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")]
    [InlineData("")]
    public async Task A_malformed_or_missing_answer_is_a_502_in_Orys_shape(string answer)
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of(answer, close: true));
        await using var server = await ProxyToAsync(upstream);

        using var response = await SendAsync(server, "/a");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(502, (int)error["code"]!);
        Assert.Equal("The upstream service is not available", (string?)error["message"]);
    }

    [Fact]
    public async Task A_head_larger_than_64_KiB_is_a_502()
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of("HTTP/1.1 200 OK\r\nX-A: " + new string('a', 70_000) + "\r\n\r\n", close: true));
        await using var server = await ProxyToAsync(upstream);

        using var response = await SendAsync(server, "/a");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n")]
    public async Task An_upstream_that_breaks_its_answer_after_it_started_cuts_the_clients_connection(string answer)
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of(answer, close: true));
        await using var server = await ProxyToAsync(upstream);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await SendAsync(server, "/a");
            await response.Content.ReadAsStringAsync();
        });
    }

    [Fact]
    public async Task A_client_that_leaves_in_the_middle_of_a_body_leaves_no_half_read_connection_in_the_pool()
    {
        await using var upstream = new RawUpstream((head, _) => head.Contains("/half", StringComparison.Ordinal)
            ? RawAnswer.Of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf")
            : RawAnswer.Of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        await using var server = await ProxyToAsync(upstream);

        using (var request = new HttpRequestMessage(HttpMethod.Get, server.ProxyUrl + "/half"))
        {
            request.Headers.Host = "app.test";
            using var client = new HttpClient();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            Assert.Equal(4, await stream.ReadAtLeastAsync(new byte[4], 4));
        }

        await Task.Delay(200);
        Assert.Equal("ok", await BodyOfAsync(server, "/b"));
        Assert.Equal(2, upstream.Connections);
    }

    [Fact]
    public async Task A_pooled_connection_the_upstream_closed_while_idle_is_retried_on_a_new_one()
    {
        // The upstream answers as if keeping the connection, then closes it.
        await using var upstream = new RawUpstream((_, _) => new RawAnswer(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"], Close: true));
        await using var server = await ProxyToAsync(upstream);

        Assert.Equal("ok", await BodyOfAsync(server, "/a"));
        await Task.Delay(100);
        Assert.Equal("ok", await BodyOfAsync(server, "/b"));
        Assert.Equal(2, upstream.Connections);
        Assert.Equal(2, upstream.Heads.Count);
    }

    [Fact]
    public async Task Every_Connection_field_counts_a_close_in_any_of_them_ends_the_connection()
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of(
            "HTTP/1.1 200 OK\r\nConnection: close\r\nConnection: X-Drop\r\nX-Drop: 1\r\nContent-Length: 2\r\n\r\nok"));
        await using var server = await ProxyToAsync(upstream);

        using (var response = await SendAsync(server, "/a"))
        {
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("X-Drop"));
        }

        Assert.Equal("ok", await BodyOfAsync(server, "/b"));
        Assert.Equal(2, upstream.Connections);
    }

    [Fact]
    public async Task Hop_by_hop_fields_are_dropped_both_ways_and_Host_is_the_upstreams()
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of(
            "HTTP/1.1 200 OK\r\nConnection: X-Drop\r\nX-Drop: 1\r\nKeep-Alive: timeout=5\r\nX-Keep: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"));
        await using var server = await ProxyToAsync(upstream);

        using var response = await SendAsync(server, "/a?q=1", headers: [("Connection", "X-Secret"), ("X-Secret", "1"), ("Keep-Alive", "5"), ("Proxy-Authorization", "Basic eA=="),
            ("Te", "trailers"), ("Authorization", "Bearer t"), ("X-Multi", "a"), ("X-Multi", "b")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("X-Keep").Single());
        Assert.False(response.Headers.Contains("X-Drop"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));

        var head = Assert.Single(upstream.Heads);
        Assert.StartsWith("GET /a?q=1 HTTP/1.1\r\nHost: 127.0.0.1:", head, StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Bearer t\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nTe: trailers\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nX-Multi: a, b\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Secret", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Keep-Alive", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Proxy-Authorization", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Connection", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_request_head_larger_than_the_connections_buffer_is_sent_whole()
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        await using var server = await ProxyToAsync(upstream);
        var large = new string('v', 24 * 1024);

        using var response = await SendAsync(server, "/a", headers: ("X-Large", large));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var head = Assert.Single(upstream.Heads);
        Assert.Contains("\r\nX-Large: " + large + "\r\n", head, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);

        // The next exchange on the same connection still starts clean.
        Assert.Equal("ok", await BodyOfAsync(server, "/b"));
        Assert.Equal(1, upstream.Connections);
    }

    [Theory]
    [InlineData("", "/files/a%2Fb!(c)", "/files/a%2Fb!(c)")]
    [InlineData("", "/files/it's", "/files/it's")]
    [InlineData("", "/files/a%2Fb/", "/files/a/b")]
    [InlineData("", "/files//a%2Fb", "/files/a/b")]
    [InlineData("/base", "/files/a%2Fb", "/base/files/a/b")]
    [InlineData("/base", "/files/it's", "/base/files/it%27s")]
    public async Task The_path_goes_upstream_as_the_client_wrote_it_unless_joining_or_cleaning_changed_it(string upstreamPath, string path, string expected)
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of("HTTP/1.1 204 No Content\r\n\r\n"));
        var rules = "[" + ProxyPipelineTests.Rule("raw", "http://app.test/<.*>", upstream.Url + upstreamPath, methods: Methods) + "]";
        await using var server = await ProxyHttpServer.StartAsync(ProxyPipelineTests.Config(rules));

        using var response = await SendAsync(server, path);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.StartsWith($"GET {expected} HTTP/1.1\r\n", Assert.Single(upstream.Heads), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api", "/")]
    [InlineData("/apix/y", "/x/y")]
    [InlineData("/a/api/b?q=%22x%22", "/a/b?q=%22x%22")]
    public async Task Stripping_the_path_always_leaves_an_absolute_request_target(string path, string expected)
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of("HTTP/1.1 204 No Content\r\n\r\n"));
        var rules = "[" + ProxyPipelineTests.Rule("strip", "http://app.test/<.*>", upstream.Url, upstreamExtra: ",\"strip_path\":\"api\"", methods: Methods) + "]";
        await using var server = await ProxyHttpServer.StartAsync(ProxyPipelineTests.Config(rules));

        using var response = await SendAsync(server, path);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.StartsWith($"GET {expected} HTTP/1.1\r\n", Assert.Single(upstream.Heads), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mutated_header_value_with_a_line_break_is_refused_before_anything_is_sent()
    {
        await using var upstream = new RawUpstream((_, _) => RawAnswer.Of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        var mutators = """[{"handler":"header","config":{"headers":{"X-User":"{{ print .Subject }}"}}}]""";
        await using var server = await ProxyToAsync(upstream, mutators, ("authenticators.anonymous.config", """{"subject":"a\r\nX-Injected: 1"}"""));

        using var response = await SendAsync(server, "/a");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(upstream.Heads);
    }
}
