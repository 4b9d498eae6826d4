using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;
using Tessera.Proxy.ExtAuthz;

namespace Tessera.Proxy.Tests.ExtAuthz;

/// <summary>The ext_authz listener is not Oathkeeper's: an Oathkeeper config opens 4455 and 4456 only, and ext_authz opens when configured.</summary>
public sealed class ExtAuthzListenerTests
{
    private static ListenerOptions Read(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var config = ConfigLoader.Load(ConfigSchema.FromJson(ProxyService.Descriptor.ReadConfigSchema()), new ConfigSources
        {
            Environment = environment ?? new Dictionary<string, string>(),
            Overrides = overrides ?? new Dictionary<string, string>(),
        });
        return ListenerOptionsReader.Read(config, ProxyService.Descriptor.Listener(ExtAuthzCheck.Listener));
    }

    [Fact]
    public void Unconfigured_it_stays_closed_while_proxy_and_api_open()
    {
        var options = Read();
        Assert.False(options.Enabled);
        Assert.Equal(4457, options.Port);
        var config = ConfigLoader.Load(ConfigSchema.FromJson(ProxyService.Descriptor.ReadConfigSchema()), new ConfigSources());
        Assert.True(ListenerOptionsReader.Read(config, ProxyService.Descriptor.Listener("proxy")).Enabled);
        Assert.True(ListenerOptionsReader.Read(config, ProxyService.Descriptor.Listener("api")).Enabled);
    }

    [Fact]
    public void An_oathkeeper_config_file_with_a_serve_section_leaves_it_closed()
    {
        using var folder = new Tessera.Testing.TempFolder();
        var file = folder.File("oathkeeper.yml");
        File.WriteAllText(file, "serve:\n  proxy:\n    port: 4455\n  api:\n    port: 4456\n");
        var config = ConfigLoader.Load(ConfigSchema.FromJson(ProxyService.Descriptor.ReadConfigSchema()), new ConfigSources { Files = [file] });
        Assert.False(ListenerOptionsReader.Read(config, ProxyService.Descriptor.Listener(ExtAuthzCheck.Listener)).Enabled);

        File.WriteAllText(file, "serve:\n  ext_authz:\n    port: 5457\n");
        config = ConfigLoader.Load(ConfigSchema.FromJson(ProxyService.Descriptor.ReadConfigSchema()), new ConfigSources { Files = [file] });
        Assert.True(ListenerOptionsReader.Read(config, ProxyService.Descriptor.Listener(ExtAuthzCheck.Listener)).Enabled);
    }

    [Fact]
    public void A_port_from_the_environment_or_a_host_opens_it_for_http2()
    {
        var options = Read(environment: new Dictionary<string, string> { ["SERVE_EXT_AUTHZ_PORT"] = "5457" });
        Assert.True(options.Enabled);
        Assert.True(options.Http2Only);
        Assert.Equal(5457, options.Port);

        Assert.True(Read(overrides: new Dictionary<string, string> { ["serve.ext_authz.host"] = "127.0.0.1" }).Enabled);
    }

    [Fact]
    public void Enabled_decides_when_set()
    {
        var on = Read(overrides: new Dictionary<string, string> { ["serve.ext_authz.enabled"] = "true" });
        Assert.True(on.Enabled);
        Assert.Equal(4457, on.Port);
        Assert.False(Read(overrides: new Dictionary<string, string> { ["serve.ext_authz.enabled"] = "false", ["serve.ext_authz.port"] = "5457" }).Enabled);
    }
}
