using System.Net.Sockets;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// One keep-alive HTTP/1.1 connection to an upstream: its socket and the buffer every exchange on it reads
/// into (the request head is written there too, before the answer arrives). <see cref="Received"/> counts
/// what the current exchange has read, so a reused connection the upstream closed while idle can be told
/// from an upstream that closed mid-answer.
/// </summary>
internal sealed class Http1Connection(Socket socket, string authority, bool reused) : IDisposable
{
    private const int InitialBuffer = 16 * 1024;

    public Socket Socket { get; } = socket;

    /// <summary>The pool key: the upstream's host and port.</summary>
    public string Authority { get; } = authority;

    /// <summary>True when the connection came from the pool rather than a fresh connect.</summary>
    public bool Reused { get; set; } = reused;

    public byte[] Buffer { get; private set; } = new byte[InitialBuffer];

    /// <summary>Bytes received from the upstream in the current exchange.</summary>
    public long Received { get; set; }

    /// <summary>
    /// A pooled connection that has received nothing in this exchange: when it fails now, the upstream most likely
    /// closed it while it was idle, and the (idempotent, bodyless) request may go again on a new connection.
    /// </summary>
    public bool MayRetry => Reused && Received == 0;

    /// <summary>When the connection went back to the pool (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Doubles the buffer (keeping its first <paramref name="keep"/> bytes) up to <paramref name="limit"/>; false at the limit.</summary>
    public bool Grow(int keep, int limit)
    {
        if (Buffer.Length >= limit)
        {
            return false;
        }

        var larger = new byte[Math.Min(limit, Buffer.Length * 2)];
        Buffer.AsSpan(0, keep).CopyTo(larger);
        Buffer = larger;
        return true;
    }

    /// <summary>Receives into the buffer from <paramref name="offset"/> on; 0 when the upstream closed. Restarts the activity timer.</summary>
    public async ValueTask<int> ReceiveAsync(int offset, ActivityTimer activity)
    {
        var read = await Socket.ReceiveAsync(Buffer.AsMemory(offset), SocketFlags.None, activity.Token).ConfigureAwait(false);
        activity.Restart();
        Received += read;
        return read;
    }

    public void Dispose() => Socket.Dispose();
}
