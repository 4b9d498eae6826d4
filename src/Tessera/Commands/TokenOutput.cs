using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>Prints a token endpoint answer: the JSON with an absolute <c>expiry</c> added, or a table as Hydra's CLI shows tokens.</summary>
internal static class TokenOutput
{
    private static readonly IReadOnlyList<TableColumn> Columns =
    [
        TableColumn.Of("ACCESS TOKEN", "access_token"),
        TableColumn.Of("REFRESH TOKEN", "refresh_token"),
        TableColumn.Of("ID TOKEN", "id_token"),
        TableColumn.Of("SCOPE", "scope"),
        TableColumn.Of("EXPIRY", "expiry"),
    ];

    public static Task PrintAsync(CliPrinter printer, JsonNode? answer, DateTimeOffset now)
    {
        var token = answer as JsonObject ?? throw new CliException("the token endpoint answered without a JSON object.");
        if (token["expires_in"] is JsonValue seconds && seconds.TryGetValue<long>(out var lifetime))
        {
            token["expiry"] = now.AddSeconds(lifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return printer.ItemAsync(token, Columns);
    }
}
