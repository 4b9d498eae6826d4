using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Hosting;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// The service of an <see cref="OAuth2TestRuntime"/> behind its real listeners (the platform's pipeline,
/// public and admin, on loopback ports), for tests through HTTP. The client follows no redirects and
/// keeps no cookies, so tests see every answer as it is sent.
/// </summary>
internal sealed class OAuth2HttpServer : IAsyncDisposable
{
    private readonly ServiceRunner runner;

    private OAuth2HttpServer(ServiceRunner runner, string publicUrl, string adminUrl)
    {
        this.runner = runner;
        PublicUrl = publicUrl;
        AdminUrl = adminUrl;
    }

    public string PublicUrl { get; }

    public string AdminUrl { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public static async Task<OAuth2HttpServer> StartAsync(OAuth2TestRuntime test)
    {
        var runtime = test.Runtime;
        var config = runtime.Context.Config;
        var hosts = new List<ListenerHost>();
        var urls = new Dictionary<string, string>();
        foreach (var listener in OAuth2Service.Descriptor.Listeners)
        {
            var port = FreePort.Next();
            urls[listener.Name] = $"http://127.0.0.1:{port}";
            hosts.Add(ListenerHost.Create(new ListenerSpec
            {
                Service = "oauth2",
                Options = ListenerOptionsReader.Read(config, listener) with { Host = "127.0.0.1", Port = port },
                Config = config,
                MapEndpoints = routes => runtime.MapEndpoints(listener.Name, routes),
                Errors = runtime.ErrorWriter(listener.Name) ?? ((context, status, message) => OryError.WriteAsync(context, status, message)),
            }));
        }

        var runner = new ServiceRunner(hosts, TimeSpan.FromSeconds(5), NullLogger.Instance);
        await runner.StartAsync(CancellationToken.None);
        return new OAuth2HttpServer(runner, urls["public"], urls["admin"]);
    }

    /// <summary>Sends <paramref name="body"/> as JSON (or a JSON Patch) and returns the status and the parsed answer.</summary>
    public async Task<(int Status, JsonObject? Body)> SendJsonAsync(HttpMethod method, string url, JsonNode body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, method == HttpMethod.Patch ? "application/json-patch+json" : "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    public async Task<HttpResponseMessage> GetAsync(string url, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the client's keep-alive connections first spares the shutdown its drain grace.
        Http.Dispose();
        await runner.ShutdownAsync();
    }
}
