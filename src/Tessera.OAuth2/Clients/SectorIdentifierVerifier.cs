using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Json;
using Tessera.Platform.Outbound;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// Fetches a client's <c>sector_identifier_uri</c> (OpenID Connect Core 8.1): it must be https (plain http
/// only in dev mode) and answer a JSON array of URLs that contains every one of the client's redirect URIs.
/// A fetch that fails is reported without what the remote answered (<see cref="OutboundFetchException"/>).
/// </summary>
internal sealed class SectorIdentifierVerifier(OutboundHttpClient outbound)
{
    private const string Field = "sector_identifier_uri";

    /// <summary>Hydra reads at most 5 MiB of the document; the 10 s are ours.</summary>
    private static readonly OutboundLimits Limits = new(TimeSpan.FromSeconds(10), 5 << 20);

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
            // The document is the peer's: parsed strictly, so a lone surrogate or a duplicate member is a refusal, not a 500.
            StrictJson.TryParse(await outbound.GetAsync(Field, location, "application/json", Limits, ct), out body, out _);
        }
        catch (OutboundFetchException e)
        {
            return ClientError.InvalidMetadata(e.Message);
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
