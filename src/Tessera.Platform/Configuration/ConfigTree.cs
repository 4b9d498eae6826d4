using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>Writes into a config tree by dotted key path, creating parent objects as needed.</summary>
internal static class ConfigTree
{
    /// <summary>Sets <paramref name="keyPath"/> to <paramref name="value"/> (a null value is a JSON null).</summary>
    public static void Set(JsonObject root, string keyPath, JsonNode? value)
    {
        var (parent, name) = Parent(root, keyPath);
        parent[name] = value;
    }

    public static void Remove(JsonObject root, string keyPath)
    {
        var (parent, name) = Parent(root, keyPath);
        parent.Remove(name);
    }

    private static (JsonObject Parent, string Name) Parent(JsonObject root, string keyPath)
    {
        var segments = ConfigSchema.SplitPath(keyPath);
        var parent = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (parent[segments[i]] is not JsonObject child)
            {
                child = new JsonObject();
                parent[segments[i]] = child;
            }

            parent = child;
        }

        return (parent, segments[^1]);
    }
}
