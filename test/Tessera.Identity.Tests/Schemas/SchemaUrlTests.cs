using System.Net;
using System.Net.Sockets;
using System.Text;
using Tessera.Identity.Tests.Http;
using Tessera.Platform.Configuration;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Schemas;

/// <summary>Identity schemas at http:// URLs, fetched at start through the service's outbound client.</summary>
public sealed class SchemaUrlTests
{
    /// <summary>Answers every request on a loopback port with one status and body, and counts the requests.</summary>
    private sealed class OneAnswerServer : IAsyncDisposable
    {
        private readonly TcpListener listener;
        private readonly Task loop;
        private readonly CancellationTokenSource stop = new();
        private int requests;

        public OneAnswerServer(int status, string body)
        {
            Port = FreePort.Next();
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            loop = ServeAsync(status, body);
        }

        public int Port { get; }

        public int Requests => Volatile.Read(ref requests);

        private async Task ServeAsync(int status, string body)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                    await using var stream = client.GetStream();
                    var buffer = new byte[8192];
                    var read = 0;
                    while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal) && read < buffer.Length)
                    {
                        var n = await stream.ReadAsync(buffer.AsMemory(read), stop.Token);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    Interlocked.Increment(ref requests);
                    var payload = Encoding.UTF8.GetBytes(body);
                    var head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                    await stream.WriteAsync(payload, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await loop;
            stop.Dispose();
        }
    }

    [Fact]
    public async Task A_schema_at_an_http_url_is_fetched_at_start_and_served()
    {
        await using var remote = new OneAnswerServer(200, IdentityTestSchemas.Email);
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["identity.schemas"] = $$"""[{"id":"default","url":"http://127.0.0.1:{{remote.Port}}/email.schema.json"}]""",
        });
        Assert.Equal(1, remote.Requests);
        var (status, schema, _) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/schemas/default");
        Assert.Equal(200, status);
        Assert.Equal("Person", (string)schema!["title"]!);
        (status, _, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"web@example.com"}}""");
        Assert.Equal(201, status);
    }

    [Fact]
    public async Task A_schema_url_that_fails_stops_the_start_naming_the_key()
    {
        await using var refusing = new OneAnswerServer(404, "{}");
        var unreachable = FreePort.Next();
        foreach (var url in new[] { $"http://127.0.0.1:{refusing.Port}/missing.json", $"http://127.0.0.1:{unreachable}/schema.json" })
        {
            var error = await Assert.ThrowsAsync<ConfigException>(() => IdentityTestRuntime.StartAsync(new Dictionary<string, string>
            {
                ["identity.schemas"] = $$"""[{"id":"default","url":"{{url}}"}]""",
            }));
            Assert.Contains("identity.schemas \"default\"", error.Message, StringComparison.Ordinal);
            Assert.Contains(url, error.Message, StringComparison.Ordinal);
        }
    }
}
