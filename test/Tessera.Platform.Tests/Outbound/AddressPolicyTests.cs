using System.Net;
using Tessera.Platform.Outbound;

namespace Tessera.Platform.Tests.Outbound;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.255.255.255")]
    [InlineData("10.0.0.0")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.0")]
    [InlineData("100.127.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.255")]
    [InlineData("169.254.0.0")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.255.255")]
    [InlineData("172.16.0.0")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("192.88.99.1")]
    [InlineData("192.168.0.0")]
    [InlineData("192.168.255.255")]
    [InlineData("198.18.0.0")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.7")]
    [InlineData("224.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.255")]
    [InlineData("240.0.0.0")]
    [InlineData("255.255.255.254")]
    [InlineData("255.255.255.255")]
    public void Internal_and_special_IPv4_is_refused(string address) => Assert.False(AddressPolicy.IsPermitted(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.0.0.0")]
    [InlineData("8.8.8.8")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("93.184.216.34")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.1.1")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    public void Public_IPv4_is_permitted(string address) => Assert.True(AddressPolicy.IsPermitted(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::2")]
    [InlineData("::127.0.0.1")]
    [InlineData("::8.8.8.8")] // IPv4-compatible: deprecated, refused whatever it carries
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::ffff:100.64.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:198.18.0.1")]
    [InlineData("::ffff:224.0.0.1")]
    [InlineData("::ffff:255.255.255.255")]
    [InlineData("::ffff:0:7f00:1")] // IPv4-translated (SIIT)
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")] // 169.254.169.254
    [InlineData("64:ff9b::c612:1")] // 198.18.0.1
    [InlineData("64:ff9b:1::1")]
    [InlineData("64:ff9b:1::8.8.8.8")] // local-use NAT64: where the IPv4 address sits is the operator's choice
    [InlineData("2002:7f00:1::")] // 6to4 of 127.0.0.1
    [InlineData("2002:a00:1::1")] // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:101:1::1")] // 6to4 of 192.168.1.1
    [InlineData("2002:6440:1::1")] // 6to4 of 100.64.0.1
    [InlineData("2002:e000:1::")] // 6to4 of 224.0.0.1
    [InlineData("2001::1")] // Teredo
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:2::1")] // benchmarking, in 2001::/23
    [InlineData("2001:1ff:ffff::1")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("3fff:fff::1")]
    [InlineData("5f00::1")]
    [InlineData("100::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("febf:ffff::1")]
    [InlineData("fec0::1")]
    [InlineData("feff::1")]
    [InlineData("ff02::1")]
    [InlineData("ff05::1:3")]
    [InlineData("1::1")] // outside 2000::/3
    [InlineData("4000::1")]
    [InlineData("64:ff9b::1:0:0")] // beside NAT64's /96, outside 2000::/3
    public void Internal_and_special_IPv6_is_refused(string address) => Assert.False(AddressPolicy.IsPermitted(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2000::1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:82a::200e")]
    [InlineData("2001:200::1")] // just past 2001::/23
    [InlineData("2001:4860:4860::8888")]
    [InlineData("3fff:1000::1")] // just past 3fff::/20
    [InlineData("3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("64:ff9b::5db8:d822")] // 93.184.216.34
    [InlineData("2002:808:808::1")] // 6to4 of 8.8.8.8
    public void Public_IPv6_and_forms_carrying_public_IPv4_are_permitted(string address) => Assert.True(AddressPolicy.IsPermitted(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "loopback (127.0.0.0/8)")]
    [InlineData("255.255.255.255", "limited broadcast (255.255.255.255)")]
    [InlineData("::ffff:10.1.2.3", "IPv4-mapped form of private use (10.0.0.0/8)")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 form of link-local (169.254.0.0/16)")]
    [InlineData("2002:7f00:1::", "6to4 form of loopback (127.0.0.0/8)")]
    [InlineData("2001::1", "Teredo (2001::/32)")]
    [InlineData("::1", "loopback (::1)")]
    [InlineData("4000::1", "outside global unicast (2000::/3)")]
    [InlineData("8.8.8.8", null)]
    public void The_refusal_names_the_range_for_the_log(string address, string? range) => Assert.Equal(range, AddressPolicy.RefusedRange(IPAddress.Parse(address)));
}
