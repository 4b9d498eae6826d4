using System.CommandLine;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera perform client-credentials --client-id ID --client-secret S [--scope] [--audience]</c>: a token from <c>POST /oauth2/token</c>.</summary>
internal static class PerformClientCredentialsCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Public);
        var credentials = new ClientCredentialOptions();
        var scope = new Option<string[]>("--scope") { Description = "Scopes to request (repeat or comma-separate)." };
        var audience = new Option<string[]>("--audience") { Description = "Audiences to request (repeat or comma-separate)." };
        var command = new Command("client-credentials", "Get an access token with the OAuth 2.0 client credentials grant.");
        credentials.AddTo(command);
        command.Options.Add(scope);
        command.Options.Add(audience);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
            if (Words(parse.GetValue(scope)) is { Length: > 0 } scopes)
            {
                form.Add(new("scope", scopes));
            }

            if (Words(parse.GetValue(audience)) is { Length: > 0 } audiences)
            {
                form.Add(new("audience", audiences));
            }

            var authorization = ClientCredentialOptions.Authenticate(credentials.Read(parse), form);
            using var client = api.Client(parse);
            var answer = (await client.PostFormAsync("oauth2/token", form, authorization, ct)).Body;
            await TokenOutput.PrintAsync(api.Printer(parse), answer, DateTimeOffset.UtcNow);
            return 0;
        }));
        return command;
    }

    /// <summary>Repeated or comma-separated values as one space-separated parameter (RFC 6749 §3.3).</summary>
    internal static string Words(string[]? values)
        => string.Join(' ', (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
}
