using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>
/// A message of Kratos's catalog (<c>text.Message</c>): its numeric id, its English text, its type
/// (<c>info</c>, <c>error</c>, <c>success</c>) and the values a translation needs (<c>context</c>).
/// </summary>
internal sealed record UiText(int Id, string Text, string Type, JsonObject? Context = null)
{
    public const string Info = "info";
    public const string Error = "error";
    public const string Success = "success";

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id, ["text"] = Text, ["type"] = Type };
        if (Context is not null)
        {
            json["context"] = Context.DeepClone();
        }

        return json;
    }

    public static UiText FromJson(JsonNode? node)
    {
        var json = node as JsonObject ?? [];
        return new UiText(
            json["id"]?.GetValue<int>() ?? 0, json["text"]?.GetValue<string>() ?? "", json["type"]?.GetValue<string>() ?? Info,
            json["context"] is JsonObject context ? (JsonObject)context.DeepClone() : null);
    }

    public static JsonArray ToJson(IEnumerable<UiText> messages) => new(messages.Select(m => (JsonNode)m.ToJson()).ToArray());
}
