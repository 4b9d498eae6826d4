using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Cli;

/// <summary>Writes what a command got back in the chosen <see cref="OutputFormat"/>.</summary>
internal sealed class CliPrinter(TextWriter output, OutputFormat format)
{
    public OutputFormat Format => format;

    /// <summary>One item: JSON as is, or a two-column table of header and value.</summary>
    public Task ItemAsync(JsonNode item, IReadOnlyList<TableColumn> columns)
    {
        if (format != OutputFormat.Table)
        {
            return JsonAsync(item);
        }

        var width = columns.Max(c => c.Header.Length) + 2;
        var text = new StringBuilder();
        foreach (var column in columns)
        {
            text.Append(column.Header.PadRight(width)).AppendLine(column.Value(item));
        }

        return output.WriteAsync(text.ToString());
    }

    /// <summary>Several items: a JSON array, or a table with a header row.</summary>
    public Task ListAsync(IReadOnlyList<JsonNode> items, IReadOnlyList<TableColumn> columns)
        => format == OutputFormat.Table ? output.WriteAsync(Table(items, columns)) : JsonAsync(new JsonArray(items.Select(i => i.DeepClone()).ToArray()));

    /// <summary>One page of a paged list; JSON carries the next page token as Hydra's CLI prints it.</summary>
    public async Task PageAsync(IReadOnlyList<JsonNode> items, IReadOnlyList<TableColumn> columns, string? nextPageToken)
    {
        if (format != OutputFormat.Table)
        {
            await JsonAsync(new JsonObject
            {
                ["items"] = new JsonArray(items.Select(i => i.DeepClone()).ToArray()),
                ["next_page_token"] = nextPageToken,
                ["is_last_page"] = nextPageToken is null,
            });
            return;
        }

        await output.WriteAsync(Table(items, columns));
        if (nextPageToken is not null)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"NEXT PAGE TOKEN\t{nextPageToken}");
        }
    }

    public async Task JsonAsync(JsonNode node)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = format == OutputFormat.JsonPretty }))
        {
            node.WriteTo(writer);
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Table(IReadOnlyList<JsonNode> items, IReadOnlyList<TableColumn> columns)
    {
        var cells = items.Select(item => columns.Select(c => c.Value(item)).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, cells.Count == 0 ? 0 : cells.Max(row => row[i].Length)) + 2).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells.Prepend(columns.Select(c => c.Header).ToArray()))
        {
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]));
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
