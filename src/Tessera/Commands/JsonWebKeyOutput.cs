using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>
/// Prints keys as Hydra's CLI does: a table of set, key id, algorithm and use, or JSON
/// <c>{"set": …, "keys": [… each with its "set" …]}</c> (no top-level set when keys come from several sets).
/// </summary>
internal static class JsonWebKeyOutput
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private static readonly IReadOnlyList<TableColumn> Columns =
    [
        TableColumn.Of("SET ID", "set"),
        TableColumn.Of("KEY ID", "kid"),
        TableColumn.Of("ALGORITHM", "alg"),
        TableColumn.Of("USE", "use"),
    ];

    /// <summary>Each key of an answer's <c>keys</c> array, tagged with its set, optionally without private parts.</summary>
    public static IEnumerable<JsonObject> Keys(string set, JsonNode? answer, bool publicOnly)
    {
        foreach (var key in (answer?["keys"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var copy = (JsonObject)key.DeepClone();
            if (publicOnly)
            {
                foreach (var member in PrivateMembers)
                {
                    copy.Remove(member);
                }
            }

            copy["set"] = set;
            yield return copy;
        }
    }

    public static Task PrintAsync(CliPrinter printer, IReadOnlyList<JsonObject> keys)
    {
        if (printer.Format == OutputFormat.Table)
        {
            return printer.ListAsync(keys, Columns);
        }

        var sets = keys.Select(k => k["set"]!.GetValue<string>()).Distinct().ToList();
        var collection = new JsonObject();
        if (sets.Count == 1)
        {
            collection["set"] = sets[0];
        }

        collection["keys"] = new JsonArray(keys.Select(k => (JsonNode?)k.DeepClone()).ToArray());
        return printer.JsonAsync(collection);
    }
}
