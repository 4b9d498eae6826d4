using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Platform.Hosting;
using Tessera.Platform.Observability;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Http;

/// <summary>
/// The service of an <see cref="IdentityTestRuntime"/> behind its real listeners (the platform's
/// pipeline, public and admin, on free loopback ports), for tests through HTTP; it owns the runtime.
/// </summary>
internal sealed class IdentityHttpServer : IAsyncDisposable
{
    private readonly ServiceRunner runner;
    private readonly IdentityTestRuntime test;

    private IdentityHttpServer(IdentityTestRuntime test, ServiceRunner runner, string publicUrl, string adminUrl)
    {
        this.test = test;
        this.runner = runner;
        PublicUrl = publicUrl;
        AdminUrl = adminUrl;
    }

    public string PublicUrl { get; }

    /// <summary>The service's clock.</summary>
    public ManualTime Time => test.Time;

    public string AdminUrl { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public static async Task<IdentityHttpServer> StartAsync(IReadOnlyDictionary<string, string>? config = null)
    {
        var test = await IdentityTestRuntime.StartAsync(config);
        try
        {
            var runtime = test.Runtime;
            var settings = runtime.Context.Config;
            var hosts = new List<ListenerHost>();
            var urls = new Dictionary<string, string>();
            foreach (var listener in IdentityService.Descriptor.Listeners)
            {
                var port = FreePort.Next();
                urls[listener.Name] = $"http://127.0.0.1:{port}";
                hosts.Add(ListenerHost.Create(new ListenerSpec
                {
                    Service = IdentityService.Descriptor.Name,
                    Options = ListenerOptionsReader.Read(settings, listener) with { Host = "127.0.0.1", Port = port },
                    Config = settings,
                    LogLevel = new LogLevelSwitch(LogLevel.Error),
                    MapEndpoints = routes => runtime.MapEndpoints(listener.Name, routes),
                    Errors = runtime.ErrorWriter(listener.Name) ?? ((context, status, message) => OryError.WriteAsync(context, status, message)),
                }));
            }

            var runner = new ServiceRunner(hosts, TimeSpan.FromSeconds(5), NullLogger.Instance);
            await runner.StartAsync(CancellationToken.None);
            return new IdentityHttpServer(test, runner, urls["public"], urls["admin"]);
        }
        catch
        {
            await test.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="body"/> (JSON text, or none) and returns the status, the parsed answer and the response.</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await runner.ShutdownAsync();
        await test.DisposeAsync();
    }
}
