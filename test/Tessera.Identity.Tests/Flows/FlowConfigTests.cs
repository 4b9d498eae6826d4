using Tessera.Platform.Configuration;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Flows;

/// <summary>Kratos's <c>selfservice</c> section validates through the service's config schema, with Kratos's defaults.</summary>
public sealed class FlowConfigTests
{
    private const string KratosConfig = """
        selfservice:
          default_browser_return_url: https://app.test/
          allowed_return_urls: [https://app.test/, "https://*.app.test/"]
          methods:
            password: { enabled: true }
          flows:
            error: { ui_url: https://app.test/error }
            login:
              ui_url: https://app.test/login
              lifespan: 10m
              after:
                default_browser_return_url: https://app.test/welcome
                hooks: [{ hook: revoke_active_sessions }]
                password:
                  hooks: [{ hook: require_verified_address }]
            registration:
              ui_url: https://app.test/registration
              style: unified
              login_hints: true
              after:
                password:
                  hooks: [{ hook: session }, { hook: web_hook, config: { url: https://hooks.test/, method: POST } }]
                oidc:
                  default_browser_return_url: https://app.test/oidc
            settings:
              ui_url: https://app.test/settings
              privileged_session_max_age: 15m
              required_aal: highest_available
            logout:
              after: { default_browser_return_url: https://app.test/bye }
        """;

    private static ConfigSnapshot Load(string yaml)
    {
        using var folder = new TempFolder("tessera-flow-config");
        var file = folder.File("kratos.yml");
        File.WriteAllText(file, yaml);
        return ConfigLoader.Load(ConfigSchema.FromJson(IdentityService.Descriptor.ReadConfigSchema()), new ConfigSources { Files = [file] });
    }

    [Fact]
    public void A_kratos_selfservice_section_validates()
    {
        var config = Load(KratosConfig);
        Assert.Equal("unified", config.GetString("selfservice.flows.registration.style"));
        Assert.Equal(TimeSpan.FromMinutes(10), config.GetDuration("selfservice.flows.login.lifespan"));
        Assert.Equal(TimeSpan.FromHours(1), config.GetDuration("selfservice.flows.registration.lifespan"));
        Assert.True(config.GetBool("selfservice.flows.registration.enabled"));
        Assert.Equal("https://www.ory.sh/kratos/docs/fallback/login", Load("dsn: memory").GetString("selfservice.flows.login.ui_url"));
        Assert.Equal("profile_first", Load("dsn: memory").GetString("selfservice.flows.registration.style"));
    }

    [Theory]
    [InlineData("SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS", "selfservice.flows.registration.after.password.hooks")]
    [InlineData("SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS", "selfservice.flows.login.after.hooks")]
    [InlineData("SELFSERVICE_FLOWS_SETTINGS_AFTER_PROFILE_HOOKS", "selfservice.flows.settings.after.profile.hooks")]
    [InlineData("SELFSERVICE_FLOWS_LOGIN_AFTER_LOOKUP_SECRET_HOOKS", "selfservice.flows.login.after.lookup_secret.hooks")]
    public void Hook_lists_are_settable_from_the_environment_as_in_kratos(string variable, string key)
    {
        var config = ConfigLoader.Load(ConfigSchema.FromJson(IdentityService.Descriptor.ReadConfigSchema()),
            new ConfigSources { Environment = new Dictionary<string, string> { [variable] = """[{"hook":"session"}]""" } });
        Assert.Equal("session", config.Get(key)?[0]?["hook"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("selfservice:\n  flows:\n    login:\n      style: sideways")]
    [InlineData("selfservice:\n  flows:\n    registration:\n      lifespan: soon")]
    [InlineData("selfservice:\n  flows:\n    login:\n      after:\n        password:\n          hooks: [{ config: {} }]")]
    [InlineData("selfservice:\n  unknown: 1")]
    public void Bad_values_are_refused(string yaml)
        => Assert.ThrowsAny<ConfigException>(() => Load(yaml));
}
