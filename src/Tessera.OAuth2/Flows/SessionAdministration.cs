using System.Text.Json.Nodes;
using Tessera.OAuth2.Storage;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// Hydra's session administration: listing and revoking consent sessions (revoking consent revokes the
/// tokens it produced), ending login sessions, and deleting a client's tokens.
/// </summary>
internal sealed class SessionAdministration(FlowStore flows, LoginSessionStore sessions, TokenStore tokens, ClientStore clients)
{
    /// <summary>Called with each ended login session's id and subject, so that logout notifications can go out.</summary>
    public Func<string, string, CancellationToken, Task>? LoginSessionEnded { get; set; }

    public async Task<(JsonArray Page, bool More)> ListConsentSessionsAsync(string subject, string? loginSessionId, int size, int offset, CancellationToken ct)
    {
        var page = await flows.ConsentSessionsAsync(subject, null, rememberedOnly: false, size + 1, offset, ct, loginSessionId);
        var more = page.Count > size;
        var result = new JsonArray();
        foreach (var flow in page.Take(size))
        {
            result.Add((JsonNode)FlowRequestViews.ConsentSession(flow, await clients.GetAsync(flow.ClientId, ct)));
        }

        return (result, more);
    }

    /// <summary>Hydra's three ways: by consent request id alone, by subject and client, or by subject with all=true.</summary>
    public async Task<FlowAdminResult?> RevokeConsentAsync(string? subject, string? clientId, string? consentRequestId, bool all, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(consentRequestId) && string.IsNullOrEmpty(subject) && string.IsNullOrEmpty(clientId))
        {
            var flow = await flows.GetByConsentChallengeAsync(consentRequestId, ct);
            if (flow is not null)
            {
                await tokens.RevokeFlowAsync(flow.Id, ct);
                await flows.DeleteByConsentChallengeAsync(consentRequestId, ct);
            }

            return null;
        }

        if (string.IsNullOrEmpty(consentRequestId) && !string.IsNullOrEmpty(subject) && (!string.IsNullOrEmpty(clientId) ^ all))
        {
            var client = string.IsNullOrEmpty(clientId) ? null : clientId;
            await tokens.RevokeSubjectAsync(subject, client, ct);
            await flows.DeleteConsentSessionsAsync(subject, client, ct);
            return null;
        }

        return FlowAdminResult.Invalid("Invalid combination of query parameters.");
    }

    /// <summary>Hydra's <c>DELETE /admin/oauth2/tokens</c>: deletes every token issued to the client.</summary>
    public Task DeleteClientTokensAsync(string clientId, CancellationToken ct) => tokens.DeleteClientTokensAsync(clientId, ct);

    public async Task<FlowAdminResult?> RevokeLoginAsync(string? subject, string? sid, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(subject) && string.IsNullOrEmpty(sid))
        {
            return FlowAdminResult.Invalid("Either 'subject' or 'sid' query parameters need to be defined.");
        }

        var ids = !string.IsNullOrEmpty(sid) ? [sid] : await sessions.IdsOfSubjectAsync(subject!, ct);
        foreach (var id in ids)
        {
            if (LoginSessionEnded is not null && await sessions.GetAsync(id, ct) is { } session)
            {
                await LoginSessionEnded(id, session.Subject, ct);
            }

            await sessions.DeleteAsync(id, ct);
        }

        return null;
    }
}
