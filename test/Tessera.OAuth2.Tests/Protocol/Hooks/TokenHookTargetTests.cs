using Tessera.OAuth2.Protocol.Hooks;
using Tessera.Platform.Configuration;

namespace Tessera.OAuth2.Tests.Protocol.Hooks;

public sealed class TokenHookTargetTests
{
    private static ConfigSnapshot Load(Dictionary<string, string> environment)
        => ConfigLoader.Load(ConfigSchema.FromJson(OAuth2Service.Descriptor.ReadConfigSchema()), new ConfigSources { Environment = environment });

    [Fact]
    public void Hydras_environment_variables_configure_the_hook_and_its_key()
    {
        var config = Load(new()
        {
            ["OAUTH2_TOKEN_HOOK_URL"] = "http://hooks.internal:8080/token",
            ["OAUTH2_TOKEN_HOOK_AUTH_TYPE"] = "api_key",
            ["OAUTH2_TOKEN_HOOK_AUTH_CONFIG_IN"] = "cookie",
            ["OAUTH2_TOKEN_HOOK_AUTH_CONFIG_NAME"] = "hook_key",
            ["OAUTH2_TOKEN_HOOK_AUTH_CONFIG_VALUE"] = "k-123",
        });

        var target = TokenHookTarget.From(config)!;
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url);
        target.Authorize(request);

        Assert.Equal("http://hooks.internal:8080/token", target.Url.ToString());
        Assert.Equal("hook_key=k-123", request.Headers.GetValues("Cookie").Single());
    }

    [Fact]
    public void A_plain_url_is_a_hook_without_a_key_and_no_hook_is_null()
    {
        Assert.Equal("https://hooks.example.com/t", TokenHookTarget.From(Load(new() { ["OAUTH2_TOKEN_HOOK"] = "https://hooks.example.com/t" }))!.Url.ToString());
        Assert.Null(TokenHookTarget.From(Load([])));
    }

    [Fact]
    public void A_url_that_is_not_http_is_refused_with_the_key()
    {
        var error = Assert.Throws<ConfigException>(() => TokenHookTarget.From(Load(new() { ["OAUTH2_TOKEN_HOOK"] = "ftp://hooks.example.com/t" })));
        Assert.Contains("oauth2.token_hook", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oauth2.token_hook.auth.config.value", true)]
    [InlineData("oauth2.refresh_token_hook.auth.config.value", true)]
    [InlineData("oauth2.token_hook.auth.config.name", false)]
    public void The_hook_credential_is_a_secret_in_errors_and_logs(string key, bool secret)
        => Assert.Equal(secret, ConfigRedaction.IsSecret(key, ConfigSchema.FromJson(OAuth2Service.Descriptor.ReadConfigSchema())));
}
