using System.Net;
using Tessera.Identity.Config;

namespace Tessera.Identity.Tests.Config;

public sealed class AdminBaseUrlTests
{
    [Theory]
    [InlineData("https://admin.example.com/", "https://admin.example.com/identities/42")]
    [InlineData("https://admin.example.com", "https://admin.example.com/identities/42")]
    [InlineData("https://admin.example.com:8443/kratos/", "https://admin.example.com:8443/kratos/identities/42")]
    [InlineData("https://admin.example.com//a/./b/../c?x=1#f", "https://admin.example.com/a/c/identities/42?x=1#f")]
    [InlineData("/kratos", "/kratos/identities/42")]
    public void Paths_are_joined_as_go_path_join_joins_them(string baseUrl, string expected)
        => Assert.Equal(expected, AdminBaseUrl.AppendPaths(baseUrl, "identities", "42"));

    [Fact]
    public async Task The_configured_base_url_wins_else_the_listener_as_kratos_defaults_it()
    {
        async Task<string> BaseAsync(Dictionary<string, string> config)
        {
            await using var test = await IdentityTestRuntime.StartAsync(config);
            return test.Runtime.AdminBaseUrl;
        }

        Assert.Equal("https://admin.example.com/k/", await BaseAsync(new() { ["serve.admin.base_url"] = "https://admin.example.com/k/" }));

        // https unless --dev (and tls.enabled unset); the host name of the machine for an empty or 0.0.0.0 host.
        Assert.Equal($"http://{Dns.GetHostName()}:4434/", await BaseAsync([]));
        Assert.Equal($"https://{Dns.GetHostName()}:4434/", await BaseAsync(new() { ["serve.admin.tls.enabled"] = "true" }));
        Assert.Equal("https://kratos-admin:9000/", await BaseAsync(new() { ["dev"] = "false", ["serve.admin.host"] = "kratos-admin", ["serve.admin.port"] = "9000" }));
        Assert.Equal($"https://{Dns.GetHostName()}:4434/", await BaseAsync(new() { ["dev"] = "false", ["serve.admin.host"] = "0.0.0.0" }));
    }
}
