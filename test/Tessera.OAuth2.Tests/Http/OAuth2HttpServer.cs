using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Hosting;
using Tessera.Platform.Outbound;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// The service of an <see cref="OAuth2TestRuntime"/> behind its real listeners (the platform's pipeline,
/// public and admin, on free loopback ports), for tests through HTTP; it owns the runtime and disposes it
/// last. Its client follows no redirects and keeps no cookies, so tests see every answer as it is sent
/// (see <see cref="HttpBrowser"/> for one that keeps cookies).
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

    /// <summary>The public listener's base URL, without a trailing slash.</summary>
    public string PublicUrl { get; }

    /// <summary>The admin listener's base URL, without a trailing slash.</summary>
    public string AdminUrl { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>Starts a runtime with <paramref name="config"/> overrides and <paramref name="network"/> for its outbound calls, and serves it.</summary>
    public static async Task<OAuth2HttpServer> StartAsync(IReadOnlyDictionary<string, string>? config = null, OutboundNetwork? network = null)
        => await StartAsync(await OAuth2TestRuntime.StartAsync(config, network));

    /// <summary>Serves <paramref name="test"/>, which the server then owns.</summary>
    public static async Task<OAuth2HttpServer> StartAsync(OAuth2TestRuntime test)
    {
        try
        {
            var (runner, urls) = await LoopbackListeners.StartAsync(OAuth2Service.Descriptor, test.Runtime, test.Runtime.Context.Config);
            return new OAuth2HttpServer(test, runner, urls["public"], urls["admin"]);
        }
        catch
        {
            await test.DisposeAsync();
            throw;
        }
    }

    /// <summary><paramref name="url"/> with the issuer's origin (<c>https://issuer.test/</c>, which nothing serves) replaced by the public listener's.</summary>
    public string Local(string url)
    {
        var issuer = Test.Runtime.Protocol.Options.Issuer.TrimEnd('/');
        return url.StartsWith(issuer, StringComparison.Ordinal) ? PublicUrl + url[issuer.Length..] : url;
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

    /// <summary>POSTs a form to <paramref name="url"/>, with HTTP Basic credentials when given.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> form, string? basicId = null, string? basicSecret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        if (basicId is not null)
        {
            var pair = Uri.EscapeDataString(basicId) + ":" + Uri.EscapeDataString(basicSecret ?? "");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        return await Http.SendAsync(request);
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

    /// <summary>GETs an admin path and returns the answer's JSON body, which must be a success.</summary>
    public async Task<JsonObject> AdminGetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(AdminUrl + pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text) as JsonObject)!;
    }

    /// <summary>Accepts a login, consent or logout request as the app would (200), returning where the browser goes next.</summary>
    public async Task<string> AcceptAsync(string kind, string challenge, JsonObject? body = null)
    {
        var (status, answer) = await SendJsonAsync(HttpMethod.Put, $"{AdminUrl}/admin/oauth2/auth/requests/{kind}/accept?{kind}_challenge={Uri.EscapeDataString(challenge)}", body ?? []);
        Assert.True(status == 200, $"accept {kind}: {status} {answer?.ToJsonString()}");
        return (string)answer!["redirect_to"]!;
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)!;

    public async ValueTask DisposeAsync()
    {
        // Closing the client's keep-alive connections first spares the shutdown its drain grace.
        Http.Dispose();
        await runner.ShutdownAsync();
        await Test.DisposeAsync();
    }
}
