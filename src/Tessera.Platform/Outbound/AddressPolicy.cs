using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tessera.Platform.Outbound;

/// <summary>
/// Which addresses the server may connect to when private ranges are disallowed (Hydra's
/// <c>clients.http.disallow_private_ip_ranges</c>): only globally reachable unicast addresses. An
/// IPv4 address refused here is refused in every IPv6 form that carries it (IPv4-mapped
/// <c>::ffff:0:0/96</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>); the forms whose embedded
/// address cannot be read with certainty (Teredo, local-use NAT64, IPv4-compatible) are refused whole.
/// IPv6 outside the global unicast block <c>2000::/3</c> is refused, as in Ory's own check.
/// </summary>
internal static class AddressPolicy
{
    private static readonly Prefix[] V4Refused =
    [
        V4("0.0.0.0", 8, "this network (0.0.0.0/8)"),
        V4("10.0.0.0", 8, "private use (10.0.0.0/8)"),
        V4("100.64.0.0", 10, "shared address space (100.64.0.0/10)"),
        V4("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
        V4("169.254.0.0", 16, "link-local (169.254.0.0/16)"),
        V4("172.16.0.0", 12, "private use (172.16.0.0/12)"),
        V4("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
        V4("192.0.2.0", 24, "documentation (192.0.2.0/24)"),
        V4("192.88.99.0", 24, "6to4 relay anycast (192.88.99.0/24)"),
        V4("192.168.0.0", 16, "private use (192.168.0.0/16)"),
        V4("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
        V4("198.51.100.0", 24, "documentation (198.51.100.0/24)"),
        V4("203.0.113.0", 24, "documentation (203.0.113.0/24)"),
        V4("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
        V4("255.255.255.255", 32, "limited broadcast (255.255.255.255)"),
        V4("240.0.0.0", 4, "reserved (240.0.0.0/4)"),
    ];

    private static readonly Prefix[] V6Refused =
    [
        V6("::", 128, "unspecified (::)"),
        V6("::1", 128, "loopback (::1)"),
        V6("::", 96, "IPv4-compatible (::/96)"),
        V6("::ffff:0:0:0", 96, "IPv4-translated (::ffff:0:0:0/96)"),
        V6("64:ff9b:1::", 48, "local-use NAT64 (64:ff9b:1::/48)"),
        V6("100::", 64, "discard-only (100::/64)"),
        V6("2001::", 32, "Teredo (2001::/32)"),
        V6("2001:db8::", 32, "documentation (2001:db8::/32)"),
        V6("2001::", 23, "IETF protocol assignments (2001::/23)"),
        V6("3fff::", 20, "documentation (3fff::/20)"),
        V6("5f00::", 16, "segment routing (5f00::/16)"),
        V6("fc00::", 7, "unique local (fc00::/7)"),
        V6("fe80::", 10, "link-local (fe80::/10)"),
        V6("fec0::", 10, "site-local (fec0::/10)"),
        V6("ff00::", 8, "multicast (ff00::/8)"),
    ];

    private static readonly Prefix V4Mapped = V6("::ffff:0:0", 96, "IPv4-mapped");
    private static readonly Prefix Nat64 = V6("64:ff9b::", 96, "NAT64");
    private static readonly Prefix SixToFour = V6("2002::", 16, "6to4");
    private static readonly Prefix GlobalUnicast = V6("2000::", 3, "global unicast");

    /// <summary>True when a connection to <paramref name="address"/> may be made with private ranges disallowed.</summary>
    public static bool IsPermitted(IPAddress address) => RefusedRange(address) is null;

    /// <summary>The range that makes <paramref name="address"/> internal, for logs; null when it is permitted.</summary>
    public static string? RefusedRange(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork && address.TryWriteBytes(bytes, out _))
        {
            return RefusedV4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(bytes, out _))
        {
            return "not an IP address";
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        if (V4Mapped.Contains(value) || Nat64.Contains(value))
        {
            return Embedded(V4Mapped.Contains(value) ? V4Mapped : Nat64, (uint)(value & uint.MaxValue));
        }

        if (SixToFour.Contains(value))
        {
            return Embedded(SixToFour, (uint)((value >> 80) & uint.MaxValue));
        }

        foreach (var prefix in V6Refused)
        {
            if (prefix.Contains(value))
            {
                return prefix.Name;
            }
        }

        return GlobalUnicast.Contains(value) ? null : "outside global unicast (2000::/3)";
    }

    private static string? Embedded(Prefix carrier, uint v4)
        => RefusedV4(v4) is { } range ? $"{carrier.Name} form of {range}" : null;

    private static string? RefusedV4(uint value)
    {
        foreach (var prefix in V4Refused)
        {
            if (prefix.Contains(value))
            {
                return prefix.Name;
            }
        }

        return null;
    }

    private static Prefix V4(string address, int length, string name)
    {
        Span<byte> bytes = stackalloc byte[4];
        IPAddress.Parse(address).TryWriteBytes(bytes, out _);
        return new Prefix((UInt128)BinaryPrimitives.ReadUInt32BigEndian(bytes) << 96, length, name);
    }

    private static Prefix V6(string address, int length, string name)
    {
        Span<byte> bytes = stackalloc byte[16];
        IPAddress.Parse(address).TryWriteBytes(bytes, out _);
        return new Prefix(BinaryPrimitives.ReadUInt128BigEndian(bytes), length, name);
    }

    /// <summary>A network as the top <see cref="Length"/> bits of a 128-bit value (IPv4 networks sit in the top 32 bits).</summary>
    private readonly record struct Prefix(UInt128 Network, int Length, string Name)
    {
        private UInt128 Mask => Length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - Length);

        public bool Contains(UInt128 value) => (value & Mask) == Network;

        /// <summary>For an IPv4 prefix: whether it holds the 32-bit address.</summary>
        public bool Contains(uint value) => Contains((UInt128)value << 96);
    }
}
