using System.Text;
using System.Text.Json.Nodes;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Hosting;

/// <summary>
/// Through a real listener: a wrong method is a 405 with <c>Allow</c> and the listener's error body, a
/// broken chunk size is a 400 in the listener's shape, and JSON bodies are read strictly.
/// </summary>
public sealed class HostileRequestTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Listener(int port, string extra = "") => $"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n{extra}";

    [Fact]
    public async Task A_wrong_method_is_405_with_allow_and_the_listener_error_body()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(Listener(port), folder));

        var get = await RawHttp.SendAsync(port, "GET /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405", get, StringComparison.Ordinal);
        Assert.Equal("OPTIONS, POST", RawHttp.Header(get, "Allow"));
        Assert.StartsWith("application/json", RawHttp.Header(get, "Content-Type"), StringComparison.Ordinal);
        var error = JsonNode.Parse(RawHttp.Body(get))!["error"]!;
        Assert.Equal(405, error["code"]!.GetValue<int>());
        Assert.Equal("Method Not Allowed", error["status"]!.GetValue<string>());
        Assert.Contains("GET", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var put = await RawHttp.SendAsync(port, "PUT /health/alive HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405", put, StringComparison.Ordinal);
        Assert.Equal("GET, OPTIONS", RawHttp.Header(put, "Allow"));
        Assert.Equal(405, JsonNode.Parse(RawHttp.Body(put))!["error"]!["code"]!.GetValue<int>());

        // As Hydra's router does: OPTIONS is answered with Allow and nothing else.
        var options = await RawHttp.SendAsync(port, "OPTIONS /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", options, StringComparison.Ordinal);
        Assert.Equal("OPTIONS, POST", RawHttp.Header(options, "Allow"));
        Assert.Equal("", RawHttp.Body(options));

        // A path that does not exist under any method stays a 404.
        Assert.StartsWith("HTTP/1.1 404", await RawHttp.SendAsync(port, "DELETE /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), StringComparison.Ordinal);
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task A_405_is_written_by_the_listener_error_writer()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(Listener(port), folder),
            errors: static async (context, status, message) =>
            {
                var body = Encoding.UTF8.GetBytes($$"""{"error":"shape-{{status}}","error_description":"{{message.Length}}"}""");
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
            });

        var answer = await RawHttp.SendAsync(port, "DELETE /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405", answer, StringComparison.Ordinal);
        Assert.Equal("GET, OPTIONS", RawHttp.Header(answer, "Allow"));
        Assert.Equal("shape-405", JsonNode.Parse(RawHttp.Body(answer))!["error"]!.GetValue<string>());
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Cors_preflights_are_still_answered_by_cors_and_passed_through_to_allow()
    {
        var port = FreePort.Next();
        var cors = "    cors:\n      enabled: true\n      allowed_origins: [\"https://app.example.com\"]\n      allowed_methods: [GET, POST]\n";
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(Listener(port, cors), folder));
        var preflight = await RawHttp.SendAsync(port,
            "OPTIONS /form HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 204", preflight, StringComparison.Ordinal);
        Assert.Equal("https://app.example.com", RawHttp.Header(preflight, "Access-Control-Allow-Origin"));
        await runner.ShutdownAsync();

        port = FreePort.Next();
        runner = await ListenerFixture.StartAsync(ListenerFixture.Config(Listener(port, cors + "      options_passthrough: true\n"), folder));
        var passed = await RawHttp.SendAsync(port,
            "OPTIONS /form HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", passed, StringComparison.Ordinal);
        Assert.Equal("https://app.example.com", RawHttp.Header(passed, "Access-Control-Allow-Origin"));
        Assert.Equal("OPTIONS, POST", RawHttp.Header(passed, "Allow"));
        await runner.ShutdownAsync();
    }

    [Theory]
    [InlineData("/echo", "11111111111111111111")]
    [InlineData("/urlencoded", "fffffffff")]
    [InlineData("/json", "11111111111111111111")]
    public async Task A_chunk_size_that_overflows_is_a_400_in_the_listener_shape(string path, string size)
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(Listener(port), folder));
        var answer = await RawHttp.SendAsync(port,
            $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{size}\r\nabc\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        var error = JsonNode.Parse(RawHttp.Body(answer))!["error"]!;
        Assert.Equal(400, error["code"]!.GetValue<int>());
        Assert.Contains("chunk", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Json_bodies_are_read_whole_and_strictly()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(Listener(port), folder));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<string> Post(string json) => await (await client.PostAsync("/json", new StringContent(json, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync();

        Assert.Equal("""{"a":[1,"x"]}""", await Post("""{"a":[1,"x"]}"""));
        Assert.StartsWith("problem: ", await Post("""{"a":1,"a":2}"""), StringComparison.Ordinal);
        Assert.StartsWith("problem: ", await Post("""{"a":"\ud800"}"""), StringComparison.Ordinal);
        Assert.StartsWith("problem: ", await Post(new string('[', 65) + new string(']', 65)), StringComparison.Ordinal);
        Assert.Equal("empty", await Post(""));
        Assert.Equal("null", await Post("null"));

        // Chunked and in two writes: the body is parsed once it is complete.
        var answer = await RawHttp.SendAsync(port,
            Encoding.ASCII.GetBytes("POST /json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n6\r\n{\"a\":[\r\n"),
            Encoding.ASCII.GetBytes("5\r\n1,2]}\r\n0\r\n\r\n"));
        Assert.Contains("""{"a":[1,2]}""", answer, StringComparison.Ordinal);
        await runner.ShutdownAsync();
    }
}
