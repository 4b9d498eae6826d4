using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>Turns schema JSON into <see cref="SchemaNode"/>s, resolving every reference once.</summary>
internal sealed class SchemaCompiler
{
    private readonly SchemaRegistry registry;
    private readonly Dictionary<JsonNode, SchemaNode> compiled = new(ReferenceEqualityComparer.Instance);
    private readonly JsonSchemaDraft defaultDraft;

    public SchemaCompiler(SchemaRegistry registry, JsonSchemaDraft defaultDraft)
    {
        this.registry = registry;
        this.defaultDraft = defaultDraft;
    }

    /// <summary>Whether validation keywords (type, bounds, lengths...) are compiled; see the 2020-12 vocabularies.</summary>
    public bool ValidationVocabulary { get; init; } = true;

    public SchemaNode? DynamicAnchor(Uri resource, string name)
        => registry.DynamicAnchor(resource, name) is { } node ? Compile(node, "#") : null;

    public SchemaNode Compile(JsonNode? node, string location)
    {
        if (node is null)
        {
            throw new JsonSchemaException($"{location}: a schema must be an object or a boolean, not null.");
        }

        if (compiled.TryGetValue(node, out var existing))
        {
            return existing;
        }

        var baseUri = registry.BaseOf(node, new Uri(JsonSchema.DefaultBase));
        var draft = registry.DraftOf(node, defaultDraft);
        var result = new SchemaNode(location, baseUri, draft);
        compiled[node] = result;

        switch (node)
        {
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                result.Boolean = value.GetValue<bool>();
                return result;
            case JsonObject obj:
                Fill(result, obj, location, baseUri, draft);
                return result;
            default:
                throw new JsonSchemaException($"{location}: a schema must be an object or a boolean.");
        }
    }

