using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>
/// Builds a validated <see cref="ConfigSnapshot"/>: schema defaults, then files in order, then
/// environment variables, then flag overrides; objects merge deeply, arrays and scalars replace.
/// Every problem is collected and thrown at once as a <see cref="ConfigValidationException"/>.
/// </summary>
public static class ConfigLoader
{
    public static ConfigSnapshot Load(ConfigSchema schema, ConfigSources sources)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sources);
        var root = new JsonObject();
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<ConfigError>();

        foreach (var file in sources.Files)
        {
            var document = ConfigDocumentReader.ReadFile(file);
            if (sources.FileSection is { } section)
            {
                document = document is JsonObject whole ? whole[section] : null;
            }

            switch (document)
            {
                case null:
                    continue;
                case JsonObject obj:
                    Merge(root, obj, "", $"file {file}", origins);
                    break;
                default:
                    throw new ConfigException($"Config file {file} must hold a mapping of keys at its top level{(sources.FileSection is null ? "" : $" (section {sources.FileSection})")}.");
            }
        }

        foreach (var (name, raw) in sources.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var key = name;
            if (sources.EnvPrefix is { } prefix)
            {
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                key = name[prefix.Length..];
            }

            if (EnvironmentKeyResolver.Resolve(key, schema) is { } target)
            {
                Set(root, target.KeyPath, target.Node, raw, $"env {name}", schema, origins, errors);
            }
        }

        foreach (var (keyPath, raw) in sources.Overrides)
        {
            var node = schema.NodeAt(keyPath) ?? new JsonObject();
            Set(root, keyPath, node, raw, "flag", schema, origins, errors);
        }

        ConfigDefaults.Apply(schema, schema.Root, root);

        foreach (var error in schema.Compiled.Validate(root).Errors)
        {
            var keyPath = PointerToKeyPath(error.InstanceLocation);
            var value = new ConfigSnapshot(root, origins, schema).Get(keyPath);
            errors.Add(new ConfigError(
                keyPath,
                ConfigRedaction.Render(value, schema.IsSecret(keyPath)),
                error.Message,
                ConfigOrigins.Find(origins, keyPath)));
        }

        if (errors.Count > 0)
        {
            throw new ConfigValidationException(errors);
        }

        return new ConfigSnapshot(root, origins, schema);
    }

    private static void Set(JsonObject root, string keyPath, JsonObject schemaNode, string raw, string source, ConfigSchema schema, Dictionary<string, string> origins, List<ConfigError> errors)
    {
        if (!ConfigValueParser.TryParse(raw, schemaNode, schema, out var value, out var expected))
        {
            errors.Add(new ConfigError(keyPath, ConfigRedaction.Render(JsonValue.Create(raw), schema.IsSecret(keyPath)), $"cannot be read as {expected}", source));
            return;
        }

        ConfigTree.Set(root, keyPath, value);
        ConfigOrigins.Record(origins, keyPath, value, source);
    }

    private static void Merge(JsonObject target, JsonObject source, string path, string origin, Dictionary<string, string> origins)
    {
        foreach (var (key, value) in source)
        {
            var childPath = path.Length == 0 ? key : path + "." + key;
            if (value is JsonObject sourceObject && target[key] is JsonObject targetObject)
            {
                Merge(targetObject, sourceObject, childPath, origin, origins);
                continue;
            }

            var copy = value?.DeepClone();
            target[key] = copy;
            ConfigOrigins.Record(origins, childPath, copy, origin);
        }
    }

    /// <summary>"/serve/public/port" to "serve.public.port".</summary>
    internal static string PointerToKeyPath(string pointer)
    {
        if (pointer.Length == 0)
        {
            return "";
        }

        return string.Join('.', pointer.TrimStart('/').Split('/')
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));
    }
}
