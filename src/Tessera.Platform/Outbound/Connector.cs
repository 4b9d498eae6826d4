using System.Net;
using System.Net.Sockets;

namespace Tessera.Platform.Outbound;

/// <summary>
/// The connect step of the outbound handlers (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves
/// the host once with the process's resolver and, when <paramref name="check"/> is set, refuses when any
/// of its addresses is internal (<see cref="AddressPolicy"/>); then connects to those same addresses, in
/// order, so that a second lookup (DNS rebinding) has no chance to send the connection elsewhere.
/// </summary>
/// <remarks>
/// Refusing when any address is internal, rather than skipping the internal ones, is Hydra's rule at
/// registration and makes a name's answer count as a whole: a record that mixes public and internal
/// addresses is refused every time, not only when the public one fails to answer.
/// </remarks>
/// <param name="resolve">The process's resolver (<see cref="OutboundNetwork.Resolve"/>).</param>
/// <param name="check">Refuse internal addresses: on for the handler that enforces the private-range rule.</param>
internal sealed class Connector(Func<string, CancellationToken, Task<IPAddress[]>> resolve, bool check)
{
    /// <summary>Whether addresses are checked against <see cref="AddressPolicy"/>.</summary>
    public bool Checks => check;

    /// <summary>The addresses <paramref name="host"/> stands for (a literal is itself), or why they may not be used.</summary>
    public async Task<IPAddress[]> AddressesAsync(string host, CancellationToken ct)
    {
        var addresses = await LookUpAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in check ? addresses : [])
        {
            if (AddressPolicy.RefusedRange(address) is { } range)
            {
                throw new DestinationRefusedException(host, address, range);
            }
        }

        return addresses;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await AddressesAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private Task<IPAddress[]> LookUpAsync(string host, CancellationToken ct)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var literal) ? Task.FromResult(new[] { literal }) : resolve(host, ct);
    }
}
