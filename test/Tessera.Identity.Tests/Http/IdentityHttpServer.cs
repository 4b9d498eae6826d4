using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Hosting;
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

    /// <summary>The started service, for the operations no endpoint exposes yet (issuing sessions, password login).</summary>
    public IdentityRuntime Runtime => test.Runtime;

    /// <summary>The service's clock.</summary>
    public ManualTime Time => test.Time;

    public string AdminUrl { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public static async Task<IdentityHttpServer> StartAsync(IReadOnlyDictionary<string, string>? config = null)
    {
        var test = await IdentityTestRuntime.StartAsync(config);
        try
        {
            var (runner, urls) = await LoopbackListeners.StartAsync(IdentityService.Descriptor, test.Runtime, test.Runtime.Context.Config);
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
