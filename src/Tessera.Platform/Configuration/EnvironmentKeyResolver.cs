using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>
/// Maps an environment variable name onto a config key path by walking the schema, as Ory does:
/// <c>SERVE_PUBLIC_PORT</c> is <c>serve.public.port</c> and <c>LOG_LEAK_SENSITIVE_VALUES</c> is
/// <c>log.leak_sensitive_values</c>, because the schema has a key <c>leak_sensitive_values</c> under <c>log</c>.
/// </summary>
internal static class EnvironmentKeyResolver
{
    /// <summary>The key path and its schema node, or null when the name maps onto no key of the schema.</summary>
    public static (string KeyPath, JsonObject Node)? Resolve(string name, ConfigSchema schema)
    {
        if (name.Length == 0)
        {
            return null;
        }

        return Walk(schema.Root, name, "", schema, depth: 0);
    }

    private static (string, JsonObject)? Walk(JsonObject node, string remaining, string path, ConfigSchema schema, int depth)
    {
        if (depth > 16)
        {
            return null;
        }

        // Longest property name first, so that `LEAK_SENSITIVE_VALUES` beats a hypothetical `leak`.
        foreach (var property in schema.PropertyNames(node).OrderByDescending(p => p.Length))
        {
            var envName = EnvName(property);
            if (!remaining.StartsWith(envName, StringComparison.Ordinal))
            {
                continue;
            }

            var child = schema.Property(node, property);
            if (child is null)
            {
                continue;
            }

            var childPath = path.Length == 0 ? property : path + "." + property;
            if (remaining.Length == envName.Length)
            {
                return (childPath, child);
            }

            if (remaining[envName.Length] == '_' && Walk(child, remaining[(envName.Length + 1)..], childPath, schema, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public static string EnvName(string keyPath)
        => keyPath.ToUpperInvariant().Replace('.', '_').Replace('-', '_');
}
