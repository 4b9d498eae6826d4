using System.CommandLine;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera delete jwks SET...</c>: <c>DELETE /admin/keys/{set}</c> for each set; prints the deleted set ids.</summary>
internal static class DeleteJwksCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var sets = new Argument<string[]>("set") { Description = "The key sets.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("jwks", "Delete one or more JSON Web Key sets with all their keys.");
        command.Aliases.Add("jwk");
        command.Arguments.Add(sets);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            using var client = api.Client(parse);
            var failed = 0;
            foreach (var set in parse.GetValue(sets)!)
            {
                try
                {
                    await client.DeleteAsync("admin/keys/" + Uri.EscapeDataString(set), ct);
                    await parse.InvocationConfiguration.Output.WriteLineAsync(set);
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
