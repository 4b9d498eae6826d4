using Tessera.Cli;

namespace Tessera.Tests.Cli;

public sealed class ServerEndpointTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values)
        => key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void The_flag_wins_over_the_environment()
        => Assert.Equal("http://flag:1/", ServerEndpoint.Resolve("http://flag:1", ServerTarget.OAuth2Admin, Env(("TESSERA_ADMIN_URL", "http://env:2"))).ToString());

    [Fact]
    public void Admin_and_public_read_their_own_variables_then_ory_sdk_url()
    {
        var env = Env(("TESSERA_ADMIN_URL", "http://admin:4445"), ("TESSERA_PUBLIC_URL", "http://public:4444"), ("ORY_SDK_URL", "http://ory:1"));
        Assert.Equal("http://admin:4445/", ServerEndpoint.Resolve(null, ServerTarget.OAuth2Admin, env).ToString());
        Assert.Equal("http://public:4444/", ServerEndpoint.Resolve(null, ServerTarget.OAuth2Public, env).ToString());
        Assert.Equal("http://ory:1/", ServerEndpoint.Resolve(null, ServerTarget.OAuth2Public, Env(("ORY_SDK_URL", "http://ory:1"))).ToString());
    }

    [Fact]
    public void A_path_prefix_is_kept_for_relative_paths()
    {
        var uri = ServerEndpoint.Resolve("https://gateway.example/hydra", ServerTarget.OAuth2Admin, Env());
        Assert.Equal("https://gateway.example/hydra/admin/clients", new Uri(uri, "admin/clients").ToString());
    }

    [Theory]
    [InlineData(null, "TESSERA_PUBLIC_URL")]
    [InlineData("ftp://x", "not an http(s) URL")]
    [InlineData("localhost:4444", "not an http(s) URL")]
    public void Missing_or_bad_urls_are_usage_errors(string? flag, string message)
    {
        var e = Assert.Throws<CliException>(() => ServerEndpoint.Resolve(flag, ServerTarget.OAuth2Public, Env()));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains(message, e.Message);
    }
}
