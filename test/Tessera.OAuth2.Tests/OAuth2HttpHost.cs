using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace Tessera.OAuth2.Tests;

/// <summary>
/// The public and admin endpoints of an <see cref="OAuth2TestRuntime"/> served on loopback Kestrel, so a
/// test goes through the real <c>Http/</c> layer. URLs the service writes with its issuer
/// (<c>https://issuer.test/</c>) are mapped onto the public listener by <see cref="Local"/>.
/// </summary>
internal sealed class OAuth2HttpHost : IAsyncDisposable
{
    private readonly WebApplication publicApp;
    private readonly WebApplication adminApp;

    private OAuth2HttpHost(OAuth2TestRuntime test, WebApplication publicApp, string publicUrl, WebApplication adminApp, string adminUrl)
    {
        Test = test;
        this.publicApp = publicApp;
        this.adminApp = adminApp;
        PublicUrl = publicUrl;
        AdminUrl = adminUrl;
    }

    public OAuth2TestRuntime Test { get; }

    /// <summary>The public listener's base URL, without a trailing slash.</summary>
    public string PublicUrl { get; }

    public string AdminUrl { get; }

    /// <summary>A client that does not follow redirects and keeps no cookies (see <see cref="HttpBrowser"/> for one that does).</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public static async Task<OAuth2HttpHost> StartAsync(OAuth2TestRuntime test)
    {
        var (publicApp, publicUrl) = await LoopbackWebApp.StartAsync(app => test.Runtime.MapEndpoints("public", app));
        var (adminApp, adminUrl) = await LoopbackWebApp.StartAsync(app => test.Runtime.MapEndpoints("admin", app));
        return new OAuth2HttpHost(test, publicApp, publicUrl, adminApp, adminUrl);
    }

    /// <summary><paramref name="url"/> with the issuer's origin replaced by the public listener's.</summary>
    public string Local(string url)
    {
        var issuer = Test.Runtime.Protocol.Options.Issuer.TrimEnd('/');
        return url.StartsWith(issuer, StringComparison.Ordinal) ? PublicUrl + url[issuer.Length..] : url;
    }

    /// <summary>POSTs a form to a public path, with HTTP Basic credentials when given.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, string? basicId = null, string? basicSecret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PublicUrl + path) { Content = new FormUrlEncodedContent(form) };
        if (basicId is not null)
        {
            var pair = Uri.EscapeDataString(basicId) + ":" + Uri.EscapeDataString(basicSecret ?? "");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        return await Http.SendAsync(request);
    }

    /// <summary>PUTs JSON to an admin path and returns the answer's JSON body.</summary>
    public async Task<JsonObject> AdminPutAsync(string pathAndQuery, JsonObject? body = null)
    {
        using var content = new StringContent((body ?? []).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync(AdminUrl + pathAndQuery, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT {pathAndQuery}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text) as JsonObject)!;
    }

    public async Task<JsonObject> AdminGetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(AdminUrl + pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery}: {(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text) as JsonObject)!;
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await publicApp.DisposeAsync();
        await adminApp.DisposeAsync();
    }
}
