using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera get oauth2-client ID...</c>: <c>GET /admin/clients/{id}</c> for each id.</summary>
internal static class GetOAuth2ClientCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var ids = new Argument<string[]>("id") { Description = "The client ids.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("oauth2-client", "Show one or more OAuth 2.0 clients.");
        command.Aliases.Add("oauth2-clients");
        command.Aliases.Add("client");
        command.Arguments.Add(ids);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            using var client = api.Client(parse);
            var found = new List<JsonNode>();
            foreach (var id in parse.GetValue(ids)!)
            {
                found.Add((await client.GetAsync("admin/clients/" + Uri.EscapeDataString(id), ct)).Body ?? new JsonObject());
            }

            var printer = api.Printer(parse);
            await (found.Count == 1 ? printer.ItemAsync(found[0], OAuth2ClientTable.Columns) : printer.ListAsync(found, OAuth2ClientTable.Columns));
            return 0;
        }));
        return command;
    }
}
