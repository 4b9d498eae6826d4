using System.CommandLine;
using System.Net.Http.Headers;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>
/// <c>--client-id</c>/<c>--client-secret</c> (default <c>$OAUTH2_CLIENT_ID</c>/<c>$OAUTH2_CLIENT_SECRET</c>, as
/// Hydra's CLI) and how they authenticate a request: HTTP Basic with a secret, <c>client_id</c> in the form without.
/// </summary>
internal sealed class ClientCredentialOptions
{
    public Option<string?> ClientId { get; } = new("--client-id") { Description = "The OAuth 2.0 client id. Default: $OAUTH2_CLIENT_ID." };

    public Option<string?> ClientSecret { get; } = new("--client-secret") { Description = "The OAuth 2.0 client secret. Default: $OAUTH2_CLIENT_SECRET; none for a public client." };

    public void AddTo(Command command)
    {
        command.Options.Add(ClientId);
        command.Options.Add(ClientSecret);
    }

    public (string Id, string? Secret) Read(ParseResult parse)
    {
        var id = parse.GetValue(ClientId) is { Length: > 0 } flag ? flag : Environment.GetEnvironmentVariable("OAUTH2_CLIENT_ID");
        if (string.IsNullOrEmpty(id))
        {
            throw new CliException("no client given: pass --client-id or set OAUTH2_CLIENT_ID.", 2);
        }

        var secret = parse.GetValue(ClientSecret) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable("OAUTH2_CLIENT_SECRET");
        return (id, string.IsNullOrEmpty(secret) ? null : secret);
    }

    /// <summary>The Authorization header for a confidential client, or null after adding <c>client_id</c> to <paramref name="form"/>.</summary>
    public static AuthenticationHeaderValue? Authenticate((string Id, string? Secret) client, List<KeyValuePair<string, string>> form)
    {
        if (client.Secret is null)
        {
            form.Add(new("client_id", client.Id));
            return null;
        }

        return ApiClient.Basic(client.Id, client.Secret);
    }
}
