using System.Text.Json.Nodes;
using Tessera.Platform.Jose;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>
/// Signs claims with a key of a configured set (Oathkeeper's credentials signer): the first key of the set
/// that can sign — private members present, an <c>alg</c> that fits it, <c>use</c> absent or "sig". The
/// key's <c>alg</c> and <c>kid</c> go into the header.
/// </summary>
internal static class JwtSigner
{
    public static async Task<(string? Token, string? Problem)> SignAsync(KeySetResolver keys, string jwksUrl, JsonObject claims, CancellationToken ct)
    {
        var sets = await keys.GetSetsAsync([jwksUrl], ct);
        if (sets.Count == 0)
        {
            return (null, "None of the provided URLs returned a valid JSON Web Key Set.");
        }

        foreach (var key in sets[0])
        {
            if (!CanSign(key))
            {
                continue;
            }

            try
            {
                return (JsonWebSignature.Sign(claims, key), null);
            }
            catch (ArgumentException)
            {
                // Not usable after all (a short RSA key, a broken member): try the next.
            }
        }

        return (null, "credentials: no suitable key could be found");
    }

    /// <summary>A key with private material and an alg that fits it (what <see cref="JsonWebSignature.Sign"/> needs).</summary>
    public static bool CanSign(JsonObject key)
        => (key.ContainsKey("d") || JsonWebKeyConverter.Text(key, "kty") == "oct")
            && JsonWebKeyConverter.Text(key, "alg") is { } alg
            && JsonWebSignature.KeyFits(key, alg);
}
