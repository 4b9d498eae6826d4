using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera create jwks SET [KID] [--alg RS256] [--use sig] [--public]</c>: <c>POST /admin/keys/{set}</c>.</summary>
internal static class CreateJwksCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var set = new Argument<string>("set") { Description = "The key set to create a key in." };
        var kid = new Argument<string?>("kid") { Description = "The new key's id; generated when not given.", Arity = ArgumentArity.ZeroOrOne };
        var alg = new Option<string>("--alg") { Description = "The algorithm of the key: RS256, RS512, ES256, ES512, EdDSA or HS256 ….", DefaultValueFactory = _ => "RS256" };
        var use = new Option<string>("--use") { Description = "sig or enc.", DefaultValueFactory = _ => "sig" };
        var publicOnly = new Option<bool>("--public") { Description = "Print only the public parts of the keys." };
        var command = new Command("jwks", "Create a JSON Web Key in a key set (the set is created when new).");
        command.Aliases.Add("jwk");
        command.Arguments.Add(set);
        command.Arguments.Add(kid);
        command.Options.Add(alg);
        command.Options.Add(use);
        command.Options.Add(publicOnly);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var setId = parse.GetValue(set)!;
            var request = new JsonObject { ["alg"] = parse.GetValue(alg), ["use"] = parse.GetValue(use) };
            if (parse.GetValue(kid) is { Length: > 0 } keyId)
            {
                request["kid"] = keyId;
            }

            using var client = api.Client(parse);
            var answer = (await client.SendJsonAsync(HttpMethod.Post, "admin/keys/" + Uri.EscapeDataString(setId), request, ct)).Body;
            await JsonWebKeyOutput.PrintAsync(api.Printer(parse), JsonWebKeyOutput.Keys(setId, answer, parse.GetValue(publicOnly)).ToList());
            return 0;
        }));
        return command;
    }
}
