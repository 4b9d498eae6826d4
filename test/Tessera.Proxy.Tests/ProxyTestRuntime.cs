using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Configuration;
using Tessera.Platform.Services;

namespace Tessera.Proxy.Tests;

/// <summary>A proxy runtime started as the platform starts it: configuration through the service's schema, then <see cref="ProxyRuntime.StartAsync"/>.</summary>
internal static class ProxyTestRuntime
{
    public static ConfigSnapshot Config(IReadOnlyDictionary<string, string> overrides)
        => ConfigLoader.Load(ConfigSchema.FromJson(ProxyService.Descriptor.ReadConfigSchema()), new ConfigSources { Overrides = overrides });

    public static async Task<ProxyRuntime> StartAsync(IReadOnlyDictionary<string, string> overrides, TimeProvider? time = null)
        => (ProxyRuntime)await ProxyRuntime.StartAsync(new ServiceContext(Config(overrides), null, NullLoggerFactory.Instance, time ?? TimeProvider.System), CancellationToken.None);

    /// <summary>The <c>access_rules.repositories</c> override for these URLs.</summary>
    public static Dictionary<string, string> Repositories(params string[] urls)
        => new() { ["access_rules.repositories"] = "[" + string.Join(",", urls.Select(u => "\"" + u + "\"")) + "]" };

    public static string Inline(string document) => "inline://" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(document));

    /// <summary>Waits (at most 20 s) until <paramref name="condition"/> holds; the caller asserts the outcome.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }
}
