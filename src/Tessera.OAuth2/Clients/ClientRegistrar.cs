using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Outbound;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// Creates and replaces clients for the admin API and dynamic client registration: validates, checks
/// the sector identifier, chooses the id and secret, hashes the secret, sets the timestamps, mints the
/// registration access token (stored by signature only) and writes through <see cref="ClientStore"/>.
/// </summary>
internal sealed class ClientRegistrar(ClientStore store, SecretHasher hasher, HmacTokenCodec tokens, SectorIdentifierVerifier sectors, OutboundHttpClient outbound, TimeProvider time)
{
    public const string RegistrationTokenPrefix = "ory_at_";
    private const int MaxIdLength = 255;
    private static readonly string[] AdminOnlyFields = ["metadata", "access_token_strategy", "skip_consent", "skip_logout_consent", .. ClientLifespans.Fields];
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    public async Task<ClientWrite> CreateAsync(JsonObject request, ClientValidationOptions options, CancellationToken ct)
    {
        var requested = request[ClientField.Secret] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : "";
        if (options.Dynamic && requested.Length > 0)
        {
            return ClientWrite.Fail(ClientError.BadRequest("It is not allowed to choose your own OAuth2 Client secret."));
        }

        var id = Guid.NewGuid().ToString();
        if (!options.Dynamic && request[ClientField.Id] is { } idNode)
        {
            if (idNode.GetValueKind() != JsonValueKind.String || idNode.GetValue<string>().Length > MaxIdLength)
            {
                return ClientWrite.Fail(ClientError.InvalidMetadata($"Field client_id must be a string of at most {MaxIdLength} characters."));
            }

            id = idNode.GetValue<string>() is { Length: > 0 } chosen ? chosen : id;
        }

        var (document, error) = await ValidateAsync(request, options, ct);
        if (error is not null)
        {
            return ClientWrite.Fail(error);
        }

        var secret = requested.Length > 0 ? requested : GenerateSecret();
        var now = time.GetUtcNow();
        var client = Build(id, document!, secret, null, now, now);
        var (token, signature) = tokens.Generate(RegistrationTokenPrefix);
        if (!await store.CreateAsync(client, signature, ct))
        {
            return new ClientWrite(null, null, null, null, Conflict: true);
        }

        return new ClientWrite(client, client.IsPublic ? null : secret, token, null);
    }

    /// <summary>
    /// Replaces <paramref name="existing"/> with the request (PUT, PATCH, lifespans). A secret in the request
    /// replaces the stored one and is shown once; without one the stored hash is kept. Dynamic registration
    /// also rotates the registration access token.
    /// </summary>
    public async Task<ClientWrite> ReplaceAsync(OAuth2Client existing, JsonObject request, ClientValidationOptions options, CancellationToken ct)
    {
        var requested = request[ClientField.Secret] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : "";
        if (options.Dynamic && requested.Length > 0)
        {
            return ClientWrite.Fail(new ClientError("The requested action was forbidden", "It is not allowed to choose your own OAuth2 Client secret.", 403));
        }

        var (document, error) = await ValidateAsync(request, options, ct);
        if (error is not null)
        {
            return ClientWrite.Fail(error);
        }

        if (options.Dynamic)
        {
            // Fields dynamic registration cannot set keep the values an administrator gave them.
            foreach (var name in AdminOnlyFields.Where(existing.Document.ContainsKey))
            {
                document![name] = existing.Document[name]?.DeepClone();
            }
        }

        var createdAt = existing.Document["created_at"] is JsonValue c && DateTimeOffset.TryParse(c.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : time.GetUtcNow();
        var client = Build(existing.Id, document!, requested.Length > 0 ? requested : null, existing.SecretHash, createdAt, time.GetUtcNow());
        string? shown = requested.Length > 0 && !client.IsPublic ? requested : null;
        if (!client.IsPublic && client.SecretHash is null)
        {
            // A client that now authenticates with a secret but never had one gets a fresh one.
            shown = GenerateSecret();
            client = Build(existing.Id, document!, shown, null, createdAt, time.GetUtcNow());
        }

        string? token = null;
        string? signature = null;
        if (options.Dynamic)
        {
            (token, signature) = tokens.Generate(RegistrationTokenPrefix);
        }

        return await store.UpdateAsync(client, signature, ct)
            ? new ClientWrite(client, shown, token, null)
            : ClientWrite.NotFound;
    }

    private async Task<(JsonObject? Document, ClientError? Error)> ValidateAsync(JsonObject request, ClientValidationOptions options, CancellationToken ct)
    {
        var validation = ClientValidator.Validate(request, options);
        if (validation.Error is not null)
        {
            return (null, validation.Error);
        }

        var document = validation.Document!;
        foreach (var (field, url) in FetchedUrls(document))
        {
            // Hydra refuses these when written; the check that protects is the one made at connect time.
            if (!await outbound.IsPermittedDestinationAsync(field, url, ct))
            {
                return (null, ClientError.InvalidMetadata($"Client IP address is not allowed: {field} does not resolve to a permitted destination."));
            }
        }

        if (document["sector_identifier_uri"] is JsonValue sector)
        {
            var redirects = document["redirect_uris"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            if (await sectors.VerifyAsync(sector.GetValue<string>(), redirects, options.Dev, ct) is { } sectorError)
            {
                return (null, sectorError);
            }
        }

        return (document, null);
    }

    /// <summary>The client to store: a public client keeps no secret; a new secret is hashed, else <paramref name="keptHash"/> stays.</summary>
    private OAuth2Client Build(string id, JsonObject validated, string? newSecret, string? keptHash, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var client = new OAuth2Client { Id = id, Document = ClientDocument.Assemble(id, validated, createdAt, updatedAt) };
        var hash = client.IsPublic ? null : newSecret is not null ? hasher.Hash(newSecret) : keptHash;
        return new OAuth2Client { Id = id, Document = client.Document, SecretHash = hash };
    }

    /// <summary>The URLs of a client that the server itself will request.</summary>
    private static IEnumerable<(string Field, string Url)> FetchedUrls(JsonObject document)
    {
        foreach (var field in new[] { "jwks_uri", "backchannel_logout_uri", "sector_identifier_uri" })
        {
            if (document[field] is JsonValue v)
            {
                yield return (field, v.GetValue<string>());
            }
        }

        if (document["request_uris"] is JsonArray requestUris)
        {
            for (var i = 0; i < requestUris.Count; i++)
            {
                yield return ($"request_uris.{i}", requestUris[i]!.GetValue<string>());
            }
        }
    }

    private static string GenerateSecret() => RandomNumberGenerator.GetString(SecretAlphabet, 26);
}
