using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Templates;

/// <summary>
/// JSON documents as template values, the way Go's encoding/json decodes into interface{}: objects are
/// <c>map[string]interface {}</c>, arrays <c>[]interface {}</c>, every number a float64. Read in place, not copied.
/// </summary>
public static class TemplateJson
{
    public static TemplateValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => TemplateValue.Map(new ElementMap(element)),
        JsonValueKind.Array => TemplateValue.List(new ElementList(element)),
        JsonValueKind.String => TemplateValue.String(element.GetString()),
        JsonValueKind.Number => TemplateValue.Float(element.GetDouble()),
        JsonValueKind.True => TemplateValue.True,
        JsonValueKind.False => TemplateValue.False,
        JsonValueKind.Undefined => TemplateValue.Missing,
        _ => TemplateValue.Nil,
    };

    /// <summary>A node; values created from .NET integers stay Go ints, parsed JSON numbers are float64.</summary>
    public static TemplateValue From(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return TemplateValue.Nil;
            case JsonObject o:
                return TemplateValue.Map(new NodeMap(o));
            case JsonArray a:
                return TemplateValue.List(new NodeList(a));
        }

        var value = node.AsValue();
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return From(element);
        }

        if (value.TryGetValue<string>(out var s))
        {
            return TemplateValue.String(s);
        }

        if (value.TryGetValue<bool>(out var b))
        {
            return TemplateValue.Bool(b);
        }

        if (value.TryGetValue<long>(out var l))
        {
            return TemplateValue.Int(l);
        }

        if (value.TryGetValue<int>(out var i))
        {
            return TemplateValue.Int(i);
        }

        return value.TryGetValue<double>(out var d) ? TemplateValue.Float(d) : TemplateValue.Nil;
    }

    private sealed class ElementMap(JsonElement element) : TemplateMap
    {
        private string[]? _keys;

        public override int Count => SortedKeys().Count;

        public override bool TryGet(string key, out TemplateValue value)
        {
            // Go keeps the last of duplicate members.
            var found = false;
            value = default;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals(key))
                {
                    value = From(property.Value);
                    found = true;
                }
            }

            return found;
        }

        public override IReadOnlyList<string> SortedKeys()
        {
            if (_keys is null)
            {
                var keys = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    keys.Add(property.Name);
                }

                _keys = [.. keys];
            }

            return _keys;
        }
    }

    private sealed class ElementList(JsonElement element) : TemplateList
    {
        public override int Count => element.GetArrayLength();

        public override TemplateValue this[int index] => From(element[index]);
    }

    private sealed class NodeMap(JsonObject json) : TemplateMap
    {
        public override int Count => json.Count;

        public override bool TryGet(string key, out TemplateValue value)
        {
            if (json.TryGetPropertyValue(key, out var node))
            {
                value = From(node);
                return true;
            }

            value = default;
            return false;
        }

        public override IReadOnlyList<string> SortedKeys()
        {
            var keys = json.Select(p => p.Key).ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            return keys;
        }
    }

    private sealed class NodeList(JsonArray json) : TemplateList
    {
        public override int Count => json.Count;

        public override TemplateValue this[int index] => From(json[index]);
    }
}
