using System.CommandLine;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera delete access-tokens CLIENT_ID</c>: <c>DELETE /admin/oauth2/tokens?client_id=…</c>, every access token of the client.</summary>
internal static class DeleteAccessTokensCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var clientId = new Argument<string>("client-id") { Description = "The client whose access tokens to delete." };
        var command = new Command("access-tokens", "Delete all OAuth 2.0 access tokens of a client.");
        command.Arguments.Add(clientId);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var id = parse.GetValue(clientId)!;
            using var client = api.Client(parse);
            await client.DeleteAsync("admin/oauth2/tokens?client_id=" + Uri.EscapeDataString(id), ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(id);
            return 0;
        }));
        return command;
    }
}
