using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>Decides which config values are secrets, so that no error message or log shows them.</summary>
public static class ConfigRedaction
{
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "secrets", "dsn", "password", "client_secret", "pin", "salt",
    };

    public static bool IsSecret(string keyPath, ConfigSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (ConfigSchema.SplitPath(keyPath).Any(SecretNames.Contains))
        {
            return true;
        }

        return schema.AnyOnPath(keyPath, node => node["writeOnly"] is JsonValue v && v.TryGetValue<bool>(out var b) && b);
    }

    /// <summary>The value as compact JSON, shortened when long, or <see cref="Redacted"/> for a secret.</summary>
    public static string Render(JsonNode? value, bool secret)
    {
        if (secret)
        {
            return Redacted;
        }

        var json = value?.ToJsonString() ?? "null";
        return json.Length > 120 ? json[..117] + "..." : json;
    }
}
