using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera get jwks SET... [--public]</c>: <c>GET /admin/keys/{set}</c> for each set.</summary>
internal static class GetJwksCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var sets = new Argument<string[]>("set") { Description = "The key sets.", Arity = ArgumentArity.OneOrMore };
        var publicOnly = new Option<bool>("--public") { Description = "Print only the public parts of the keys." };
        var command = new Command("jwks", "Show the keys of one or more JSON Web Key sets.");
        command.Aliases.Add("jwk");
        command.Arguments.Add(sets);
        command.Options.Add(publicOnly);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            using var client = api.Client(parse);
            var keys = new List<JsonObject>();
            foreach (var set in parse.GetValue(sets)!)
            {
                var answer = (await client.GetAsync("admin/keys/" + Uri.EscapeDataString(set), ct)).Body;
                keys.AddRange(JsonWebKeyOutput.Keys(set, answer, parse.GetValue(publicOnly)));
            }

            await JsonWebKeyOutput.PrintAsync(api.Printer(parse), keys);
            return 0;
        }));
        return command;
    }
}
