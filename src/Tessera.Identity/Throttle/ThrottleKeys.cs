using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Throttle;

/// <summary>
/// The digests the throttle stores instead of identifiers and addresses: lower-case hex SHA-256 of the trimmed,
/// lower-cased identifier, and of the address, IPv4-mapped IPv6 read as IPv4 and IPv6 cut to its /64 (one
/// subscriber's prefix, which an attacker gets whole).
/// </summary>
internal static class ThrottleKeys
{
    public static string Identifier(string identifier)
        => Digest("identifier\n" + identifier.Trim().ToLowerInvariant());

    public static string Address(string address)
        => Digest("address\n" + Normalize(address));

    internal static string Normalize(string address)
    {
        if (!IPAddress.TryParse(address.Trim(), out var ip))
        {
            return address.Trim().ToLowerInvariant();
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = ip.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return ip.ToString();
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
