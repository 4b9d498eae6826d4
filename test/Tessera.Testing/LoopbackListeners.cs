using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;
using Tessera.Platform.Observability;
using Tessera.Platform.Services;

namespace Tessera.Testing;

/// <summary>
/// A started service instance behind its real listeners (the platform's pipeline, every listener of
/// its descriptor on a free loopback port, logging errors only), for tests through HTTP.
/// </summary>
public static class LoopbackListeners
{
    /// <summary>Starts the listeners; the URLs are keyed by listener name (<c>http://127.0.0.1:port</c>).</summary>
    public static async Task<(ServiceRunner Runner, IReadOnlyDictionary<string, string> Urls)> StartAsync(ServiceDescriptor service, IServiceInstance instance, ConfigSnapshot config)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(instance);
        var quiet = new LogLevelSwitch(LogLevel.Error);
        var hosts = new List<ListenerHost>();
        var urls = new Dictionary<string, string>();
        foreach (var listener in service.Listeners)
        {
            var port = FreePort.Next();
            urls[listener.Name] = $"http://127.0.0.1:{port}";
            hosts.Add(ListenerHost.Create(new ListenerSpec
            {
                Service = service.Name,
                Options = ListenerOptionsReader.Read(config, listener) with { Host = "127.0.0.1", Port = port },
                Config = config,
                LogLevel = quiet,
                ReadinessChecks = instance.ReadinessChecks,
                ConfigureServices = services => instance.ConfigureServices(listener.Name, services),
                MapEndpoints = routes => instance.MapEndpoints(listener.Name, routes),
                Errors = instance.ErrorWriter(listener.Name) ?? ((context, status, message) => OryError.WriteAsync(context, status, message)),
                MaxRequestBodyBytes = listener.MaxRequestBodyBytes,
            }));
        }

        var runner = new ServiceRunner(hosts, TimeSpan.FromSeconds(5), NullLogger.Instance);
        await runner.StartAsync(CancellationToken.None);
        return (runner, urls);
    }
}
