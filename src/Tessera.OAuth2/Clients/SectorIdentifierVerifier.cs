using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Http;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// Fetches a client's <c>sector_identifier_uri</c> (OpenID Connect Core 8.1): it must be https (plain http
/// only in dev mode) and answer a JSON array of URLs that contains every one of the client's redirect URIs.
/// </summary>
internal sealed class SectorIdentifierVerifier(HttpClient http)
{
    private const int MaxBytes = 5 << 20;

    /// <summary>One verifier over one pooled client for the process; redirects are not followed.</summary>
    public static SectorIdentifierVerifier Shared { get; } = new(new HttpClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    }));

    public async Task<ClientError?> VerifyAsync(string location, IReadOnlyList<string> redirectUris, bool dev, CancellationToken ct)
    {
        if (ClientValidator.AbsoluteUri(location) is not { } uri)
        {
            return ClientError.InvalidMetadata("Value of sector_identifier_uri could not be parsed.");
        }

        if (uri.Scheme != "https" && !(dev && uri.Scheme == "http"))
        {
            return ClientError.InvalidMetadata("Value sector_identifier_uri must be an HTTPS URL but it is not.");
        }

        JsonNode? body;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ClientError.InvalidMetadata($"Unable to fetch the URL set by sector_identifier_uri: it answered {(int)response.StatusCode}.");
            }

            if (await CappedResponseBody.ReadAsync(response, MaxBytes, timeout.Token) is not { } bytes)
            {
                return ClientError.InvalidMetadata("The document at sector_identifier_uri is larger than 5 MiB.");
            }

            body = JsonNode.Parse(bytes);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return ClientError.InvalidMetadata($"Unable to connect to URL set by sector_identifier_uri: {e.Message}");
        }
        catch (JsonException e)
        {
            return ClientError.InvalidMetadata($"Unable to decode values from sector_identifier_uri: {e.Message}");
        }

        if (body is not JsonArray array || !array.All(i => i?.GetValueKind() == JsonValueKind.String))
        {
            return ClientError.InvalidMetadata("Unable to decode values from sector_identifier_uri: it must be a JSON array of strings.");
        }

        if (array.Count == 0)
        {
            return ClientError.InvalidMetadata("Array from sector_identifier_uri contains no items");
        }

        var listed = array.Select(i => i!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        return redirectUris.FirstOrDefault(r => !listed.Contains(r)) is { } missing
            ? ClientError.InvalidMetadata($"Redirect URL \"{missing}\" does not match values from sector_identifier_uri.")
            : null;
    }
}
