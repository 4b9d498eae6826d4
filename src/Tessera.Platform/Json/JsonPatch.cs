using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Json;

/// <summary>
/// RFC 6902 JSON Patch: add, remove, replace, move, copy and test, addressed by RFC 6901 pointers.
/// A patch applies to a copy and either every operation succeeds or the input is left as it was.
/// </summary>
internal static class JsonPatch
{
    /// <summary>Applies <paramref name="patch"/> (a JSON array of operations) to a copy of <paramref name="document"/>.</summary>
    /// <exception cref="JsonPatchException">The patch is malformed, a target is missing, or a test fails.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw new JsonPatchException("A JSON Patch must be a JSON array of operations.");
        }

        var root = document?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw new JsonPatchException($"Operation {i} must be a JSON object.");
            }

            root = ApplyOne(root, operation, i);
        }

        return root;
    }

    private static JsonNode? ApplyOne(JsonNode? root, JsonObject operation, int index)
    {
        var op = Member(operation, "op", index);
        var path = JsonPointer.Parse(Member(operation, "path", index));
        switch (op)
        {
            case "add":
                return Add(root, path, Value(operation, index));
            case "remove":
                Remove(ref root, path);
                return root;
            case "replace":
                return Replace(root, path, Value(operation, index));
            case "move":
            {
                var from = JsonPointer.Parse(Member(operation, "from", index));
                if (path.IsInside(from))
                {
                    throw new JsonPatchException($"Operation {index} cannot move \"{from}\" into its own child \"{path}\".");
                }

                if (from.Text == path.Text)
                {
                    _ = Get(root, from);
                    return root;
                }

                var moved = Remove(ref root, from);
                return Add(root, path, moved);
            }

            case "copy":
            {
                var from = JsonPointer.Parse(Member(operation, "from", index));
                return Add(root, path, Get(root, from)?.DeepClone());
            }

            case "test":
            {
                var expected = Value(operation, index);
                if (!JsonNode.DeepEquals(Get(root, path), expected))
                {
                    throw new JsonPatchException($"Operation {index} (test) failed: the value at \"{path}\" is not {expected?.ToJsonString() ?? "null"}.");
                }

                return root;
            }

            default:
                throw new JsonPatchException($"Operation {index} has unknown op \"{op}\"; use add, remove, replace, move, copy or test.");
        }
    }

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        var key = path.Tokens[^1];
        switch (Parent(root, path))
        {
            case JsonObject obj:
                obj[key] = value;
                break;
            case JsonArray array:
                if (key == "-")
                {
                    array.Add(value);
                }
                else if (JsonPointer.ArrayIndex(key) is { } i && i <= array.Count)
                {
                    array.Insert(i, value);
                }
                else
                {
                    throw new JsonPatchException($"\"{path}\" is not a valid position in an array of {array.Count} elements.");
                }

                break;
        }

        return root;
    }

    private static JsonNode? Remove(ref JsonNode? root, JsonPointer path)
    {
        if (path.IsRoot)
        {
            var whole = root;
            root = null;
            return whole;
        }

        var key = path.Tokens[^1];
        switch (Parent(root, path))
        {
            case JsonObject obj when obj.TryGetPropertyValue(key, out var value):
                obj.Remove(key);
                return value;
            case JsonArray array when JsonPointer.ArrayIndex(key) is { } i && i < array.Count:
                var element = array[i];
                array.RemoveAt(i);
                return element;
            default:
                throw Missing(path);
        }
    }

    private static JsonNode? Replace(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        var key = path.Tokens[^1];
        switch (Parent(root, path))
        {
            case JsonObject obj when obj.ContainsKey(key):
                obj[key] = value;
                break;
            case JsonArray array when JsonPointer.ArrayIndex(key) is { } i && i < array.Count:
                array[i] = value;
                break;
            default:
                throw Missing(path);
        }

        return root;
    }

    private static JsonNode? Get(JsonNode? root, JsonPointer path)
    {
        var node = root;
        foreach (var token in path.Tokens)
        {
            node = (Child(node, token) ?? throw Missing(path)).Value;
        }

        return node;
    }

    /// <summary>The container that holds the pointer's last token; it must exist and be an object or array.</summary>
    private static JsonNode Parent(JsonNode? root, JsonPointer path)
    {
        var node = root;
        for (var i = 0; i < path.Tokens.Count - 1; i++)
        {
            node = (Child(node, path.Tokens[i]) ?? throw Missing(path)).Value;
        }

        return node is JsonObject or JsonArray ? node : throw Missing(path);
    }

    /// <summary>The member or element named by <paramref name="token"/>: null when absent (a present JSON null is a boxed null).</summary>
    private static StrongBox? Child(JsonNode? node, string token) => node switch
    {
        JsonObject obj when obj.TryGetPropertyValue(token, out var value) => new StrongBox(value),
        JsonArray array when JsonPointer.ArrayIndex(token) is { } i && i < array.Count => new StrongBox(array[i]),
        _ => null,
    };

    private static JsonPatchException Missing(JsonPointer path) => new($"The path \"{path}\" does not exist in the document.");

    private static string Member(JsonObject operation, string name, int index)
        => operation[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new JsonPatchException($"Operation {index} needs \"{name}\" as a string.");

    private static JsonNode? Value(JsonObject operation, int index)
        => operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new JsonPatchException($"Operation {index} needs \"value\".");

    private sealed class StrongBox(JsonNode? value)
    {
        public JsonNode? Value { get; } = value;
    }
}
