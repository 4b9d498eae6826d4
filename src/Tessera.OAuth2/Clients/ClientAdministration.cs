using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Json;
using Tessera.Platform.Services;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// What the admin API (<c>/admin/clients</c>) and dynamic client registration (RFC 7591/7592) do with
/// clients, as Hydra's client handler asks its manager: create, get, list, replace, patch, set the
/// lifespans, delete, and find a client by its registration access token. Validation and writing go
/// through <see cref="ClientRegistrar"/>; the options come from the configuration in force at each call.
/// </summary>
internal sealed class ClientAdministration(ClientStore store, ClientRegistrar registrar, HmacTokenCodec tokens, ServiceContext context)
{
    /// <summary><c>oidc.dynamic_client_registration.enabled</c>: without it the registration endpoints answer 404.</summary>
    public bool RegistrationEnabled => context.Config.GetBool("oidc.dynamic_client_registration.enabled") == true;

    /// <summary>Creates a client from the admin API or, when <paramref name="dynamic"/>, from dynamic registration.</summary>
    public Task<ClientWrite> CreateAsync(JsonObject request, bool dynamic, CancellationToken ct)
        => registrar.CreateAsync(request, ClientValidationOptions.For(context, dynamic), ct);

    public Task<OAuth2Client?> GetAsync(string id, CancellationToken ct) => store.GetAsync(id, ct);

    /// <summary>Up to <paramref name="limit"/> clients after <paramref name="afterId"/>, optionally by name and owner.</summary>
    public Task<List<OAuth2Client>> ListAsync(string? name, string? owner, string afterId, int limit, CancellationToken ct)
        => store.ListAsync(name, owner, afterId, limit, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => store.DeleteAsync(id, ct);

    /// <summary>The admin API's PUT: the request replaces the whole client.</summary>
    public async Task<ClientWrite> ReplaceAsync(string id, JsonObject request, CancellationToken ct)
        => await store.GetAsync(id, ct) is { } existing ? await AdminReplaceAsync(existing, request, ct) : ClientWrite.NotFound;

    /// <summary>RFC 6902 JSON Patch on the client's document; a patched <c>client_secret</c> becomes the new secret.</summary>
    public async Task<ClientWrite> PatchAsync(string id, JsonNode patch, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } existing)
        {
            return ClientWrite.NotFound;
        }

        JsonNode? patched;
        try
        {
            patched = JsonPatch.Apply(ClientDocument.Render(existing), patch);
        }
        catch (JsonPatchException e)
        {
            return ClientWrite.Unpatchable(e.Message);
        }

        if (patched is not JsonObject request)
        {
            return ClientWrite.Unpatchable("The patched client must remain a JSON object.");
        }

        if (request[ClientField.Id] is not JsonValue patchedId || patchedId.GetValueKind() != JsonValueKind.String || patchedId.GetValue<string>() != existing.Id)
        {
            return ClientWrite.Unpatchable("The client_id of a client cannot be changed.");
        }

        return await AdminReplaceAsync(existing, request, ct);
    }

    /// <summary>Replaces every per-grant lifespan: the ones <paramref name="lifespans"/> leaves out are reset to the global TTLs.</summary>
    public async Task<ClientWrite> SetLifespansAsync(string id, JsonObject lifespans, CancellationToken ct)
    {
        if (lifespans.Select(p => p.Key).FirstOrDefault(k => !ClientLifespans.Fields.Contains(k)) is { } unknown)
        {
            return ClientWrite.Fail(ClientError.InvalidMetadata($"Field {unknown} is not a token lifespan."));
        }

        if (await store.GetAsync(id, ct) is not { } existing)
        {
            return ClientWrite.NotFound;
        }

        var request = ClientDocument.Render(existing);
        foreach (var field in ClientLifespans.Fields)
        {
            request[field] = lifespans[field]?.DeepClone();
        }

        return await AdminReplaceAsync(existing, request, ct);
    }

    /// <summary>
    /// RFC 7592: the client named <paramref name="id"/> when <paramref name="registrationToken"/> is its
    /// registration access token, else null. The token's HMAC is checked before any lookup.
    /// </summary>
    public async Task<OAuth2Client?> FindRegisteredAsync(string id, string? registrationToken, CancellationToken ct)
        => tokens.TryGetSignature(registrationToken, ClientRegistrar.RegistrationTokenPrefix, out var signature)
            ? await store.GetByRegistrationTokenAsync(id, signature, ct)
            : null;

    /// <summary>RFC 7592's PUT by the client itself: fewer fields, and a new registration access token.</summary>
    public Task<ClientWrite> UpdateRegisteredAsync(OAuth2Client existing, JsonObject request, CancellationToken ct)
        => registrar.ReplaceAsync(existing, request, ClientValidationOptions.For(context, dynamic: true), ct);

    private Task<ClientWrite> AdminReplaceAsync(OAuth2Client existing, JsonObject request, CancellationToken ct)
        => registrar.ReplaceAsync(existing, request, ClientValidationOptions.For(context, dynamic: false), ct);
}
