using System.Text.Json.Nodes;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// How Oathkeeper lays a rule's handler <c>config</c> over the global one (koanf's merge): objects merge
/// key by key, recursively; anything else in the rule (a string, a number, an array, null) replaces the
/// global value whole.
/// </summary>
internal static class JsonMerge
{
    public static JsonObject Merge(JsonNode? global, JsonNode? overrides)
    {
        var result = global is JsonObject g ? (JsonObject)g.DeepClone() : [];
        if (overrides is JsonObject o)
        {
            Into(result, o);
        }

        return result;
    }

    private static void Into(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Into(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
