using System.Net;
using System.Net.Sockets;
using Tessera.Proxy.Forwarding;

namespace Tessera.Proxy.Tests.Forwarding;

public sealed class Http1ConnectionPoolTests
{
    [Fact]
    public async Task Idle_connections_are_reused_newest_first_and_closed_by_the_sweep_once_idle_past_the_limit()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var pool = new Http1ConnectionPool(TimeSpan.FromMilliseconds(600));
        var authority = $"127.0.0.1:{port}";

        var first = await pool.ConnectAsync("127.0.0.1", port, authority, CancellationToken.None);
        var second = await pool.ConnectAsync("127.0.0.1", port, authority, CancellationToken.None);
        using var firstServer = await listener.AcceptSocketAsync();
        using var secondServer = await listener.AcceptSocketAsync();
        Assert.False(first.Reused);
        pool.Return(first);
        pool.Return(second);
        Assert.Equal(2, pool.IdleCount);

        var taken = pool.TakeIdle(authority);
        Assert.Same(second, taken);
        Assert.True(taken!.Reused);
        pool.Return(taken);

        // Both idle past the limit: the sweep closes them, and the upstream sees its connections end.
        Assert.True(SpinWait.SpinUntil(() => pool.IdleCount == 0, TimeSpan.FromSeconds(10)));
        var buffer = new byte[1];
        Assert.Equal(0, await firstServer.ReceiveAsync(buffer, SocketFlags.None));
        Assert.Equal(0, await secondServer.ReceiveAsync(buffer, SocketFlags.None));
        Assert.Null(pool.TakeIdle(authority));
    }

    [Fact]
    public async Task A_connection_the_upstream_closed_while_idle_is_not_handed_out()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var pool = new Http1ConnectionPool();
        var authority = $"127.0.0.1:{port}";

        pool.Return(await pool.ConnectAsync("127.0.0.1", port, authority, CancellationToken.None));
        using (var server = await listener.AcceptSocketAsync())
        {
            server.Shutdown(SocketShutdown.Both);
        }

        // Once the upstream's FIN has arrived, the first look finds the connection unusable.
        await Task.Delay(300);
        Assert.Equal(1, pool.IdleCount);
        Assert.Null(pool.TakeIdle(authority));
        Assert.Equal(0, pool.IdleCount);
    }
}
