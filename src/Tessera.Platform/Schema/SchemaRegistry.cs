using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>
/// Every schema resource reachable at compile time: documents and embedded resources by their
/// absolute URI, anchors, dynamic anchors, and the base URI and draft of each schema object.
/// </summary>
internal sealed class SchemaRegistry
{
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] SchemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly string[] SingleSchemas =
        ["additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "contentSchema"];

    private readonly Dictionary<string, JsonNode> resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> dynamicAnchors = new(StringComparer.Ordinal);
    private readonly Dictionary<JsonNode, Uri> baseOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonNode, JsonSchemaDraft> draftOf = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> loadedRemotes = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, JsonNode> remotes;

    public SchemaRegistry(IReadOnlyDictionary<string, JsonNode> remotes)
    {
        this.remotes = remotes;
    }

    public void AddDocument(JsonNode root, Uri baseUri, JsonSchemaDraft draft)
    {
        var key = WithoutFragment(baseUri);
        resources.TryAdd(key, root);
        Walk(root, new Uri(key), draft);
    }

    public Uri BaseOf(JsonNode node, Uri fallback) => baseOf.TryGetValue(node, out var uri) ? uri : fallback;

    public JsonSchemaDraft DraftOf(JsonNode node, JsonSchemaDraft fallback) => draftOf.TryGetValue(node, out var draft) ? draft : fallback;

    /// <summary>The node a URI (with an optional pointer or anchor fragment) names, loading a supplied remote document when needed.</summary>
    public JsonNode? Resolve(Uri uri, JsonSchemaDraft draft)
    {
        var document = WithoutFragment(uri);
        if (!resources.TryGetValue(document, out var root))
        {
            if (!LoadRemote(document, draft))
            {
                return null;
            }

            root = resources[document];
        }

        var fragment = Fragment(uri);
        if (fragment.Length == 0)
        {
            return root;
        }

        if (fragment[0] == '/')
        {
            return Navigate(root, fragment);
        }

        return anchors.TryGetValue(document + "#" + fragment, out var anchored) ? anchored : null;
    }

    /// <summary>The node with <c>$dynamicAnchor</c> <paramref name="name"/> in the resource <paramref name="resource"/>, if any.</summary>
    public JsonNode? DynamicAnchor(Uri resource, string name)
        => dynamicAnchors.TryGetValue(WithoutFragment(resource) + "#" + name, out var node) ? node : null;

    public static string WithoutFragment(Uri uri)
    {
        var text = uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? text : text[..hash];
    }

    public static string Fragment(Uri uri)
    {
        var text = uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : Uri.UnescapeDataString(text[(hash + 1)..]);
    }

    /// <summary>Resolves a reference against a base; fragment-only references keep the base document, even for URNs.</summary>
    public static Uri Combine(Uri baseUri, string reference)
        => reference.StartsWith('#') ? new Uri(WithoutFragment(baseUri) + reference) : new Uri(baseUri, reference);

    private bool LoadRemote(string document, JsonSchemaDraft draft)
    {
        if (!loadedRemotes.Add(document))
        {
            return false;
        }

        foreach (var (key, node) in remotes)
        {
            if (Uri.TryCreate(key, UriKind.Absolute, out var remoteUri) && WithoutFragment(remoteUri) == document)
            {
                AddDocument(node, remoteUri, DraftFrom(node, draft));
                return true;
            }
        }

        return false;
    }

    public static JsonSchemaDraft DraftFrom(JsonNode? node, JsonSchemaDraft fallback)
    {
        if (node is JsonObject obj && obj["$schema"] is JsonValue value && value.TryGetValue<string>(out var schema))
        {
            if (schema.Contains("draft-07", StringComparison.Ordinal) || schema.Contains("draft-06", StringComparison.Ordinal) || schema.Contains("draft-04", StringComparison.Ordinal))
            {
                return JsonSchemaDraft.Draft7;
            }

            if (schema.Contains("2020-12", StringComparison.Ordinal) || schema.Contains("2019-09", StringComparison.Ordinal))
            {
                return JsonSchemaDraft.Draft202012;
            }
        }

        return fallback;
    }

    private static JsonNode? Navigate(JsonNode root, string pointer)
    {
        JsonNode? current = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private void Walk(JsonNode? node, Uri baseUri, JsonSchemaDraft draft)
    {
        if (node is not JsonObject obj)
        {
            if (node is not null)
            {
                baseOf.TryAdd(node, baseUri);
                draftOf.TryAdd(node, draft);
            }

            return;
        }

        draft = DraftFrom(obj, draft);
        var hasRef = obj.ContainsKey("$ref");
        if (obj["$id"] is JsonValue idValue && idValue.TryGetValue<string>(out var id) && !(draft == JsonSchemaDraft.Draft7 && hasRef))
        {
            if (draft == JsonSchemaDraft.Draft7 && id.StartsWith('#'))
            {
                anchors.TryAdd(WithoutFragment(baseUri) + id, obj);
            }
            else
            {
                var resolved = Combine(baseUri, id);
                var key = WithoutFragment(resolved);
                baseUri = new Uri(key);
                resources.TryAdd(key, obj);
                var fragment = Fragment(resolved);
                if (draft == JsonSchemaDraft.Draft7 && fragment.Length > 0)
                {
                    anchors.TryAdd(key + "#" + fragment, obj);
                }
            }
        }

        if (draft == JsonSchemaDraft.Draft202012)
        {
            if (obj["$anchor"] is JsonValue anchor && anchor.TryGetValue<string>(out var name))
            {
                anchors.TryAdd(WithoutFragment(baseUri) + "#" + name, obj);
            }

            if (obj["$dynamicAnchor"] is JsonValue dynamic && dynamic.TryGetValue<string>(out var dynamicName))
            {
                anchors.TryAdd(WithoutFragment(baseUri) + "#" + dynamicName, obj);
                dynamicAnchors.TryAdd(WithoutFragment(baseUri) + "#" + dynamicName, obj);
            }
        }

        baseOf.TryAdd(obj, baseUri);
        draftOf.TryAdd(obj, draft);

        foreach (var map in SchemaMaps)
        {
            if (obj[map] is JsonObject children)
            {
                foreach (var (_, child) in children)
                {
                    Walk(child, baseUri, draft);
                }
            }
        }

        if (draft == JsonSchemaDraft.Draft7 && obj["dependencies"] is JsonObject dependencies)
        {
            foreach (var (_, child) in dependencies)
            {
                if (child is JsonObject)
                {
                    Walk(child, baseUri, draft);
                }
            }
        }

        foreach (var array in SchemaArrays)
        {
            if (obj[array] is JsonArray children)
            {
                foreach (var child in children)
                {
                    Walk(child, baseUri, draft);
                }
            }
        }

        switch (obj["items"])
        {
            case JsonArray items:
                foreach (var child in items)
                {
                    Walk(child, baseUri, draft);
                }

                break;
            case { } items:
                Walk(items, baseUri, draft);
                break;
        }

        foreach (var single in SingleSchemas)
        {
            if (obj.TryGetPropertyValue(single, out var child) && child is not null)
            {
                Walk(child, baseUri, draft);
            }
        }
    }
}
