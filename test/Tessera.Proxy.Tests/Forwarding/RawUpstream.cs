using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tessera.Proxy.Tests.Forwarding;

/// <summary>What a <see cref="RawUpstream"/> sends for one request: its byte pieces (sent apart, so the reader sees them arrive in turn), then it closes the connection or waits for the next request.</summary>
internal sealed record RawAnswer(string[] Pieces, bool Close = false)
{
    public static RawAnswer Of(string answer, bool close = false) => new([answer], close);
}

/// <summary>
/// A loopback HTTP/1.1 upstream that answers with scripted bytes (anything, malformed included): it reads each
/// request head on a connection and sends what the script gives for it. It records the heads it received and
/// how many connections it accepted.
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, int, RawAnswer> script;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int connections;

    public RawUpstream(Func<string, int, RawAnswer> script)
    {
        this.script = script;
        listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        accepting = AcceptAsync();
    }

    /// <summary>The upstream's base URL.</summary>
    public string Url { get; }

    public ConcurrentQueue<string> Heads { get; } = new();

    public int Connections => Volatile.Read(ref connections);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var exchanges = 0;
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    var buffer = new byte[65536];
                    var filled = 0;
                    while (!stop.IsCancellationRequested)
                    {
                        int end;
                        while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                        {
                            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, stop.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : 0, TaskScheduler.Default);
                            if (read == 0)
                            {
                                return;
                            }

                            filled += read;
                        }

                        var head = Encoding.UTF8.GetString(buffer, 0, end + 4);
                        buffer.AsSpan(end + 4, filled - end - 4).CopyTo(buffer);
                        filled -= end + 4;
                        Heads.Enqueue(head);
                        var answer = script(head, Interlocked.Increment(ref exchanges));
                        foreach (var piece in answer.Pieces)
                        {
                            await socket.SendAsync(Encoding.UTF8.GetBytes(piece), SocketFlags.None);
                            await Task.Delay(5);
                        }

                        if (answer.Close)
                        {
                            socket.Shutdown(SocketShutdown.Both);
                            return;
                        }
                    }
                }
            });
        }
    }
}
