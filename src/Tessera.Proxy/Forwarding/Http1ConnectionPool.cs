using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// Idle keep-alive connections to upstreams, by host and port, each used by one exchange at a time. A
/// connection idle longer than Go's <c>IdleConnTimeout</c> (90 s), or one the upstream closed or wrote to
/// while it was idle, is closed rather than reused; at most
/// <see cref="MaxIdlePerAuthority"/> wait per upstream, the rest are closed when returned. A sweep closes
/// the connections idle past the limit, so an upstream no longer called holds no sockets. New connections
/// are made with Nagle off and a 30 s connect timeout (Go's default dialer).
/// </summary>
internal sealed class Http1ConnectionPool : IDisposable
{
    private const int MaxIdlePerAuthority = 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, IdleConnections> idle = new(StringComparer.Ordinal);
    private readonly long idleLimitMilliseconds;
    private readonly Timer sweeper;
    private volatile bool disposed;

    public Http1ConnectionPool()
        : this(TimeSpan.FromSeconds(90))
    {
    }

    public Http1ConnectionPool(TimeSpan idleLimit)
    {
        idleLimitMilliseconds = (long)idleLimit.TotalMilliseconds;
        var period = idleLimit / 3;
        sweeper = new Timer(static state => ((Http1ConnectionPool)state!).Sweep(), this, period, period);
    }

    /// <summary>Connections waiting in the pool, all upstreams together.</summary>
    public int IdleCount => idle.Values.Sum(waiting => waiting.Count);

    /// <summary>The most recently returned connection to <paramref name="authority"/> still fresh enough to reuse, if any.</summary>
    public Http1Connection? TakeIdle(string authority)
    {
        if (!idle.TryGetValue(authority, out var waiting))
        {
            return null;
        }

        var now = Environment.TickCount64;
        while (waiting.TryPop(out var connection))
        {
            // Readable while idle means the upstream closed it or sent something unasked (a 408, say): not reusable.
            if (IsFresh(connection, now) && !connection.Socket.Poll(0, SelectMode.SelectRead))
            {
                connection.Reused = true;
                connection.Received = 0;
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    public async ValueTask<Http1Connection> ConnectAsync(string host, int port, string authority, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(host, port), timeout.Token).ConfigureAwait(false);
            return new Http1Connection(socket, authority, reused: false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Puts a connection whose exchange ended cleanly back for the next request.</summary>
    public void Return(Http1Connection connection)
    {
        var waiting = idle.GetOrAdd(connection.Authority, static _ => new IdleConnections());
        connection.IdleSince = Environment.TickCount64;
        if (disposed || !waiting.TryPush(connection, MaxIdlePerAuthority))
        {
            connection.Dispose();
            return;
        }

        if (disposed && waiting.TryPop(out var late))
        {
            late.Dispose();
        }
    }

    private bool IsFresh(Http1Connection connection, long now) => now - connection.IdleSince < idleLimitMilliseconds;

    /// <summary>Closes the connections idle past the limit; the fresh ones go back, newest on top.</summary>
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var waiting in idle.Values)
        {
            var fresh = new List<Http1Connection>();
            while (waiting.TryPop(out var connection))
            {
                if (IsFresh(connection, now))
                {
                    fresh.Add(connection);
                }
                else
                {
                    connection.Dispose();
                }
            }

            for (var i = fresh.Count - 1; i >= 0; i--)
            {
                if (disposed || !waiting.TryPush(fresh[i], MaxIdlePerAuthority))
                {
                    fresh[i].Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        disposed = true;
        sweeper.Dispose();
        foreach (var waiting in idle.Values)
        {
            while (waiting.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>One upstream's idle connections, newest first, with their count (a stack's own Count walks it).</summary>
    private sealed class IdleConnections
    {
        private readonly ConcurrentStack<Http1Connection> stack = new();
        private int count;

        public int Count => Volatile.Read(ref count);

        public bool TryPush(Http1Connection connection, int limit)
        {
            if (Interlocked.Increment(ref count) > limit)
            {
                Interlocked.Decrement(ref count);
                return false;
            }

            stack.Push(connection);
            return true;
        }

        public bool TryPop(out Http1Connection connection)
        {
            if (!stack.TryPop(out connection!))
            {
                return false;
            }

            Interlocked.Decrement(ref count);
            return true;
        }
    }
}
