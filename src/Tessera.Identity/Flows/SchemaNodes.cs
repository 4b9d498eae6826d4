using System.Text.Json.Nodes;
using Tessera.Identity.Schemas;

namespace Tessera.Identity.Flows;

/// <summary>
/// Form nodes from an identity schema, as Kratos's <c>container.NodesFromJSONSchema</c> makes them: one
/// input per leaf of <c>properties.traits</c>, named <c>traits.a.b</c>; type from the JSON type (number,
/// integer → <c>number</c>; boolean → <c>checkbox</c>; else <c>text</c>) and the format (<c>email</c>,
/// <c>tel</c>, <c>date</c>, <c>date-time</c>, <c>uri</c>), required when its parent requires it, the
/// <c>title</c> as label (1070002).
/// </summary>
internal static class SchemaNodes
{
    public static List<UiNode> Traits(IdentitySchema schema, string group)
    {
        var nodes = new List<UiNode>();
        if (schema.Document["properties"] is JsonObject properties && properties["traits"] is JsonObject traits)
        {
            Walk(traits, "traits", required: false, group, nodes);
        }

        return nodes;
    }

    /// <summary>
    /// The label of the login identifier (Kratos's <c>GetIdentifierLabelFromSchema</c>): the title of the one
    /// trait that identifies a credential, when there is exactly one and it has a title; else 1070004 "ID".
    /// </summary>
    public static UiText IdentifierLabel(IdentitySchema schema)
    {
        var found = new List<(string Name, string? Title)>();
        if (schema.Document["properties"] is JsonObject properties && properties["traits"] is JsonObject traits)
        {
            FindIdentifiers(traits, "traits", found);
        }

        return found is [{ Title: { Length: > 0 } title } only] ? UiMessages.InfoNodeLabelGenerated(title, only.Name) : UiMessages.InfoNodeLabelID();
    }

    private static void Walk(JsonObject schema, string name, bool required, string group, List<UiNode> nodes)
    {
        var type = TypeOf(schema);
        if (type == "object" || schema["properties"] is JsonObject)
        {
            if (schema["properties"] is not JsonObject children)
            {
                return;
            }

            var requiredNames = (schema["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (child, value) in children)
            {
                if (value is JsonObject c)
                {
                    Walk(c, name + "." + child, requiredNames.Contains(child), group, nodes);
                }
            }

            return;
        }

        if (type == "array")
        {
            // Kratos lists arrays as one JSON-typed path and leaves them out of the form.
            return;
        }

        var inputType = type switch
        {
            "number" or "integer" => NodeTypes.InputNumber,
            "boolean" => NodeTypes.InputCheckbox,
            _ => NodeTypes.InputText,
        };
        string? autocomplete = null;
        switch (schema["format"]?.GetValue<string>())
        {
            case "date-time":
                inputType = NodeTypes.InputDateTimeLocal;
                break;
            case "email":
                inputType = NodeTypes.InputEmail;
                autocomplete = "email";
                break;
            case "tel":
                inputType = NodeTypes.InputTel;
                autocomplete = "tel";
                break;
            case "date":
                inputType = NodeTypes.InputDate;
                break;
            case "uri":
                inputType = NodeTypes.InputUrl;
                autocomplete = "url";
                break;
        }

        var node = UiNode.Input(name, group, inputType, required: required, autocomplete: autocomplete);
        if (schema["pattern"] is JsonValue pattern && pattern.TryGetValue<string>(out var p))
        {
            node.SetAttribute("pattern", p);
        }

        if (schema["title"] is JsonValue title && title.TryGetValue<string>(out var t) && t.Length > 0)
        {
            node.Label = UiMessages.InfoNodeLabelGenerated(t, name);
        }

        nodes.Add(node);
    }

    private static void FindIdentifiers(JsonObject schema, string name, List<(string, string?)> found)
    {
        if (schema[SchemaExtension.Key] is JsonObject kratos && kratos["credentials"] is JsonObject credentials
            && credentials.Any(c => c.Key is "password" or "webauthn" or "code" && c.Value is JsonObject s && s["identifier"] is JsonValue v && v.TryGetValue<bool>(out var on) && on))
        {
            found.Add((name, (schema["title"] as JsonValue)?.TryGetValue<string>(out var title) == true ? title : null));
        }

        if (schema["properties"] is JsonObject children)
        {
            foreach (var (child, value) in children)
            {
                if (value is JsonObject c)
                {
                    FindIdentifiers(c, name + "." + child, found);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            FindIdentifiers(items, name, found);
        }
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a => a.Select(x => x?.GetValue<string>()).FirstOrDefault(x => x != "null"),
        _ => null,
    };
}
