using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>
/// A node of a flow's form (Kratos's <c>ui/node</c>): its type (<c>input</c>, <c>text</c>, <c>img</c>,
/// <c>a</c>, <c>script</c>, <c>div</c>), its group (<c>default</c>, <c>password</c>, <c>profile</c>,
/// <c>oidc</c> …), its attributes, the messages shown on it and its label.
/// </summary>
internal sealed class UiNode
{
    // The order Kratos's InputAttributes marshal in, so the JSON reads like Kratos's.
    private static readonly string[] InputOrder = ["name", "type", "value", "required", "autocomplete", "label", "pattern", "disabled", "onclick", "onclickTrigger", "onload", "onloadTrigger", "maxlength", "node_type"];

    public UiNode(string type, string group, JsonObject attributes)
    {
        Type = type;
        Group = group;
        Attributes = attributes;
    }

    public string Type { get; }

    public string Group { get; set; }

    public JsonObject Attributes { get; private set; }

    public List<UiText> Messages { get; } = [];

    public UiText? Label { get; set; }

    /// <summary>The name of an input, the id of any other node: what Kratos finds a node by.</summary>
    public string Id => (Attributes[Type == NodeTypes.Input ? "name" : "id"] as JsonValue)?.GetValue<string>() ?? "";

    public JsonNode? Value => Attributes["value"];

    /// <summary>An input node (<c>node.NewInputField</c>); a null value is left out, as Kratos leaves it out.</summary>
    public static UiNode Input(string name, string group, string inputType, JsonNode? value = null, bool required = false, string? autocomplete = null, UiText? label = null)
    {
        var attributes = new JsonObject { ["name"] = name, ["type"] = inputType };
        if (value is not null)
        {
            attributes["value"] = value;
        }

        if (required)
        {
            attributes["required"] = true;
        }

        if (autocomplete is not null)
        {
            attributes["autocomplete"] = autocomplete;
        }

        attributes["disabled"] = false;
        attributes["node_type"] = NodeTypes.Input;
        return new UiNode(NodeTypes.Input, group, attributes) { Label = label };
    }

    /// <summary>Sets (or, with null, removes) an input attribute, keeping Kratos's attribute order.</summary>
    public void SetAttribute(string key, JsonNode? value)
    {
        var values = Attributes.ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        if (value is null)
        {
            values.Remove(key);
        }
        else
        {
            values[key] = value;
        }

        var ordered = new JsonObject();
        foreach (var name in InputOrder.Concat(values.Keys.Except(InputOrder)))
        {
            if (values.TryGetValue(name, out var v))
            {
                ordered[name] = v;
            }
        }

        Attributes = ordered;
    }

    public JsonObject ToJson()
    {
        var meta = new JsonObject();
        if (Label is not null)
        {
            meta["label"] = Label.ToJson();
        }

        return new JsonObject
        {
            ["type"] = Type,
            ["group"] = Group,
            ["attributes"] = Attributes.DeepClone(),
            ["messages"] = UiText.ToJson(Messages),
            ["meta"] = meta,
        };
    }

    public static UiNode FromJson(JsonObject json)
    {
        var node = new UiNode(
            json["type"]?.GetValue<string>() ?? NodeTypes.Input, json["group"]?.GetValue<string>() ?? NodeGroups.Default,
            json["attributes"] is JsonObject a ? (JsonObject)a.DeepClone() : []);
        if (json["messages"] is JsonArray messages)
        {
            node.Messages.AddRange(messages.Select(UiText.FromJson));
        }

        if (json["meta"] is JsonObject meta && meta["label"] is JsonObject label)
        {
            node.Label = UiText.FromJson(label);
        }

        return node;
    }
}
