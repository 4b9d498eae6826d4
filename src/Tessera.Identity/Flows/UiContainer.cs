using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>
/// A flow's form (Kratos's <c>ui/container.Container</c>): where it posts to, its nodes and the
/// messages about the whole form.
/// </summary>
internal sealed class UiContainer
{
    public const string CsrfTokenName = "csrf_token";

    public UiContainer(string action, string method = "POST")
    {
        Action = action;
        Method = method;
    }

    public string Action { get; set; }

    public string Method { get; }

    public List<UiNode> Nodes { get; } = [];

    public List<UiText> Messages { get; } = [];

    public UiNode? Find(string id, string? group = null) => Nodes.Find(n => n.Id == id && (group is null || n.Group == group));

    /// <summary>Replaces the node of the same id and group, or appends it (Kratos's <c>Nodes.Upsert</c>).</summary>
    public void Upsert(UiNode node)
    {
        var index = Nodes.FindIndex(n => n.Id == node.Id && n.Group == node.Group);
        if (index < 0)
        {
            Nodes.Add(node);
        }
        else
        {
            Nodes[index] = node;
        }
    }

    public void Remove(string id, string group) => Nodes.RemoveAll(n => n.Id == id && n.Group == group);

    /// <summary>The hidden <c>csrf_token</c> input of the default group, required, holding <paramref name="token"/>.</summary>
    public void SetCsrf(string token)
        => Upsert(UiNode.Input(CsrfTokenName, NodeGroups.Default, NodeTypes.InputHidden, JsonValue.Create(token), required: true));

    /// <summary>Clears the form's messages and every node's (Kratos's <c>ResetMessages</c>).</summary>
    public void ResetMessages()
    {
        Messages.Clear();
        foreach (var node in Nodes)
        {
            node.Messages.Clear();
        }
    }

    /// <summary>
    /// Puts <paramref name="message"/> on the node named <paramref name="field"/> (made as a text input of the
    /// default group when there is none, as Kratos makes it), or on the form when no field is named.
    /// </summary>
    public void AddMessage(UiText message, string? field = null)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            Messages.Add(message);
            return;
        }

        if (Find(field) is not { } node)
        {
            node = UiNode.Input(field, NodeGroups.Default, NodeTypes.InputText);
            Nodes.Add(node);
        }

        node.Messages.Add(message);
    }

    /// <summary>
    /// Sets the values of the inputs named <c>prefix.path</c> for every leaf of <paramref name="values"/>
    /// (Kratos's <c>UpdateNodeValuesFromJSON</c>), adding an input for a leaf that has none.
    /// </summary>
    public void SetValues(JsonNode? values, string prefix, string group)
    {
        foreach (var (path, value) in Flatten(values, prefix))
        {
            if (Find(path) is { } node)
            {
                node.SetAttribute("value", value.DeepClone());
                node.Group = group;
                continue;
            }

            var type = value switch
            {
                JsonValue v when v.TryGetValue<bool>(out _) => NodeTypes.InputCheckbox,
                JsonValue v when v.TryGetValue<double>(out _) => NodeTypes.InputNumber,
                _ => NodeTypes.InputText,
            };
            Nodes.Add(UiNode.Input(path, group, type, value.DeepClone()));
        }
    }

    /// <summary>Orders the nodes by group, the csrf token first within its group, keeping each group's order otherwise.</summary>
    public void Sort()
    {
        var ordered = Nodes
            .Select((node, index) => (node, index))
            .OrderBy(x => NodeGroups.Rank(x.node.Group))
            .ThenBy(x => x.node.Id == CsrfTokenName ? 0 : 1)
            .ThenBy(x => x.index)
            .Select(x => x.node)
            .ToList();
        Nodes.Clear();
        Nodes.AddRange(ordered);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["action"] = Action,
            ["method"] = Method,
            ["nodes"] = new JsonArray(Nodes.Select(n => (JsonNode)n.ToJson()).ToArray()),
        };
        if (Messages.Count > 0)
        {
            json["messages"] = UiText.ToJson(Messages);
        }

        return json;
    }

    public static UiContainer FromJson(JsonNode? node)
    {
        var json = node as JsonObject ?? [];
        var container = new UiContainer(json["action"]?.GetValue<string>() ?? "", json["method"]?.GetValue<string>() ?? "POST");
        if (json["nodes"] is JsonArray nodes)
        {
            container.Nodes.AddRange(nodes.OfType<JsonObject>().Select(UiNode.FromJson));
        }

        if (json["messages"] is JsonArray messages)
        {
            container.Messages.AddRange(messages.Select(UiText.FromJson));
        }

        return container;
    }

    private static IEnumerable<(string Path, JsonNode Value)> Flatten(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    foreach (var leaf in Flatten(child, prefix.Length == 0 ? name : prefix + "." + name))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var leaf in Flatten(a[i], prefix + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonValue v:
                yield return (prefix, v);
                break;
        }
    }
}
