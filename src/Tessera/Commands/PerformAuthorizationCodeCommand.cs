using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>
/// <c>tessera perform authorization-code --client-id ID [--client-secret S] [--port 4446] [--scope openid,offline]</c>:
/// serves a loopback callback, prints the URL to open, checks state, exchanges the code (with PKCE)
/// at <c>/oauth2/token</c>, and prints the tokens.
/// </summary>
internal static class PerformAuthorizationCodeCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions(ServerTarget.OAuth2Public);
        var credentials = new ClientCredentialOptions();
        var port = new Option<int>("--port", "-p") { Description = "The local port of the callback server.", DefaultValueFactory = _ => 4446 };
        var scope = new Option<string[]>("--scope") { Description = "Scopes to request.", DefaultValueFactory = _ => ["offline", "openid"] };
        var audience = new Option<string[]>("--audience") { Description = "Audiences to request." };
        var prompt = new Option<string[]>("--prompt") { Description = "The OpenID Connect prompt parameter (none, login, consent, select_account)." };
        var maxAge = new Option<int>("--max-age") { Description = "The OpenID Connect max_age parameter; -1 sends none.", DefaultValueFactory = _ => -1 };
        var redirect = new Option<string?>("--redirect") { Description = "The redirect URI to send (default http://127.0.0.1:PORT/callback); it must reach this command's callback server." };
        var authUrl = new Option<string?>("--auth-url") { Description = "The authorization endpoint, when not ENDPOINT/oauth2/auth." };
        var tokenUrl = new Option<string?>("--token-url") { Description = "The token endpoint, when not ENDPOINT/oauth2/token." };
        var state = new Option<string?>("--state") { Description = "Force the state value (insecure; for tests)." };
        var noOpen = new Option<bool>("--no-open") { Description = "Accepted for compatibility: Tessera never opens a browser; it prints the URL." };
        var command = new Command("authorization-code", "Run the OAuth 2.0 authorization code flow against the server and print the tokens.");
        credentials.AddTo(command);
        foreach (var option in new Option[] { port, scope, audience, prompt, maxAge, redirect, authUrl, tokenUrl, state, noOpen })
        {
            command.Options.Add(option);
        }

        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandOptions.RunAsync(parse, async () =>
        {
            var client = credentials.Read(parse);
            using var server = api.Client(parse);
            using var listener = CallbackListener.Start(parse.GetValue(port));
            var redirectUri = parse.GetValue(redirect) is { Length: > 0 } r ? r : $"http://127.0.0.1:{listener.Port}/callback";
            var expectedState = parse.GetValue(state) is { Length: > 0 } s ? s : Random();
            var verifier = Random();
            var query = new List<KeyValuePair<string, string>>
            {
                new("response_type", "code"),
                new("client_id", client.Id),
                new("redirect_uri", redirectUri),
                new("scope", PerformClientCredentialsCommand.Words(parse.GetValue(scope))),
                new("state", expectedState),
                new("nonce", Random()),
                new("code_challenge", Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
                new("code_challenge_method", "S256"),
            };
            if (PerformClientCredentialsCommand.Words(parse.GetValue(audience)) is { Length: > 0 } audiences)
            {
                query.Add(new("audience", audiences));
            }

            if (PerformClientCredentialsCommand.Words(parse.GetValue(prompt)) is { Length: > 0 } prompts)
            {
                query.Add(new("prompt", prompts));
            }

            if (parse.GetValue(maxAge) >= 0)
            {
                query.Add(new("max_age", parse.GetValue(maxAge).ToString(CultureInfo.InvariantCulture)));
            }

            var authorize = (parse.GetValue(authUrl) is { Length: > 0 } a ? a : server.Url("oauth2/auth").ToString())
                + "?" + string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
            var log = parse.InvocationConfiguration.Error;
            await log.WriteLineAsync($"Open http://127.0.0.1:{listener.Port}/ in a browser to log in (Ctrl-C to stop). It redirects to:");
            await log.WriteLineAsync(authorize);

            while (true)
            {
                using var request = await listener.NextAsync(ct);
                if (request.Path == "/")
                {
                    await request.RedirectAsync(authorize, ct);
                    continue;
                }

                if (request.Path != new Uri(redirectUri).AbsolutePath)
                {
                    await request.RespondAsync(404, "Not found.", ct);
                    continue;
                }

                if (request.Query["state"] != expectedState)
                {
                    // A stale tab or a forged request: refuse it and keep waiting for the real redirect.
                    await request.RespondAsync(400, Page("The state parameter does not match this login; start again from the link in the terminal."), ct);
                    await log.WriteLineAsync("warning: ignored a callback with a state that does not match.");
                    continue;
                }

                if (request.Query["error"] is { } error)
                {
                    var description = request.Query["error_description"];
                    await request.RespondAsync(200, Page($"The authorization server refused: {error}. {description}"), ct);
                    throw new CliException($"the authorization server answered {error}{(description is null ? "" : ": " + description)}");
                }

                if (request.Query["code"] is not { Length: > 0 } code)
                {
                    await request.RespondAsync(400, Page("The callback carries neither a code nor an error."), ct);
                    throw new CliException("the callback carried neither a code nor an error.");
                }

                var form = new List<KeyValuePair<string, string>>
                {
                    new("grant_type", "authorization_code"),
                    new("code", code),
                    new("redirect_uri", redirectUri),
                    new("code_verifier", verifier),
                };
                var authorization = ClientCredentialOptions.Authenticate(client, form);
                try
                {
                    var answer = (await server.PostFormAsync(parse.GetValue(tokenUrl) is { Length: > 0 } t ? t : "oauth2/token", form, authorization, ct)).Body;
                    await request.RespondAsync(200, Page("Success: the tokens are printed in the terminal. You may close this window."), ct);
                    await TokenOutput.PrintAsync(api.Printer(parse), answer, DateTimeOffset.UtcNow);
                    return 0;
                }
                catch (CliException e)
                {
                    await request.RespondAsync(200, Page("The code exchange failed: " + e.Message), ct);
                    throw;
                }
            }
        }));
        return command;
    }

    private static string Random() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Page(string message)
        => $"<!doctype html><html><head><meta charset=\"utf-8\"><title>tessera</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
}
