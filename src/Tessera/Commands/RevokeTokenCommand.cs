using System.CommandLine;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera revoke token TOKEN --client-id ID [--client-secret S]</c>: RFC 7009 at <c>POST /oauth2/revoke</c>.</summary>
internal static class RevokeTokenCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Public);
        var credentials = new ClientCredentialOptions();
        var token = new Argument<string>("token") { Description = "The access or refresh token to revoke." };
        var command = new Command("token", "Revoke an access or refresh token, as the client it was issued to.");
        command.Arguments.Add(token);
        credentials.AddTo(command);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var form = new List<KeyValuePair<string, string>> { new("token", parse.GetValue(token)!) };
            var authorization = ClientCredentialOptions.Authenticate(credentials.Read(parse), form);
            using var client = api.Client(parse);
            await client.PostFormAsync("oauth2/revoke", form, authorization, ct);
            // RFC 7009 answers 200 for unknown tokens too, so this says only that the server accepted the request.
            await parse.InvocationConfiguration.Output.WriteLineAsync("Revoked the token (the server accepted the revocation).");
            return 0;
        }));
        return command;
    }
}
