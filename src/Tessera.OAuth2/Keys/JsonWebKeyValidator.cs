using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Keys;

/// <summary>Checks a JSON Web Key given to <c>PUT /admin/keys</c>: the members a key of its type needs, as strings.</summary>
internal static class JsonWebKeyValidator
{
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["RSA"] = ["n", "e"],
        ["EC"] = ["crv", "x", "y"],
        ["oct"] = ["k"],
        ["OKP"] = ["crv", "x"],
    };

    /// <summary>Null when the key is acceptable, else what is wrong with it.</summary>
    public static string? Problem(JsonNode? node)
    {
        if (node is not JsonObject key)
        {
            return "a JSON Web Key must be a JSON object";
        }

        foreach (var (name, value) in key)
        {
            if (name is not ("key_ops" or "x5c") && value is not null && value.GetValueKind() != JsonValueKind.String)
            {
                return $"member \"{name}\" must be a string";
            }
        }

        var kty = key["kty"]?.GetValue<string>();
        if (kty is null || !Required.TryGetValue(kty, out var members))
        {
            return "member \"kty\" must be one of RSA, EC, oct, OKP";
        }

        if (string.IsNullOrEmpty(key["kid"]?.GetValue<string>()))
        {
            return "member \"kid\" is required";
        }

        var missing = members.FirstOrDefault(m => string.IsNullOrEmpty(key[m]?.GetValue<string>()));
        return missing is null ? null : $"a {kty} key needs member \"{missing}\"";
    }
}
