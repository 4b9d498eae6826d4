using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.OAuth2.Clients;
using Tessera.Platform.Json;
using Tessera.Platform.Outbound;

namespace Tessera.OAuth2.Protocol.Hooks;

/// <summary>
/// Hydra's token hook: before the token endpoint issues tokens for any grant, the grant is POSTed to
/// <c>oauth2.token_hook</c>. 204 keeps the session as it is; 200 with <c>{"session":{"access_token":{…},
/// "id_token":{…}}}</c> replaces the extra claims of both tokens; 403 refuses the tokens
/// (<c>access_denied</c>); anything else, or no answer, is a <c>server_error</c>. Nothing is stored or
/// consumed before the hook has agreed. The hook is called through the service's outbound client, so
/// <c>clients.http.disallow_private_ip_ranges</c> applies to it as in Hydra (whose token hook uses the
/// same HTTP client as its calls to clients): an internal hook must then be listed in
/// <c>clients.http.private_ip_exception_urls</c>.
/// </summary>
internal sealed partial class TokenHook(TokenHookTarget? target, ProtocolOptions options, OutboundHttpClient outbound, ILogger logger)
{
    private const string Field = "oauth2.token_hook";

    /// <summary>The session the hook agreed to (unchanged when no hook is configured), or the error it caused.</summary>
    public ValueTask<(GrantSession? Session, OAuth2Error? Error)> ApplyAsync(GrantSession session, OAuth2Client client, TokenRequest request, CancellationToken ct)
        => target is null
            ? ValueTask.FromResult<(GrantSession?, OAuth2Error?)>((session, null)) // every token issued passes here: no task for the common case
            : new(CallAsync(target, session, client, request, ct));

    private async Task<(GrantSession? Session, OAuth2Error? Error)> CallAsync(TokenHookTarget destination, GrantSession session, OAuth2Client client, TokenRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, destination.Url)
        {
            Content = new ByteArrayContent(TokenHookRequestBody.Write(session, client, request, options)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        destination.Authorize(message);
        try
        {
            var response = await outbound.SendAsync(Field, message, null, ct);
            switch (response.Status)
            {
                case HttpStatusCode.NoContent:
                    return (session, null);
                case HttpStatusCode.Forbidden:
                    return (null, OAuth2Error.AccessDenied("The token hook target responded with an error."));
                case HttpStatusCode.OK:
                    break;
                default:
                    LogHookFailed(logger, (int)response.Status);
                    return (null, Failed());
            }

            return StrictJson.TryParse(response.Body, out var parsed, out _) && parsed is JsonObject answer && answer["session"] is JsonObject replaced
                ? (session with { AccessTokenClaims = Claims(replaced["access_token"]), IdTokenClaims = Claims(replaced["id_token"]) }, null)
                : (null, Failed());
        }
        catch (OutboundFetchException e)
        {
            LogHookUnreachable(logger, e.Message); // an OutboundFetchException's cause was logged by the outbound client
            return (null, Failed());
        }
    }

    private static OAuth2Error Failed() => OAuth2Error.ServerError("The token hook target responded with an error.");

    /// <summary>Hydra replaces the claims with what the hook sent: an absent or non-object value leaves none.</summary>
    private static JsonObject Claims(JsonNode? node) => node is JsonObject claims ? (JsonObject)claims.DeepClone() : [];

    [LoggerMessage(4200, LogLevel.Error, "The token hook answered with HTTP status {Status}; no tokens were issued", EventName = "TokenHookFailed")]
    private static partial void LogHookFailed(ILogger logger, int status);

    [LoggerMessage(4201, LogLevel.Error, "The token hook could not be called or its answer read: {Reason}; no tokens were issued", EventName = "TokenHookUnreachable")]
    private static partial void LogHookUnreachable(ILogger logger, string reason);
}
