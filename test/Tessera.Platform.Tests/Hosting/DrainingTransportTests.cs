using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Hosting;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Hosting;

public sealed class DrainingTransportTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("tcp")]
    [InlineData("unix")]
    public async Task Closing_hands_over_a_connection_still_in_the_accept_queue_and_refuses_new_ones(string transport)
    {
        var drain = new DrainState();
        var sockets = new DrainingTransport(new SocketTransportOptions(), NullLoggerFactory.Instance, drain);
        var path = folder.File("queue.sock");
        EndPoint endpoint = transport == "unix" ? new UnixDomainSocketEndPoint(path) : new IPEndPoint(IPAddress.Loopback, 0);
        await using var listener = await sockets.BindAsync(endpoint);
        endpoint = listener.EndPoint;
        Socket NewClient() => transport == "unix"
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // Accepted by the kernel, not yet by the server: it waits in the accept queue.
        using var queued = NewClient();
        await queued.ConnectAsync(endpoint);
        var closing = sockets.CloseListenersAsync();

        // From now on a connect never reaches the queue, and ends refused once the socket has closed.
        using var late = NewClient();
        var lateConnect = late.ConnectAsync(endpoint);

        // The queued connection is still handed over, counted, and works.
        await using var accepted = await listener.AcceptAsync();
        Assert.NotNull(accepted);
        Assert.Equal(1, drain.OpenConnections);
        await closing;
        Assert.Null(await listener.AcceptAsync());
        Assert.False(File.Exists(path));
        await queued.SendAsync("ping"u8.ToArray());
        var read = await accepted.Transport.Input.ReadAtLeastAsync(4);
        Assert.Equal("ping"u8.ToArray(), read.Buffer.Slice(0, 4).ToArray());
        accepted.Transport.Input.AdvanceTo(read.Buffer.End);

        var refused = await Assert.ThrowsAsync<SocketException>(() => lateConnect.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(refused.SocketErrorCode, new[] { SocketError.ConnectionRefused, SocketError.AddressNotAvailable });
    }
}
