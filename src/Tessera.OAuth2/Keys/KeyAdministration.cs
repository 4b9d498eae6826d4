using System.Text.Json.Nodes;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Keys;

/// <summary>
/// Hydra's JSON Web Key administration (<c>/admin/keys</c>): generate a key into a set, replace a set,
/// put one key, read and delete sets and keys; and the public JWKS (<c>/.well-known/jwks.json</c>): the
/// public parts of the asymmetric keys of the sets in <c>webfinger.jwks.broadcast_keys</c>.
/// </summary>
internal sealed class KeyAdministration(KeyStore store, IReadOnlyList<string> broadcastSets)
{
    /// <summary>Every key of the set, newest first, with private members; empty when there is no such set.</summary>
    public Task<IReadOnlyList<JsonObject>> GetSetAsync(string set, CancellationToken ct) => store.GetSetAsync(set, ct);

    public Task<JsonObject?> GetKeyAsync(string set, string kid, CancellationToken ct) => store.GetKeyAsync(set, kid, ct);

    /// <summary>Hydra's create: generates a key for <c>{"alg", "use", "kid"}</c> and adds it to the set (created if needed).</summary>
    public async Task<KeyWrite> GenerateAsync(string set, JsonNode request, CancellationToken ct)
    {
        var algorithms = string.Join(", ", JsonWebKeyGenerator.Algorithms);
        if (request is not JsonObject fields || fields["alg"] is not JsonValue algValue || !algValue.TryGetValue<string>(out var alg))
        {
            return KeyWrite.Refused("The request needs \"alg\".", "Member \"alg\" is required: one of " + algorithms + ".");
        }

        var use = fields["use"] is JsonValue u && u.TryGetValue<string>(out var useText) && useText.Length > 0 ? useText : "sig";
        var kid = fields["kid"] is JsonValue k && k.TryGetValue<string>(out var kidText) && kidText.Length > 0 ? kidText : null;
        if (use is not ("sig" or "enc") || !JsonWebKeyGenerator.Algorithms.Contains(alg))
        {
            return KeyWrite.Refused("The key request is invalid.", $"\"alg\" must be one of {algorithms} and \"use\" sig or enc.");
        }

        var key = JsonWebKeyGenerator.Generate(alg, kid, use);
        await store.AddKeysAsync(set, [key], ct);
        return KeyWrite.Stored([key]);
    }

    /// <summary>Replaces every key of the set with the <c>keys</c> of a JWK Set; nothing is written unless every key is acceptable.</summary>
    public async Task<KeyWrite> ReplaceSetAsync(string set, JsonNode request, CancellationToken ct)
    {
        if (request is not JsonObject body || body["keys"] is not JsonArray array)
        {
            return KeyWrite.Refused("The request needs a \"keys\" array.");
        }

        var keys = new List<JsonObject>();
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonWebKeyValidator.Problem(array[i]) is { } problem)
            {
                return KeyWrite.Refused($"keys[{i}]: {problem}.");
            }

            keys.Add(array[i]!.AsObject());
        }

        await store.ReplaceSetAsync(set, keys, ct);
        return KeyWrite.Stored(keys);
    }

    /// <summary>Adds or replaces one key of the set; its <c>kid</c> must be <paramref name="kid"/>.</summary>
    public async Task<KeyWrite> PutKeyAsync(string set, string kid, JsonNode request, CancellationToken ct)
    {
        if (JsonWebKeyValidator.Problem(request) is { } problem)
        {
            return KeyWrite.Refused(problem + ".");
        }

        var key = request.AsObject();
        if (key["kid"]!.GetValue<string>() != kid)
        {
            return KeyWrite.Refused("The key's \"kid\" must match the kid in the path.");
        }

        await store.AddKeysAsync(set, [key], ct);
        return KeyWrite.Stored([key]);
    }

    /// <summary>Deletes a whole set; false when there was none.</summary>
    public Task<bool> DeleteSetAsync(string set, CancellationToken ct) => store.DeleteSetAsync(set, ct);

    /// <summary>Deletes one key; false when there was none.</summary>
    public Task<bool> DeleteKeyAsync(string set, string kid, CancellationToken ct) => store.DeleteKeyAsync(set, kid, ct);

    /// <summary>The keys <c>/.well-known/jwks.json</c> publishes: public parts only, symmetric keys never.</summary>
    public async Task<IReadOnlyList<JsonObject>> PublicKeysAsync(CancellationToken ct)
    {
        var keys = new List<JsonObject>();
        foreach (var set in broadcastSets)
        {
            foreach (var key in await store.GetSetAsync(set, ct))
            {
                if (key["kty"]?.GetValue<string>() != "oct")
                {
                    keys.Add(JsonWebKeyGenerator.PublicPart(key));
                }
            }
        }

        return keys;
    }
}
