using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Storage;

/// <summary>
/// A loopback TCP relay in front of a database server, so a test can make the database go away
/// (<see cref="Stop"/>: the port refuses and open connections are cut) and come back
/// (<see cref="Start"/>) without stopping the server the other tests share.
/// </summary>
internal sealed partial class TcpRelay : IDisposable
{
    private readonly int target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;

    public TcpRelay(int target)
    {
        this.target = target;
        Port = FreePort.Next();
        Start();
    }

    public int Port { get; }

    /// <summary>The DSN of a database on loopback (<c>127.0.0.1:port</c>) rewritten to go through the relay.</summary>
    public static (TcpRelay Relay, string Dsn) For(string dsn)
    {
        var relay = new TcpRelay(int.Parse(LoopbackPort().Match(dsn).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return (relay, LoopbackPort().Replace(dsn, "127.0.0.1:" + relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), 1));
    }

    public void Start()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener);
    }

    public void Stop()
    {
        listener?.Stop();
        listener = null;
        lock (open)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    public void Dispose() => Stop();

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex LoopbackPort();

    private async Task AcceptAsync(TcpListener server)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, target);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (open)
            {
                open.Add(inbound);
                open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
