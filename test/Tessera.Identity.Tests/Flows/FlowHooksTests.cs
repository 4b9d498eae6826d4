using Tessera.Platform.Configuration;

namespace Tessera.Identity.Tests.Flows;

/// <summary>After-hooks the service cannot run stop the start, naming their key.</summary>
public sealed class FlowHooksTests
{
    [Theory]
    [InlineData("""[{"hook":"web_hook","config":{"url":"https://hooks.test/","body":"base64://e30="}}]""", "selfservice.flows.registration.after.password.hooks[0].config.body")]
    [InlineData("""[{"hook":"web_hook","config":{"url":"https://hooks.test/","response":{"ignore":true,"parse":true}}}]""", "selfservice.flows.registration.after.password.hooks[0].config.response")]
    [InlineData("""[{"hook":"web_hook","config":{"url":"ftp://hooks.test/"}}]""", "selfservice.flows.registration.after.password.hooks[0].config.url")]
    [InlineData("""[{"hook":"revoke_active_sessions"}]""", "selfservice.flows.registration.after.password.hooks[0].hook")]
    [InlineData("""[{"hook":"session"}]""", "selfservice.flows.settings.after.hooks[0].hook", "selfservice.flows.settings.after.hooks")]
    [InlineData("""[{"hook":"web_hook","config":{"url":"https://hooks.test/","response":{"parse":true}}}]""", "selfservice.flows.settings.after.profile.hooks[0].config", "selfservice.flows.settings.after.profile.hooks")]
    public async Task Unusable_hooks_stop_the_start(string hooks, string named, string key = "selfservice.flows.registration.after.password.hooks")
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => IdentityTestRuntime.StartAsync(new Dictionary<string, string>
        {
            [key] = hooks,
        }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
