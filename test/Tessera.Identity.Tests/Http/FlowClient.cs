using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Identity.Tests.Http;

/// <summary>Requests to the self-service endpoints with the headers a browser or an app sends, and the anti-CSRF cookie a browser keeps.</summary>
internal sealed class FlowClient(IdentityHttpServer server)
{
    /// <summary>The anti-CSRF cookie (name=value) the last browser flow set, sent back by browser requests.</summary>
    public string? Cookie { get; set; }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? body = null, string? contentType = null, string? accept = null, bool withCookie = false, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, server.PublicUrl.TrimEnd('/') + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (withCookie && Cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", Cookie);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await server.Http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith("csrf_token_", StringComparison.Ordinal)) is { } set)
        {
            Cookie = set.Split(';')[0];
        }

        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>A browser flow as a single-page app starts it (Accept: application/json): the flow JSON, the cookie kept.</summary>
    public async Task<JsonObject> BrowserFlowAsync(string flow)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/self-service/{flow}/browser", accept: "application/json");
        Assert.Equal(200, status);
        return (JsonObject)body!;
    }

    public async Task<JsonObject> ApiFlowAsync(string flow)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/self-service/{flow}/api");
        Assert.Equal(200, status);
        return (JsonObject)body!;
    }

    public static string CsrfOf(JsonNode flow) => (string)Node(flow, "csrf_token")!["attributes"]!["value"]!;

    public static JsonNode? Node(JsonNode flow, string name, string? group = null)
        => flow["ui"]!["nodes"]!.AsArray().FirstOrDefault(n => (string?)n!["attributes"]!["name"] == name && (group is null || (string?)n["group"] == group));
}
