using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Hooks;

/// <summary>A web hook target on a loopback port: records each request (head and body) and answers with the status and body set now.</summary>
internal sealed class WebHookTarget : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Task loop;
    private readonly CancellationTokenSource stop = new();

    public WebHookTarget()
    {
        Port = FreePort.Next();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        loop = ServeAsync();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public int Status { get; set; } = 200;

    public string Body { get; set; } = "";

    public ConcurrentQueue<(string Head, string Body)> Received { get; } = new();

    /// <summary>Waits (up to 10 s) until <paramref name="count"/> requests arrived; for fire-and-forget hooks.</summary>
    public async Task<bool> WaitForAsync(int count)
    {
        for (var i = 0; i < 200 && Received.Count < count; i++)
        {
            await Task.Delay(50);
        }

        return Received.Count >= count;
    }

    private async Task ServeAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                await using var stream = client.GetStream();
                var buffer = new List<byte>();
                var chunk = new byte[8192];
                int end;
                while ((end = Encoding.ASCII.GetString(buffer.ToArray()).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                {
                    var n = await stream.ReadAsync(chunk, stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n));
                }

                var head = Encoding.ASCII.GetString(buffer.ToArray(), 0, Math.Max(end, 0));
                var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (buffer.Count < end + 4 + length)
                {
                    var n = await stream.ReadAsync(chunk, stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    buffer.AddRange(chunk.AsSpan(0, n));
                }

                Received.Enqueue((head, Encoding.UTF8.GetString(buffer.ToArray(), end + 4, Math.Min(length, buffer.Count - end - 4))));
                var payload = Encoding.UTF8.GetBytes(Body);
                var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 {Status} X\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(answer, stop.Token);
                await stream.WriteAsync(payload, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
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
