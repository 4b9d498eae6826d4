using System.Text.Json.Nodes;
using Tessera.Platform.Hosting;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Http;

/// <summary>A started proxy runtime behind its real listeners (proxy, api and ext_authz on free loopback ports); it owns the runtime.</summary>
internal sealed class ProxyHttpServer : IAsyncDisposable
{
    private readonly ServiceRunner runner;

    private ProxyHttpServer(ProxyRuntime runtime, ServiceRunner runner, IReadOnlyDictionary<string, string> urls)
    {
        Runtime = runtime;
        this.runner = runner;
        ApiUrl = urls["api"];
        ProxyUrl = urls["proxy"];
        ExtAuthzUrl = urls["ext_authz"];
    }

    public ProxyRuntime Runtime { get; }

    public string ApiUrl { get; }

    public string ProxyUrl { get; }

    /// <summary>The ext_authz gRPC listener (HTTP/2 cleartext).</summary>
    public string ExtAuthzUrl { get; }

    public HttpClient Http { get; } = new();

    public static async Task<ProxyHttpServer> StartAsync(IReadOnlyDictionary<string, string> config, TimeProvider? time = null)
    {
        var runtime = await ProxyTestRuntime.StartAsync(config, time);
        try
        {
            var (runner, urls) = await LoopbackListeners.StartAsync(ProxyService.Descriptor, runtime, runtime.Context.Config);
            return new ProxyHttpServer(runtime, runner, urls);
        }
        catch
        {
            runtime.Dispose();
            throw;
        }
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await runner.ShutdownAsync();
        Runtime.Dispose();
    }
}
