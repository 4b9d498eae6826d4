using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Cli;

/// <summary>
/// The CLI's HTTP client for one server: JSON in and out through <see cref="JsonNode"/> (AOT-safe),
/// and every failure turned into a <see cref="CliException"/> that names the URL or quotes the server.
/// </summary>
internal sealed class ApiClient(Uri baseUri, HttpMessageHandler? handler = null, string? endpointVariable = null) : IDisposable
{
    private readonly HttpClient http = new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseUri { get; } = baseUri;

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public Task<ApiResponse> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, null, ct);

    public Task<ApiResponse> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, null, ct);

    public Task<ApiResponse> SendJsonAsync(HttpMethod method, string path, JsonNode body, CancellationToken ct, string mediaType = "application/json")
        => SendAsync(method, path, new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType), null, ct);

    public Task<ApiResponse> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, AuthenticationHeaderValue? authorization, CancellationToken ct)
        => SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(form), authorization, ct);

    /// <summary>HTTP Basic client authentication as RFC 6749 §2.3.1 has it: both parts form-encoded first.</summary>
    public static AuthenticationHeaderValue Basic(string clientId, string clientSecret)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}")));

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, AuthenticationHeaderValue? authorization, CancellationToken ct)
    {
        var url = Url(path);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = authorization;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"could not reach {url}: {Describe(e)}. Is the server running, and is --endpoint{(endpointVariable is null ? "" : $" (or {endpointVariable})")} right?");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"{url} did not answer within {http.Timeout.TotalSeconds:F0} s.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? body = null;
            if (text.Length > 0)
            {
                try
                {
                    body = JsonNode.Parse(text);
                }
                catch (JsonException) when (!response.IsSuccessStatusCode)
                {
                    // An error page that is not JSON: quoted below as text.
                }
                catch (JsonException)
                {
                    throw new CliException($"{method} {url} answered {(int)response.StatusCode} with a body that is not JSON.");
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"{method} {url} failed with {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorMessage(body, text)}");
            }

            return new ApiResponse((int)response.StatusCode, body, response.Headers);
        }
    }

    /// <summary>The server's own words: Ory's <c>{"error":{message,reason}}</c> or RFC 6749's <c>{error, error_description}</c>.</summary>
    internal static string ErrorMessage(JsonNode? body, string text)
    {
        if (body is JsonObject json)
        {
            if (json["error"] is JsonObject ory)
            {
                var message = ory["message"]?.ToString() ?? ory["status"]?.ToString() ?? "unknown error";
                return ory["reason"] is { } reason && reason.ToString().Length > 0 ? $"{message} ({reason})" : message;
            }

            if (json["error"] is JsonValue code)
            {
                return json["error_description"] is { } description ? $"{code}: {description}" : code.ToString();
            }
        }

        var plain = text.Trim();
        return plain.Length == 0 ? "(no body)" : plain.Length > 300 ? plain[..300] + "…" : plain;
    }

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain } => "unknown host",
        SocketException socket => socket.Message,
        System.Security.Authentication.AuthenticationException tls => $"TLS failed ({tls.Message}); for a self-signed certificate you control, pass --skip-tls-verify",
        _ when e.HttpRequestError == HttpRequestError.NameResolutionError => "unknown host",
        _ when e.HttpRequestError == HttpRequestError.ConnectionError => "connection failed: " + e.Message,
        _ => e.Message,
    };

    public void Dispose() => http.Dispose();
}
