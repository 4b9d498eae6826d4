using System.Reflection;
using System.Text.Json.Nodes;
using Tessera.Platform.Schema;

namespace Tessera.Platform.Configuration;

/// <summary>
/// A service's configuration schema: composed from its fragments, compiled once for validation, and
/// walkable by key path for defaults, env-name resolution, value types and annotations
/// (<c>writeOnly</c> marks secrets; <c>x-tessera-reloadable</c> marks keys that hot reload may change).
/// </summary>
public sealed class ConfigSchema
{
    public const string ReloadableKeyword = "x-tessera-reloadable";

    private ConfigSchema(JsonObject root)
    {
        Root = root;
        Compiled = JsonSchema.Compile(root, new JsonSchemaOptions { AssertFormat = true });
    }

    /// <summary>The composed schema document.</summary>
    public JsonObject Root { get; }

    internal JsonSchema Compiled { get; }

    public static ConfigSchema FromJson(string json)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ConfigException($"The config schema is not valid JSON: {e.Message}", e);
        }

        return SchemaComposer.Compose(parsed) is JsonObject root
            ? new ConfigSchema(root)
            : throw new ConfigException("The config schema must be a JSON object.");
    }

    public static ConfigSchema FromEmbeddedResource(Assembly assembly, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new ConfigException($"{assembly.GetName().Name} embeds no resource {name}.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    /// <summary>The schema node for a dotted key path, or null when the schema does not describe it.</summary>
    public JsonObject? NodeAt(string keyPath)
    {
        var node = Root;
        foreach (var segment in SplitPath(keyPath))
        {
            node = Property(node, segment);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>True when the key or any of its ancestors is marked <c>writeOnly</c> or has a secret's name.</summary>
    public bool IsSecret(string keyPath) => ConfigRedaction.IsSecret(keyPath, this);

    /// <summary>True when the key or an ancestor is marked <c>x-tessera-reloadable</c>.</summary>
    public bool IsReloadable(string keyPath) => AnyOnPath(keyPath, node => node[ReloadableKeyword] is JsonValue v && v.TryGetValue<bool>(out var b) && b);

    internal bool AnyOnPath(string keyPath, Func<JsonObject, bool> predicate)
    {
        JsonObject? node = Root;
        if (predicate(node))
        {
            return true;
        }

        foreach (var segment in SplitPath(keyPath))
        {
            node = Property(node, segment);
            if (node is null)
            {
                return false;
            }

            if (predicate(node))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The subschema of property <paramref name="name"/> of an object schema, looking through $ref and allOf/anyOf/oneOf.</summary>
    internal JsonObject? Property(JsonObject node, string name)
    {
        node = Resolve(node);
        if (node["properties"] is JsonObject properties && properties[name] is JsonObject direct)
        {
            return Resolve(direct);
        }

        foreach (var combinator in Combinators)
        {
            if (node[combinator] is JsonArray branches)
            {
                foreach (var branch in branches.OfType<JsonObject>())
                {
                    if (Property(branch, name) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return node["additionalProperties"] is JsonObject additional ? Resolve(additional) : null;
    }

    /// <summary>The names of the properties an object schema declares, including those of its combinator branches.</summary>
    internal IEnumerable<string> PropertyNames(JsonObject node)
    {
        node = Resolve(node);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, _) in properties)
            {
                if (seen.Add(name))
                {
                    yield return name;
                }
            }
        }

        foreach (var combinator in Combinators)
        {
            if (node[combinator] is JsonArray branches)
            {
                foreach (var branch in branches.OfType<JsonObject>())
                {
                    foreach (var name in PropertyNames(branch))
                    {
                        if (seen.Add(name))
                        {
                            yield return name;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The JSON types a node admits, from <c>type</c>, <c>const</c>/<c>enum</c> or its branches; empty when unconstrained.</summary>
    internal IReadOnlySet<string> Types(JsonObject node)
    {
        node = Resolve(node);
        var types = new HashSet<string>(StringComparer.Ordinal);
        switch (node["type"])
        {
            case JsonValue single when single.TryGetValue<string>(out var t):
                types.Add(t);
                break;
            case JsonArray many:
                foreach (var item in many)
                {
                    if (item is JsonValue v && v.TryGetValue<string>(out var each))
                    {
                        types.Add(each);
                    }
                }

                break;
        }

        if (types.Count == 0)
        {
            foreach (var combinator in Combinators)
            {
                if (node[combinator] is JsonArray branches)
                {
                    foreach (var branch in branches.OfType<JsonObject>())
                    {
                        types.UnionWith(Types(branch));
                    }
                }
            }

            var constant = node["const"] ?? (node["enum"] as JsonArray)?.FirstOrDefault();
            if (constant is not null)
            {
                types.Add(constant.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => "string",
                    System.Text.Json.JsonValueKind.Number => "number",
                    System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                    System.Text.Json.JsonValueKind.Array => "array",
                    _ => "object",
                });
            }
        }

        return types;
    }

    internal static string[] SplitPath(string keyPath) => keyPath.Length == 0 ? [] : keyPath.Split('.');

    private static readonly string[] Combinators = ["allOf", "anyOf", "oneOf"];

    /// <summary>Follows local <c>$ref</c>s (<c>#/...</c> JSON pointers) within the document.</summary>
    internal JsonObject Resolve(JsonObject node)
    {
        for (var hops = 0; hops < 16 && node["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && target.StartsWith('#'); hops++)
        {
            JsonNode? current = Root;
            foreach (var raw in target[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                current = current is JsonObject o ? o[segment] : null;
            }

            if (current is not JsonObject resolved)
            {
                break;
            }

            node = resolved;
        }

        return node;
    }
}
