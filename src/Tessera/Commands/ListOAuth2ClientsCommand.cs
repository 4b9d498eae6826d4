using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera list oauth2-clients [--page-size N] [--page-token T]</c>: one page of <c>GET /admin/clients</c>.</summary>
internal static class ListOAuth2ClientsCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var pageSize = new Option<int>("--page-size") { Description = "How many clients per page.", DefaultValueFactory = _ => 500 };
        var pageToken = new Option<string?>("--page-token") { Description = "The token of the page to show, from the previous page's output." };
        var command = new Command("oauth2-clients", "List OAuth 2.0 clients, one page at a time.");
        command.Aliases.Add("clients");
        command.Aliases.Add("oauth2-client");
        command.Options.Add(pageSize);
        command.Options.Add(pageToken);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var size = parse.GetValue(pageSize);
            if (size <= 0)
            {
                throw new CliException("--page-size must be greater than 0.", 2);
            }

            var path = "admin/clients?page_size=" + size.ToString(CultureInfo.InvariantCulture);
            if (parse.GetValue(pageToken) is { Length: > 0 } token)
            {
                path += "&page_token=" + Uri.EscapeDataString(token);
            }

            using var client = api.Client(parse);
            var response = await client.GetAsync(path, ct);
            var items = (response.Body as JsonArray ?? throw new CliException("the server answered the client list with something other than a JSON array."))
                .Select(i => i ?? new JsonObject()).ToList();
            await api.Printer(parse).PageAsync(items, OAuth2ClientTable.Columns, LinkHeader.NextPageToken(response.Headers));
            return 0;
        }));
        return command;
    }
}
