using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary><c>tessera introspect token TOKEN [--scope a,b]</c>: RFC 7662 at <c>POST /admin/oauth2/introspect</c>.</summary>
internal static class IntrospectTokenCommand
{
    private static readonly IReadOnlyList<TableColumn> Columns =
    [
        TableColumn.Of("ACTIVE", "active"),
        TableColumn.Of("SUBJECT", "sub"),
        TableColumn.Of("CLIENT ID", "client_id"),
        TableColumn.Of("SCOPE", "scope"),
        new("EXPIRY", item => item["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("u", System.Globalization.CultureInfo.InvariantCulture)
            : ""),
        TableColumn.Of("TOKEN USE", "token_use"),
    ];

    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Admin);
        var token = new Argument<string>("token") { Description = "The access or refresh token." };
        var scope = new Option<string[]>("--scope") { Description = "Also check that these scopes were granted (repeat or comma-separate)." };
        var command = new Command("token", "Introspect an access or refresh token: is it active, for whom, with which scopes.");
        command.Arguments.Add(token);
        command.Options.Add(scope);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var form = new List<KeyValuePair<string, string>> { new("token", parse.GetValue(token)!) };
            var scopes = (parse.GetValue(scope) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }

            using var client = api.Client(parse);
            var answer = (await client.PostFormAsync("admin/oauth2/introspect", form, null, ct)).Body ?? new JsonObject { ["active"] = false };
            await api.Printer(parse).ItemAsync(answer, Columns);
            return 0;
        }));
        return command;
    }
}
