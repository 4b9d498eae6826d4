using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>Records, per key path, which source set the value last.</summary>
internal static class ConfigOrigins
{
    public const string Default = "default";

    public static void Record(Dictionary<string, string> origins, string path, JsonNode? value, string source)
    {
        // A replaced subtree's old entries would name the wrong source.
        var prefix = path + ".";
        foreach (var stale in origins.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            origins.Remove(stale);
        }

        origins[path] = source;
        if (value is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                Record(origins, path.Length == 0 ? key : prefix + key, child, source);
            }
        }
    }

    public static string Find(IReadOnlyDictionary<string, string> origins, string keyPath)
        => Nearest(origins, keyPath)?.Source ?? Default;

    /// <summary>The key path itself or its nearest ancestor that a source set, with that source; null when none did.</summary>
    public static (string Path, string Source)? Nearest(IReadOnlyDictionary<string, string> origins, string keyPath)
    {
        for (var path = keyPath; ; path = path[..path.LastIndexOf('.')])
        {
            if (origins.TryGetValue(path, out var source))
            {
                return (path, source);
            }

            if (!path.Contains('.', StringComparison.Ordinal))
            {
                return origins.TryGetValue("", out var root) ? ("", root) : null;
            }
        }
    }
}
