using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Outbound;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// Tells the clients of an ending login session: OpenID Connect Back-Channel Logout (a signed logout
/// token POSTed to each <c>backchannel_logout_uri</c> through the outbound client, in parallel, each
/// bounded by a timeout) and the Front-Channel Logout URLs (with <c>iss</c> and <c>sid</c>) for the
/// browser to load.
/// </summary>
internal sealed partial class LogoutNotifier(ProtocolOptions options, FlowStore flows, ClientStore clients, SigningKeys keys, OutboundHttpClient outbound, TimeProvider time, ILogger logger)
{
    private const string Field = "backchannel_logout_uri";

    /// <summary>Five seconds per client; the answer is not needed, so a large one is not read.</summary>
    private static readonly OutboundLimits Limits = new(TimeSpan.FromSeconds(5), 64 * 1024);

    /// <summary>Sends back-channel logout tokens for the session and returns the front-channel URLs to render.</summary>
    public async Task<List<string>> NotifyAsync(string sessionId, string subject, CancellationToken ct)
    {
        var participants = new List<OAuth2Client>();
        foreach (var id in await flows.ClientsOfLoginSessionAsync(sessionId, ct))
        {
            if (await clients.GetAsync(id, ct) is { } client)
            {
                participants.Add(client);
            }
        }

        await Task.WhenAll(participants.Where(c => !string.IsNullOrEmpty(c.BackchannelLogoutUri)).Select(c => BackChannelAsync(c, sessionId, subject, ct)));
        return participants.Where(c => !string.IsNullOrEmpty(c.FrontchannelLogoutUri))
            .Select(c => AuthorizationResponse.Append(c.FrontchannelLogoutUri!, '?', [new("iss", options.Issuer), new("sid", sessionId)]))
            .ToList();
    }

    private async Task BackChannelAsync(OAuth2Client client, string sessionId, string subject, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = options.Issuer,
            ["aud"] = new JsonArray(client.Id),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["events"] = new JsonObject { ["http://schemas.openid.net/event/backchannel-logout"] = new JsonObject() },
            ["sid"] = sessionId,
            ["sub"] = SubjectIdentifiers.ForClient(client, subject, options.PairwiseSalt),
        };
        if (!Uri.TryCreate(client.BackchannelLogoutUri, UriKind.Absolute, out var target))
        {
            LogBackChannelFailed(logger, client.Id, "backchannel_logout_uri is not an absolute URL");
            return;
        }

        try
        {
            var token = await keys.SignAsync(KeySetNames.IdToken, claims, ct, typ: "logout+jwt");
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent([new("logout_token", token)]) };
            var response = await outbound.SendAsync(Field, request, Limits, ct);
            if (!response.IsSuccess)
            {
                LogBackChannelFailed(logger, client.Id, $"status {(int)response.Status}");
            }
        }
        catch (OutboundFetchException e)
        {
            LogBackChannelFailed(logger, client.Id, e.Message);
        }
    }

    [LoggerMessage(4100, LogLevel.Warning, "Back-channel logout to client {ClientId} failed: {Reason}", EventName = "BackChannelLogoutFailed")]
    private static partial void LogBackChannelFailed(ILogger logger, string clientId, string reason);
}
