using System.CommandLine;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>
/// <c>tessera delete oauth2-client ID...</c>: <c>DELETE /admin/clients/{id}</c> for each id; prints the
/// deleted ids, reports each failure, and exits 1 if any failed.
/// </summary>
internal static class DeleteOAuth2ClientCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var ids = new Argument<string[]>("id") { Description = "The client ids.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("oauth2-client", "Delete one or more OAuth 2.0 clients.");
        command.Aliases.Add("oauth2-clients");
        command.Aliases.Add("client");
        command.Arguments.Add(ids);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            using var client = api.Client(parse);
            var failed = 0;
            foreach (var id in parse.GetValue(ids)!)
            {
                try
                {
                    await client.DeleteAsync("admin/clients/" + Uri.EscapeDataString(id), ct);
                    await parse.InvocationConfiguration.Output.WriteLineAsync(id);
                }
                catch (CliException e)
                {
                    failed++;
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                }
            }

            return failed == 0 ? 0 : 1;
        }));
        return command;
    }
}