    private void Fill(SchemaNode s, JsonObject obj, string at, Uri baseUri, JsonSchemaDraft draft)
    {
        if (obj["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var reference))
        {
            s.Ref = CompileReference(reference, baseUri, draft, at + "/$ref");
            if (draft == JsonSchemaDraft.Draft7)
            {
                return; // draft 7: $ref makes every sibling keyword ignored
            }
        }

        if (draft == JsonSchemaDraft.Draft202012 && obj["$dynamicRef"] is JsonValue dynamicValue && dynamicValue.TryGetValue<string>(out var dynamicRef))
        {
            s.DynamicRef = CompileReference(dynamicRef, baseUri, draft, at + "/$dynamicRef");
            var uri = SchemaRegistry.Combine(baseUri, dynamicRef);
            var fragment = SchemaRegistry.Fragment(uri);
            // Only a reference whose static target carries the same $dynamicAnchor is dynamic.
            if (fragment.Length > 0 && fragment[0] != '/' && registry.Resolve(uri, draft) is JsonObject target
                && target["$dynamicAnchor"] is JsonValue anchor && anchor.TryGetValue<string>(out var anchorName) && anchorName == fragment)
            {
                s.DynamicRefAnchor = fragment;
            }
        }

        if (ValidationVocabulary)
        {
            FillValidation(s, obj, at);
        }

        if (obj["properties"] is JsonObject properties)
        {
            s.Properties = properties.ToDictionary(p => p.Key, p => Compile(p.Value, Path(at, "properties", p.Key)), StringComparer.Ordinal);
        }

        if (obj["patternProperties"] is JsonObject patterns)
        {
            s.PatternProperties = patterns.Select(p => (
                SchemaRegex.TryCompile(p.Key, out var regex) ? regex! : throw new JsonSchemaException($"{at}/patternProperties: '{p.Key}' is not a valid regular expression."),
                p.Key,
                Compile(p.Value, Path(at, "patternProperties", p.Key)))).ToList();
        }

        s.AdditionalProperties = Optional(obj, "additionalProperties", at);
        s.PropertyNames = Optional(obj, "propertyNames", at);

        if (obj["dependentSchemas"] is JsonObject dependentSchemas)
        {
            s.DependentSchemas = dependentSchemas.ToDictionary(d => d.Key, d => Compile(d.Value, Path(at, "dependentSchemas", d.Key)), StringComparer.Ordinal);
        }

        if (draft == JsonSchemaDraft.Draft7 && obj["dependencies"] is JsonObject dependencies)
        {
            foreach (var (name, dependency) in dependencies)
            {
                if (dependency is JsonArray names)
                {
                    (s.DependentRequired ??= new(StringComparer.Ordinal))[name] = names.Select(n => n!.GetValue<string>()).ToList();
                }
                else
                {
                    (s.DependentSchemas ??= new(StringComparer.Ordinal))[name] = Compile(dependency, Path(at, "dependencies", name));
                }
            }
        }

        if (draft == JsonSchemaDraft.Draft7)
        {
            switch (obj["items"])
            {
                case JsonArray tuple:
                    s.PrefixItems = tuple.Select((item, i) => Compile(item, Path(at, "items", i.ToString(CultureInfo.InvariantCulture)))).ToList();
                    s.AdditionalItems = Optional(obj, "additionalItems", at);
                    break;
                case { } items:
                    s.Items = Compile(items, at + "/items");
                    break;
            }
        }
        else
        {
            if (obj["prefixItems"] is JsonArray prefix)
            {
                s.PrefixItems = prefix.Select((item, i) => Compile(item, Path(at, "prefixItems", i.ToString(CultureInfo.InvariantCulture)))).ToList();
            }

            s.Items = Optional(obj, "items", at);
            s.UnevaluatedItems = Optional(obj, "unevaluatedItems", at);
            s.UnevaluatedProperties = Optional(obj, "unevaluatedProperties", at);
        }

        s.Contains = Optional(obj, "contains", at);

        s.AllOf = List(obj, "allOf", at);
        s.AnyOf = List(obj, "anyOf", at);
        s.OneOf = List(obj, "oneOf", at);
        s.Not = Optional(obj, "not", at);
        s.If = Optional(obj, "if", at);
        s.Then = s.If is null ? null : Optional(obj, "then", at);
        s.Else = s.If is null ? null : Optional(obj, "else", at);
    }

    private static void FillValidation(SchemaNode s, JsonObject obj, string at)
    {
        if (obj["type"] is { } type)
        {
            s.Types = type is JsonArray types
                ? types.Select(t => t!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
                : [type.GetValue<string>()];
        }

        if (obj.TryGetPropertyValue("const", out var constant))
        {
            s.HasConst = true;
            s.Const = constant;
        }

        s.Enum = obj["enum"] as JsonArray;
        s.MultipleOf = obj["multipleOf"] as JsonValue;
        s.Minimum = obj["minimum"] as JsonValue;
        s.Maximum = obj["maximum"] as JsonValue;
        s.ExclusiveMinimum = obj["exclusiveMinimum"] is JsonValue exMin && exMin.GetValueKind() == JsonValueKind.Number ? exMin : null;
        s.ExclusiveMaximum = obj["exclusiveMaximum"] is JsonValue exMax && exMax.GetValueKind() == JsonValueKind.Number ? exMax : null;
        s.MinLength = Count(obj, "minLength", at);
        s.MaxLength = Count(obj, "maxLength", at);
        if (obj["pattern"] is JsonValue pattern)
        {
            s.PatternText = pattern.GetValue<string>();
            s.Pattern = SchemaRegex.TryCompile(s.PatternText, out var regex)
                ? regex
                : throw new JsonSchemaException($"{at}/pattern: not a valid regular expression.");
        }

        s.Format = obj["format"] is JsonValue format && format.TryGetValue<string>(out var formatName) ? formatName : null;

        s.Required = (obj["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToList();
        s.MinProperties = Count(obj, "minProperties", at);
        s.MaxProperties = Count(obj, "maxProperties", at);
        s.MinItems = Count(obj, "minItems", at);
        s.MaxItems = Count(obj, "maxItems", at);
        s.UniqueItems = obj["uniqueItems"] is JsonValue unique && unique.GetValueKind() == JsonValueKind.True;
        if (obj["dependentRequired"] is JsonObject dependentRequired)
        {
            s.DependentRequired = dependentRequired.ToDictionary(d => d.Key, d => d.Value!.AsArray().Select(n => n!.GetValue<string>()).ToList(), StringComparer.Ordinal);
        }

        s.MinContains = Count(obj, "minContains", at);
        s.MaxContains = Count(obj, "maxContains", at);
    }

    private SchemaNode CompileReference(string reference, Uri baseUri, JsonSchemaDraft draft, string at)
    {
        var uri = SchemaRegistry.Combine(baseUri, reference);
        var target = registry.Resolve(uri, draft)
            ?? throw new JsonSchemaException($"{at}: cannot resolve reference '{reference}' (resolved to {uri}).");
        return Compile(target, uri.ToString());
    }

    private SchemaNode? Optional(JsonObject obj, string keyword, string at)
        => obj.TryGetPropertyValue(keyword, out var node) && node is not null ? Compile(node, at + "/" + keyword) : null;

    private List<SchemaNode>? List(JsonObject obj, string keyword, string at)
        => obj[keyword] is JsonArray items ? items.Select((item, i) => Compile(item, Path(at, keyword, i.ToString(CultureInfo.InvariantCulture)))).ToList() : null;

    private static int? Count(JsonObject obj, string keyword, string at)
    {
        if (obj[keyword] is not JsonValue value)
        {
            return null;
        }

        var number = JsonNumbers.AsDecimal(value);
        return number is >= 0 and <= int.MaxValue && decimal.Truncate(number.Value) == number.Value
            ? (int)number.Value
            : throw new JsonSchemaException($"{at}/{keyword}: must be a non-negative integer.");
    }

    private static string Path(string at, string keyword, string name) => SchemaNode.Child(at + "/" + keyword, name);
}
