using System.Net;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Tests.Clients;

public sealed class PrivateAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Internal_addresses_are_recognised(string address) => Assert.True(PrivateAddressGuard.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_pass(string address) => Assert.False(PrivateAddressGuard.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public async Task Unresolvable_names_are_refused_and_exceptions_skip_resolution()
    {
        var guard = new PrivateAddressGuard((_, _) => throw new System.Net.Sockets.SocketException(11001));
        Assert.Contains("could not be resolved", await guard.ProblemAsync([("jwks_uri", "https://nowhere.invalid/jwks")], [], CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(await guard.ProblemAsync([("jwks_uri", "https://nowhere.invalid/jwks")], ["https://nowhere.invalid/jwks"], CancellationToken.None));
    }
}
