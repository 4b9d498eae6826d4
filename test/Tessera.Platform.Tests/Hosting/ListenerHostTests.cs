using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tessera.Platform.Hosting;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Hosting;

public sealed partial class ListenerHostTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Tcp_listener_serves_health_and_answers_unknown_routes_in_ory_shape()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n", folder));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync("/health/alive"));
        Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync("/health/ready"));

        // JSON answers go out in one piece with their length, not chunked.
        var alive = await client.GetAsync("/health/alive");
        Assert.Equal(15, alive.Content.Headers.ContentLength);
        Assert.NotEqual(true, alive.Headers.TransferEncodingChunked);

        var missing = await client.GetAsync("/nowhere?token=secret");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((await missing.Content.ReadAsByteArrayAsync()).Length, missing.Content.Headers.ContentLength);
        Assert.NotEqual(true, missing.Headers.TransferEncodingChunked);
        var body = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.Equal(404, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal("Not Found", body["error"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain("secret", body.ToJsonString());
        Assert.True(missing.Headers.Contains("X-Request-Id"));

        // Public listeners do not serve admin-only endpoints.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics/prometheus")).StatusCode);
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Ready_is_503_with_the_failing_check_named()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(
            ListenerFixture.Config($"serve:\n  admin:\n    host: 127.0.0.1\n    port: {port}\n", folder), "admin", admin: true,
            [new ReadinessCheck("database", _ => Task.FromResult(false))]);
        using var client = new HttpClient();
        var response = await client.GetAsync($"http://127.0.0.1:{port}/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(body["errors"]!["database"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{port}/health/alive")).StatusCode);
        var version = await client.GetFromJsonAsync<JsonObject>($"http://127.0.0.1:{port}/version");
        Assert.StartsWith("0.", version!["version"]!.GetValue<string>());
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Metrics_endpoint_is_prometheus_text_with_request_counts_by_route()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  admin:\n    host: 127.0.0.1\n    port: {port}\n", folder), "admin", admin: true);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await client.GetStringAsync("/fast");
        await client.GetAsync("/no/such/route/123");
        var text = await client.GetStringAsync("/metrics/prometheus");
        var samples = PrometheusText.Parse(text);
        Assert.Contains(samples, s => s.Name == "http_requests_total" && s.Labels["route"] == "/fast" && s.Labels["code"] == "200" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "http_requests_total" && s.Labels["route"] == "unmatched" && s.Labels["code"] == "404");
        Assert.Contains(samples, s => s.Name == "http_request_duration_seconds_bucket");
        Assert.Contains(samples, s => s.Name.StartsWith("process_", StringComparison.Ordinal));
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Unix_socket_listener_has_the_requested_mode_and_is_removed_at_stop()
    {
        var socket = folder.File("public.sock");
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: unix:{socket}\n    socket:\n      mode: 0o660\n", folder));
        Assert.True(File.Exists(socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(socket));

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler);
        Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync("http://localhost/health/alive"));
        await runner.ShutdownAsync();
        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task Unix_socket_owner_and_group_are_applied_by_name()
    {
        Assert.Equal("root", Environment.UserName); // chown to another user needs root, as the test setup runs
        var uid = PasswdId("/etc/passwd", "postgres");
        var gid = PasswdId("/etc/group", "postgres");
        var socket = folder.File("owned.sock");
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: unix:{socket}\n    socket:\n      owner: postgres\n      group: postgres\n", folder));
        Assert.Equal($"{uid} {gid}", StatOwner(socket));
        await runner.ShutdownAsync();

        var e = await Assert.ThrowsAsync<HostingException>(() => ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: unix:{folder.File("x.sock")}\n    socket:\n      owner: no-such-user-here\n", folder)));
        Assert.Contains("no-such-user-here", e.Message);
    }

    [Fact]
    public async Task Tls_listener_serves_https_with_the_configured_certificate()
    {
        var (certPem, keyPem, thumbprint) = SelfSignedCertificate();
        File.WriteAllText(folder.File("tls.crt"), certPem);
        var port = FreePort.Next();
        var keyBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(keyPem));
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(
            $"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n  tls:\n    cert:\n      path: {folder.File("tls.crt")}\n    key:\n      base64: {keyBase64}\n", folder));
        string? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate?.Thumbprint;
                return true;
            },
        };
        using var client = new HttpClient(handler);
        Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync($"https://127.0.0.1:{port}/health/alive"));
        Assert.Equal(thumbprint, seen);
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync($"http://127.0.0.1:{port}/health/alive"));
        await runner.ShutdownAsync();
    }

    [Theory]
    [InlineData("127.0.0.1/32", "https", "/fast", HttpStatusCode.OK)]
    [InlineData("127.0.0.1/32", null, "/fast", HttpStatusCode.BadGateway)]
    [InlineData("10.0.0.0/8", "https", "/fast", HttpStatusCode.BadGateway)]
    [InlineData("10.0.0.0/8", null, "/health/alive", HttpStatusCode.OK)]
    [InlineData("10.0.0.0/8", null, "/health/ready", HttpStatusCode.OK)]
    public async Task Tls_termination_accepts_only_trusted_proxies_saying_https(string trusted, string? forwardedProto, string path, HttpStatusCode expected)
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(
            $"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n  tls:\n    allow_termination_from: [\"{trusted}\"]\n", folder));
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadGateway)
        {
            Assert.Contains("insecure http", await response.Content.ReadAsStringAsync());
        }

        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Cors_answers_preflights_for_wildcard_origins_and_ignores_others()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config(
            $"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n    cors:\n      enabled: true\n      allowed_origins: [\"https://*.example.com\"]\n      allowed_methods: [GET, POST]\n      allowed_headers: [Authorization, Content-Type]\n      exposed_headers: [X-Request-Id]\n      max_age: 600\n", folder));
        using var client = new HttpClient();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"http://127.0.0.1:{port}/fast");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        var answer = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://app.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("600", answer.Headers.GetValues("Access-Control-Max-Age").Single());

        using var simple = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/fast");
        simple.Headers.Add("Origin", "https://app.example.com");
        var simpleAnswer = await client.SendAsync(simple);
        Assert.Equal("X-Request-Id", simpleAnswer.Headers.GetValues("Access-Control-Expose-Headers").Single());

        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/fast");
        foreign.Headers.Add("Origin", "https://evil.example.org");
        var foreignAnswer = await client.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.OK, foreignAnswer.StatusCode);
        Assert.False(foreignAnswer.Headers.Contains("Access-Control-Allow-Origin"));
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task Hostile_input_gets_400_or_413_with_a_json_body_never_a_5xx()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n", folder));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var manyFields = string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=v"));
        var tooMany = await client.PostAsync("/form", new StringContent(manyFields, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.NotNull(JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["error"]);

        var longKey = await client.PostAsync("/form", new StringContent(new string('k', 5000) + "=v", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);

        // Expect: 100-continue, so the client waits for the early 413 instead of racing the server's close with its upload.
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new ByteArrayContent(new byte[3 * 1024 * 1024]) };
        hugeRequest.Headers.ExpectContinue = true;
        var huge = await client.SendAsync(hugeRequest);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var ok = await client.PostAsync("/form", new StringContent("a=1&b=2", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal("2 fields", await ok.Content.ReadAsStringAsync());

        // A broken chunk size, written by hand.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n"));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        var raw = Encoding.ASCII.GetString(buffer, 0, read);
        Assert.StartsWith("HTTP/1.1 400", raw);
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task A_form_arriving_in_pieces_or_chunked_is_read_whole_and_the_connection_stays_usable()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n", folder));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();

        async Task<string> ReadResponseAsync()
        {
            // The test endpoint answers chunked: the response ends with the last chunk.
            var buffer = new byte[4096];
            var text = "";
            while (!text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                Assert.NotEqual(0, read);
                text += Encoding.ASCII.GetString(buffer, 0, read);
            }

            return text;
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /urlencoded HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 16\r\n\r\nfirst=1&se"));
        await stream.FlushAsync();
        await Task.Delay(100);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("cond=2"));
        var first = await ReadResponseAsync();
        Assert.True(first.Contains("\r\nfirst:1&second:2\r\n", StringComparison.Ordinal), first);

        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /urlencoded HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n4\r\na=1&\r\n"));
        await stream.FlushAsync();
        await Task.Delay(100);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("3\r\nb=2\r\n0\r\n\r\n"));
        Assert.Contains("\r\na:1&b:2\r\n", await ReadResponseAsync(), StringComparison.Ordinal);
        await runner.ShutdownAsync();
    }

    [Fact]
    public async Task A_request_in_flight_when_shutdown_starts_completes()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n", folder));
        using var client = new HttpClient();
        var slow = client.GetAsync($"http://127.0.0.1:{port}/slow");
        await Task.Delay(150);
        var shutdown = runner.ShutdownAsync();
        var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("slow done", await response.Content.ReadAsStringAsync());
        await shutdown;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/fast"));
    }

    [Theory]
    [InlineData("tcp", "keep-alive")]
    [InlineData("unix", "keep-alive")]
    [InlineData("tcp", "close")]
    [InlineData("unix", "close")]
    public async Task Shutdown_under_load_loses_no_request(string transport, string connection)
    {
        const int Clients = 32;
        var port = FreePort.Next();
        var socket = folder.File("load.sock");
        var host = transport == "unix" ? $"unix:{socket}" : "127.0.0.1";
        EndPoint endpoint = transport == "unix" ? new UnixDomainSocketEndPoint(socket) : new IPEndPoint(IPAddress.Loopback, port);
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: {host}\n    port: {port}\n", folder), shutdownTimeout: TimeSpan.FromSeconds(10));
        // keep-alive: each client keeps its connection until told to close. close: each connects anew for
        // every request, so connections are always arriving in the accept queue when the listener closes.
        var load = KeepAliveLoad.Start(endpoint, Clients, Encoding.ASCII.GetBytes($"GET /fast HTTP/1.1\r\nHost: x\r\nConnection: {connection}\r\n\r\n"));

        // Shut down only once every client is in its keep-alive loop.
        var warmUp = DateTime.UtcNow.AddSeconds(20);
        while (load.Answered < 20 * Clients && load.Lost == 0 && DateTime.UtcNow < warmUp)
        {
            await Task.Delay(20);
        }

        var before = load.Answered;
        load.Mark();
        await runner.ShutdownAsync();
        await load.StopAsync(TimeSpan.FromSeconds(10));
        Assert.True(before >= 20 * Clients, $"the load did not run: {load.Report}");
        Assert.True(load.AnsweredAfterMark > 0, load.Report);
        Assert.Equal(0, load.Lost);
        Assert.Empty(load.OtherStatuses);
        // Every client's last connect was refused (the listening socket had closed first), never accepted
        // and reset; and every kept-alive connection had its next request answered with Connection: close.
        Assert.Equal(Clients, load.Refused);
        if (connection == "keep-alive")
        {
            Assert.Equal(Clients, load.ClosedByServer);
        }

        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task Shutdown_refuses_new_connections_first_and_answers_open_ones_with_connection_close()
    {
        var port = FreePort.Next();
        var runner = await ListenerFixture.StartAsync(ListenerFixture.Config($"serve:\n  public:\n    host: 127.0.0.1\n    port: {port}\n", folder), shutdownTimeout: TimeSpan.FromSeconds(10));
        using var kept = new TcpClient();
        await kept.ConnectAsync(IPAddress.Loopback, port);
        var stream = kept.GetStream();
        var responses = new HttpResponseReader(stream);
        var ready = Encoding.ASCII.GetBytes("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
        await stream.WriteAsync(ready);
        var first = await responses.ReadAsync();
        Assert.Equal((200, false), (first.Status, first.Close));

        var shutdown = runner.ShutdownAsync();
        var refused = false;
        for (var attempt = 0; attempt < 500 && !refused; attempt++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                await Task.Delay(10);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                refused = true;
            }
        }

        // New connects are refused while the open connection is still served: its next request is
        // answered (not ready: shutting down) and told to close.
        Assert.True(refused);
        Assert.False(shutdown.IsCompleted);
        await stream.WriteAsync(ready);
        var last = await responses.ReadAsync();
        Assert.Equal((503, true), (last.Status, last.Close));
        Assert.Contains("shutdown", last.BodyStart);
        await shutdown;
    }

    private static int PasswdId(string database, string name)
        => int.Parse(File.ReadLines(database).Select(l => l.Split(':')).First(f => f[0] == name)[2], System.Globalization.CultureInfo.InvariantCulture);

    private static string StatOwner(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u %g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }

    private static (string CertPem, string KeyPem, string Thumbprint) SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.Thumbprint);
    }
}
