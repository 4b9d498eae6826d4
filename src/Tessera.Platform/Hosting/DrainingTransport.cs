using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Kestrel's socket transport with what an orderly shutdown needs. Its listening sockets can be
/// closed on their own, before the server stops, without resetting a connection the kernel has
/// already accepted: first no new connection may join the accept queue (TCP: <see cref="SynFilter"/>;
/// unix socket: its file is removed), then the queue is emptied into Kestrel, then the sockets close,
/// so a connect from then on is refused (which a client or load balancer retries elsewhere). Kestrel
/// ends its accept loop when <see cref="IConnectionListener.AcceptAsync"/> returns null, which a
/// closed socket's listener does. Every connection is also counted in <see cref="DrainState"/> from
/// the moment it is accepted until its socket closes, so one accepted but not yet running counts too.
/// </summary>
internal sealed class DrainingTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    // A handshake under way when the filter goes on completes within a round trip.
    private static readonly TimeSpan HandshakeSettle = TimeSpan.FromMilliseconds(50);

    // A flood of connects cannot hold the shutdown: whatever still queues after this is reset.
    private static readonly TimeSpan MaxQueueDrain = TimeSpan.FromSeconds(1);

    private readonly SocketTransportFactory sockets;
    private readonly DrainState drain;
    private readonly List<Socket> listenSockets = [];
    private readonly List<IConnectionListener> listeners = [];
    private Task? closing;

    public DrainingTransport(SocketTransportOptions options, ILoggerFactory loggers, DrainState drain)
    {
        var create = options.CreateBoundListenSocket;
        options.CreateBoundListenSocket = endpoint =>
        {
            var socket = create(endpoint);
            lock (listeners)
            {
                listenSockets.Add(socket);
            }

            return socket;
        };
        sockets = new SocketTransportFactory(Options.Create(options), loggers);
        this.drain = drain;
    }

    public bool CanBind(EndPoint endpoint) => sockets.CanBind(endpoint);

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = new CountingListener(await sockets.BindAsync(endpoint, cancellationToken), drain);
        bool closeNow;
        lock (listeners)
        {
            listeners.Add(listener);
            closeNow = closing is not null;
        }

        if (closeNow)
        {
            await listener.UnbindAsync(cancellationToken);
        }

        return listener;
    }

    /// <summary>
    /// Stops new connections, hands the ones already queued to Kestrel, and closes every listening
    /// socket, once however often it is called. Accepted connections stay open and keep being served.
    /// </summary>
    public Task CloseListenersAsync()
    {
        lock (listeners)
        {
            return closing ??= CloseAsync([.. listenSockets], [.. listeners]);
        }
    }

    private static async Task CloseAsync(Socket[] queues, IConnectionListener[] open)
    {
        foreach (var socket in queues)
        {
            StopQueueing(socket);
        }

        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < MaxQueueDrain
               && (Stopwatch.GetElapsedTime(started) < HandshakeSettle || queues.Any(HasQueuedConnection)))
        {
            await Task.Delay(5);
        }

        foreach (var listener in open)
        {
            await listener.UnbindAsync();
        }
    }

    private static void StopQueueing(Socket socket)
    {
        try
        {
            if (socket.LocalEndPoint is UnixDomainSocketEndPoint unix && unix.ToString() is { Length: > 0 } path && path[0] is not ('\0' or '@'))
            {
                // Without its file no one can connect; connections already queued stay.
                File.Delete(path);
            }
            else
            {
                SynFilter.TryAttach(socket);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or IOException or UnauthorizedAccessException)
        {
            // Closed already, or the file is not ours to remove: closing the socket still stops new connects.
        }
    }

    /// <summary>Whether a connection waits in the socket's accept queue (a listening socket polls readable then).</summary>
    private static bool HasQueuedConnection(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    private sealed class CountingListener(IConnectionListener socket, DrainState drain) : IConnectionListener
    {
        public EndPoint EndPoint => socket.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            var connection = await socket.AcceptAsync(cancellationToken);
            if (connection is not null)
            {
                drain.ConnectionOpened();
                connection.ConnectionClosed.Register(static state => ((DrainState)state!).ConnectionClosed(), drain);
            }

            return connection;
        }

        // Kestrel unbinds again when it stops; the socket listener closes once and ignores the rest.
        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => socket.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => socket.DisposeAsync();
    }
}
