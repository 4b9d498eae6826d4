using System.Text.Json.Nodes;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Keys;

/// <summary>
/// Signs and verifies with a key set: the newest asymmetric private key signs (rotation = add a key),
/// every key of the set verifies until it is deleted.
/// </summary>
internal sealed class SigningKeys(KeyStore keys)
{
    public async Task<string> SignAsync(string set, JsonObject payload, CancellationToken ct, string typ = "JWT")
        => JsonWebSignature.Sign(payload, await CurrentAsync(set, ct), typ);

    /// <summary>The private key that signs for <paramref name="set"/> now: its newest asymmetric signing key.</summary>
    public async Task<JsonObject> CurrentAsync(string set, CancellationToken ct)
    {
        var all = await keys.GetSetAsync(set, ct);
        return all.FirstOrDefault(k => k.ContainsKey("d") && JsonWebKeyConverter.Text(k, "use") is null or "sig" && JsonWebKeyConverter.Text(k, "kty") != "oct")
            ?? throw new InvalidOperationException($"The key set {set} has no private signing key; add one with POST /admin/keys/{set}.");
    }

    /// <summary>The payload of a JWS signed by a key of <paramref name="set"/>, or null.</summary>
    public async Task<JsonObject?> VerifyAsync(string set, string compact, CancellationToken ct)
    {
        if (!JsonWebSignature.TryParse(compact, out var jws))
        {
            return null;
        }

        var kid = jws.KeyId;
        foreach (var key in await keys.GetSetAsync(set, ct))
        {
            if ((kid is null || JsonWebKeyConverter.Text(key, "kid") == kid) && JsonWebSignature.Verify(jws, key))
            {
                return jws.Payload;
            }
        }

        return null;
    }
}
