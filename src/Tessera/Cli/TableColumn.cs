using System.Text.Json.Nodes;

namespace Tessera.Cli;

/// <summary>One column of table output: its header and how to read the cell from a JSON item.</summary>
internal sealed record TableColumn(string Header, Func<JsonNode, string> Value)
{
    /// <summary>A column showing one property; arrays are joined with ", " and absent values are empty.</summary>
    public static TableColumn Of(string header, string property) => new(header, item => Text(item[property]));

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray array => string.Join(", ", array.Select(Text)),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
