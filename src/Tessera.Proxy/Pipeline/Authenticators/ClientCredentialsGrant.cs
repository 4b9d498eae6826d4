using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// The OAuth 2.0 client credentials grant as Go's <c>clientcredentials</c> package performs it: a form POST of
/// <c>grant_type=client_credentials</c> (with <c>scope</c> space-joined and <c>audience</c> when given), the client
/// authenticated with HTTP Basic of the form-escaped id and secret; the answer read as JSON (or as a form when the
/// server says so).
/// </summary>
internal static class ClientCredentialsGrant
{
    public static HttpRequestMessage Request(Uri tokenUrl, string clientId, string clientSecret, IReadOnlyList<string> scopes, string? audience)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        if (!string.IsNullOrEmpty(audience))
        {
            form.Add(new("audience", audience));
        }

        var message = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(form) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(GoQuery.Escape(clientId) + ":" + GoQuery.Escape(clientSecret)));
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        message.Headers.Accept.ParseAdd("application/json");
        return message;
    }

    /// <summary>The access token and when it expires (null: the server did not say); null when the answer carries no access token.</summary>
    public static (string AccessToken, DateTimeOffset? Expires)? Read(byte[] body, string? contentType, DateTimeOffset now)
    {
        string? token;
        string? expiresIn;
        if (contentType is not null && (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            token = form.TryGetValue("access_token", out var t) ? t.ToString() : null;
            expiresIn = form.TryGetValue("expires_in", out var e) ? e.ToString() : null;
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                expiresIn = root.TryGetProperty("expires_in", out var e) && e.ValueKind is JsonValueKind.Number or JsonValueKind.String
                    ? (e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.GetString())
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        DateTimeOffset? expires = long.TryParse(expiresIn, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? now.AddSeconds(seconds)
            : null;
        return (token, expires);
    }
}
