using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>
/// <c>tessera update oauth2-client ID [client flags]</c>: changes only the fields whose flags are given
/// (<c>PATCH /admin/clients/{id}</c> with a JSON Patch); with <c>--file</c>, replaces the whole client (<c>PUT</c>).
/// </summary>
internal static class UpdateOAuth2ClientCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var fields = new OAuth2ClientFlags();
        var id = new Argument<string>("id") { Description = "The client to update." };
        var command = new Command("oauth2-client", "Update an OAuth 2.0 client: only the fields whose flags are given change.");
        command.Aliases.Add("client");
        command.Arguments.Add(id);
        api.AddTo(command);
        fields.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var clientId = parse.GetValue(id)!;
            var path = "admin/clients/" + Uri.EscapeDataString(clientId);
            using var client = api.Client(parse);
            ApiResponse response;
            if (parse.GetValue(fields.File) is { Length: > 0 })
            {
                var document = await fields.DocumentAsync(parse, Console.In, ct);
                document["client_id"] = clientId;
                response = await client.SendJsonAsync(HttpMethod.Put, path, document, ct);
            }
            else
            {
                var patch = fields.Patch(parse);
                if (patch.Count == 0)
                {
                    throw new CliException("nothing to change: give at least one client flag (e.g. --name) or --file.", 2);
                }

                response = await client.SendJsonAsync(HttpMethod.Patch, path, patch, ct, "application/json-patch+json");
            }

            await api.Printer(parse).ItemAsync(response.Body ?? new JsonObject(), OAuth2ClientTable.Columns);
            return 0;
        }));
        return command;
    }
}
