using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Tests.Cli;

public sealed class CliPrinterTests
{
    private static readonly IReadOnlyList<TableColumn> Columns = [TableColumn.Of("ID", "id"), TableColumn.Of("TAGS", "tags"), TableColumn.Of("ON", "on")];

    private static readonly JsonNode[] Items =
    [
        JsonNode.Parse("""{"id":"first-item","tags":["a","b"],"on":true}""")!,
        JsonNode.Parse("""{"id":"x"}""")!,
    ];

    [Fact]
    public async Task Tables_align_columns_and_join_lists()
    {
        var output = new StringWriter();
        await new CliPrinter(output, OutputFormat.Table).ListAsync(Items, Columns);
        Assert.Equal(["ID          TAGS  ON", "first-item  a, b  true", "x                 "], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task One_item_is_a_two_column_table()
    {
        var output = new StringWriter();
        await new CliPrinter(output, OutputFormat.Table).ItemAsync(Items[0], Columns);
        Assert.Equal(["ID    first-item", "TAGS  a, b", "ON    true"], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Pages_in_json_carry_the_next_page_token()
    {
        var output = new StringWriter();
        await new CliPrinter(output, OutputFormat.Json).PageAsync(Items, Columns, "next");
        var page = JsonNode.Parse(output.ToString())!;
        Assert.Equal("next", page["next_page_token"]!.GetValue<string>());
        Assert.False(page["is_last_page"]!.GetValue<bool>());
        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.DoesNotContain("\n", output.ToString().TrimEnd());
    }

    [Fact]
    public async Task Pretty_json_is_indented()
    {
        var output = new StringWriter();
        await new CliPrinter(output, OutputFormat.JsonPretty).JsonAsync(Items[0]);
        Assert.Contains("\n  \"id\": \"first-item\"", output.ToString());
    }
}
