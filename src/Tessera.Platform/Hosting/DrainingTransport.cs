using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Kestrel's socket transport with what an orderly shutdown needs. Its listening sockets can be
/// closed on their own, before the server stops: from then on the kernel refuses a new connect
/// (which a client or load balancer retries elsewhere) instead of accepting it into a backlog that
/// the stop would then reset. And every connection is counted in <see cref="DrainState"/> from the
/// moment it is accepted until its socket closes, so a connection accepted but not yet running is
/// waited for too. Kestrel ends its accept loop when <see cref="IConnectionListener.AcceptAsync"/>
/// returns null, which a closed socket's listener does.
/// </summary>
internal sealed class DrainingTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly IConnectionListenerFactory sockets;
    private readonly DrainState drain;
    private readonly List<IConnectionListener> listeners = [];
    private bool closed;

    public DrainingTransport(IConnectionListenerFactory sockets, DrainState drain)
    {
        this.sockets = sockets;
        this.drain = drain;
    }

    public bool CanBind(EndPoint endpoint) => sockets is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = new CountingListener(await sockets.BindAsync(endpoint, cancellationToken), drain);
        bool closeNow;
        lock (listeners)
        {
            listeners.Add(listener);
            closeNow = closed;
        }

        if (closeNow)
        {
            await listener.UnbindAsync(cancellationToken);
        }

        return listener;
    }

    /// <summary>Closes every listening socket. Accepted connections stay open and keep being served.</summary>
    public async Task CloseListenersAsync()
    {
        IConnectionListener[] open;
        lock (listeners)
        {
            closed = true;
            open = [.. listeners];
        }

        foreach (var listener in open)
        {
            await listener.UnbindAsync();
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
