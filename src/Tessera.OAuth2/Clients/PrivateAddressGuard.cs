using System.Net;
using System.Net.Sockets;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// <c>clients.http.disallow_private_ip_ranges</c>: URLs the server will fetch for a client (jwks_uri,
/// backchannel_logout_uri, sector_identifier_uri, request_uris) must not resolve to loopback, private,
/// link-local or otherwise internal addresses, unless listed in <c>clients.http.private_ip_exception_urls</c>.
/// Checked when the client is written; a name that changes its answer later is not caught here.
/// </summary>
internal sealed class PrivateAddressGuard(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public static PrivateAddressGuard System { get; } = new(Dns.GetHostAddressesAsync);

    /// <summary>Null when every URL is allowed, else a hint naming the field, URL and address.</summary>
    public async Task<string?> ProblemAsync(IEnumerable<(string Field, string Url)> urls, IReadOnlyCollection<string> exceptions, CancellationToken ct)
    {
        foreach (var (field, url) in urls)
        {
            if (exceptions.Contains(url) || ClientValidator.AbsoluteUri(url) is not { } uri || uri.Host.Length == 0)
            {
                continue;
            }

            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? [literal] : await resolve(uri.IdnHost, ct);
            }
            catch (SocketException e)
            {
                return $"{field} ({url}) could not be resolved: {e.Message}";
            }

            if (addresses.FirstOrDefault(IsInternal) is { } blocked)
            {
                return $"{field} ({url}) resolves to {blocked}, which is in a private, loopback or link-local range";
            }
        }

        return null;
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && (b[1] & 0xC0) == 64);
    }
}
