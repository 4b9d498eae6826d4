using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Hosting;
using Tessera.Platform.Outbound;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests;

/// <summary>
/// The oauth2 service behind its real listeners (public and admin, on free loopback ports), for tests
/// that go through the HTTP endpoints as a caller would.
/// </summary>
internal sealed class OAuth2HttpServer : IAsyncDisposable
{
    private readonly ServiceRunner runner;

    private OAuth2HttpServer(OAuth2TestRuntime test, ServiceRunner runner, string publicUrl, string adminUrl)
    {
        Test = test;
        this.runner = runner;
        PublicUrl = publicUrl;
        AdminUrl = adminUrl;
    }

    public OAuth2TestRuntime Test { get; }

    public string PublicUrl { get; }

    public string AdminUrl { get; }

    public static async Task<OAuth2HttpServer> StartAsync(IReadOnlyDictionary<string, string>? config = null, OutboundNetwork? network = null)
    {
        var settings = new Dictionary<string, string> { ["log.level"] = "error" };
        foreach (var (key, value) in config ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var test = await OAuth2TestRuntime.StartAsync(settings, network);
        var runtime = test.Runtime;
        var urls = new Dictionary<string, string>();
        var hosts = new List<ListenerHost>();
        foreach (var listener in OAuth2Service.Descriptor.Listeners)
        {
            var port = FreePort.Next();
            urls[listener.Name] = $"http://127.0.0.1:{port}";
            hosts.Add(ListenerHost.Create(new ListenerSpec
            {
                Service = OAuth2Service.Descriptor.Name,
                Options = ListenerOptionsReader.Read(runtime.Context.Config, listener) with { Host = "127.0.0.1", Port = port },
                Config = runtime.Context.Config,
                MapEndpoints = routes => runtime.MapEndpoints(listener.Name, routes),
                Errors = runtime.ErrorWriter(listener.Name) ?? ((context, status, message) => OryError.WriteAsync(context, status, message)),
            }));
        }

        var runner = new ServiceRunner(hosts, TimeSpan.FromSeconds(5), NullLogger.Instance);
        await runner.StartAsync(CancellationToken.None);
        return new OAuth2HttpServer(test, runner, urls["public"], urls["admin"]);
    }

    public async ValueTask DisposeAsync()
    {
        await runner.ShutdownAsync();
        await Test.DisposeAsync();
    }
}
