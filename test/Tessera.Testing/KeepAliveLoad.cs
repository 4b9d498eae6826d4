using System.Net;
using System.Net.Sockets;

namespace Tessera.Testing;

/// <summary>
/// Keep-alive HTTP/1.1 clients on raw sockets, for shutdown tests (HttpClient would hide retries and
/// reconnects). Each client sends one request after another on its connection; when an answer says
/// <c>Connection: close</c> it connects again; when a connect is refused it stops, as a client behind
/// a load balancer would go elsewhere. A request written in full whose answer never came complete
/// (reset or end of stream first) is <see cref="Lost"/>.
/// </summary>
public sealed class KeepAliveLoad
{
    private readonly EndPoint server;
    private readonly byte[] request;
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> lostDetails = [];
    private readonly List<string> otherStatuses = [];
    private readonly Task[] clients;
    private int answered;
    private int answeredAfterMark;
    private int closedByServer;
    private int refused;
    private int writeFailed;
    private volatile bool marked;

    private KeepAliveLoad(EndPoint server, byte[] request, int clients)
    {
        this.server = server;
        this.request = request;
        this.clients = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            this.clients[i] = Task.Run(RunClientAsync);
        }
    }

    /// <summary>How many clients run.</summary>
    public int Clients => clients.Length;

    /// <summary>Complete answers received.</summary>
    public int Answered => Volatile.Read(ref answered);

    /// <summary>Complete answers received after <see cref="Mark"/>.</summary>
    public int AnsweredAfterMark => Volatile.Read(ref answeredAfterMark);

    /// <summary>Answers that said <c>Connection: close</c> (the client then connected again).</summary>
    public int ClosedByServer => Volatile.Read(ref closedByServer);

    /// <summary>Connects refused (each stops its client).</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>Requests that could not be written in full (the server had closed the connection): not sent, so not lost.</summary>
    public int WriteFailed => Volatile.Read(ref writeFailed);

    /// <summary>Requests written in full whose answer never came complete.</summary>
    public int Lost
    {
        get
        {
            lock (lostDetails)
            {
                return lostDetails.Count;
            }
        }
    }

    /// <summary>A readable summary of the counts, the lost requests' errors and unexpected statuses.</summary>
    public string Report
    {
        get
        {
            lock (lostDetails)
            {
                return $"answered {Answered} ({AnsweredAfterMark} after the mark), closed by server {ClosedByServer}, refused {Refused}, write failed {WriteFailed}, lost {lostDetails.Count}"
                    + string.Concat(lostDetails.Take(10).Select(d => "\n  lost: " + d))
                    + string.Concat(otherStatuses.Take(10).Select(s => "\n  answer: " + s));
            }
        }
    }

    /// <summary>Answers other than 200 (status line and the start of the body).</summary>
    public IReadOnlyList<string> OtherStatuses
    {
        get
        {
            lock (lostDetails)
            {
                return [.. otherStatuses];
            }
        }
    }

    /// <summary>Starts <paramref name="clients"/> clients sending <paramref name="request"/> (a whole HTTP/1.1 request) to <paramref name="server"/>.</summary>
    public static KeepAliveLoad Start(EndPoint server, int clients, byte[] request) => new(server, request, clients);

    /// <summary>Answers received from now on count in <see cref="AnsweredAfterMark"/> (call it as the server is signalled).</summary>
    public void Mark() => marked = true;

    /// <summary>Waits until every client has stopped on its own (a refused connect), or until <paramref name="timeout"/>; then stops the rest.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(clients).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
    }

    private async Task RunClientAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var socket = server is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server, stop.Token);
            }
            catch (SocketException)
            {
                // Refused (or no socket file): nothing was sent, the client goes elsewhere.
                socket.Dispose();
                Interlocked.Increment(ref refused);
                return;
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                return;
            }

            await using var stream = new NetworkStream(socket, ownsSocket: true);
            if (!await UseConnectionAsync(stream))
            {
                return;
            }
        }
    }

    /// <summary>Sends requests on one connection until the server closes it; false when the client should stop.</summary>
    private async Task<bool> UseConnectionAsync(NetworkStream stream)
    {
        var reader = new HttpResponseReader(stream);
        while (!stop.IsCancellationRequested)
        {
            var afterMark = marked;
            try
            {
                await stream.WriteAsync(request, stop.Token);
            }
            catch (IOException)
            {
                Interlocked.Increment(ref writeFailed);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            HttpResponseReader.Response response;
            try
            {
                response = await reader.ReadAsync(stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                lock (lostDetails)
                {
                    lostDetails.Add($"written {(afterMark ? "after" : "before")} the mark: {e.GetType().Name}: {e.Message}");
                }

                return !stop.IsCancellationRequested;
            }

            Interlocked.Increment(ref answered);
            if (marked)
            {
                Interlocked.Increment(ref answeredAfterMark);
            }

            if (response.Status != 200)
            {
                lock (lostDetails)
                {
                    otherStatuses.Add($"{response.Status} {response.BodyStart}");
                }
            }

            if (response.Close)
            {
                Interlocked.Increment(ref closedByServer);
                return true;
            }
        }

        return false;
    }
}
