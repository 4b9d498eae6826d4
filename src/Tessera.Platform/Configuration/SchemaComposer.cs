using System.Reflection;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Configuration;

/// <summary>
/// Inlines the platform's schema fragments into a service's config schema. A node
/// <c>{"x-tessera-include": "listener", ...}</c> becomes the fragment <c>Fragments/listener.json</c> with
/// the node's other keywords deep-merged over it, so a service can add properties or defaults to a
/// shared fragment and the fragment's <c>additionalProperties: false</c> still covers them.
/// </summary>
internal static class SchemaComposer
{
    public const string IncludeKeyword = "x-tessera-include";
    private static readonly Assembly FragmentAssembly = typeof(SchemaComposer).Assembly;

    public static JsonNode? Compose(JsonNode? schema) => Compose(schema, depth: 0);

    private static JsonNode? Compose(JsonNode? node, int depth)
    {
        if (depth > 32)
        {
            throw new ConfigException("Config schema includes nest more than 32 deep; is a fragment including itself?");
        }

        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(item => Compose(item, depth)).ToArray());
            case JsonObject obj:
                JsonObject result;
                if (obj[IncludeKeyword] is JsonValue include && include.TryGetValue<string>(out var name))
                {
                    result = (JsonObject)Compose(LoadFragment(name), depth + 1)!;
                    foreach (var (key, value) in obj)
                    {
                        if (key != IncludeKeyword)
                        {
                            result[key] = DeepMerge(result[key], Compose(value, depth));
                        }
                    }

                    return result;
                }

                result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    result[key] = Compose(value, depth);
                }

                return result;
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? DeepMerge(JsonNode? under, JsonNode? over)
    {
        if (under is JsonObject baseObject && over is JsonObject overObject)
        {
            var merged = (JsonObject)baseObject.DeepClone();
            foreach (var (key, value) in overObject)
            {
                merged[key] = DeepMerge(merged[key], value?.DeepClone());
            }

            return merged;
        }

        return over?.DeepClone();
    }

    private static JsonNode LoadFragment(string name)
    {
        using var stream = FragmentAssembly.GetManifestResourceStream($"Fragments/{name}.json")
            ?? throw new ConfigException($"The config schema includes an unknown fragment '{name}'.");
        return JsonNode.Parse(stream) ?? throw new ConfigException($"Schema fragment '{name}' is empty.");
    }
}
