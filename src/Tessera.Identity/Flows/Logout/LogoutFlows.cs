using System.Text.Json.Nodes;
using Tessera.Identity.Flows.Settings;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Flows.Logout;

/// <summary>
/// Kratos's logout handler without HTTP: the browser asks for a logout URL carrying its session's logout token
/// (<see cref="CreateBrowserAsync"/>), following it revokes the session and removes the cookie
/// (<see cref="LogoutAsync"/>); a native app revokes its session token (<see cref="LogoutApiAsync"/>).
/// </summary>
internal sealed class LogoutFlows(SelfServiceFlows flows, SessionAuthentication sessions, SessionIssuer issuer, SettingsOptions options)
{
    private readonly ReturnToPolicy returnTo = new(flows.Options);

    /// <summary><c>GET /self-service/logout/browser</c>: <c>{logout_token, logout_url}</c>.</summary>
    public async Task<FlowAnswer> CreateBrowserAsync(FlowRequest request, SessionCredentials credentials, CancellationToken ct)
    {
        var presented = sessions.Present(credentials);
        if (await sessions.ResolveAsync(presented, ct) is null || presented.Token is not { } sessionToken)
        {
            return await flows.ForwardAsync(SettingsErrors.NoActiveSession(), request, "", ct);
        }

        var token = LogoutToken.For(sessionToken);
        var url = FlowUrls.WithQuery(FlowUrls.AppendPath(flows.Options.PublicBaseUrl, "/self-service/logout"), "token", token);
        if (request.QueryValue("return_to") is { Length: > 0 } back)
        {
            var (resolved, forbidden) = returnTo.Resolve(back);
            if (forbidden is not null)
            {
                return await flows.ForwardAsync(forbidden, request, "", ct);
            }

            url = FlowUrls.WithQuery(url, "return_to", resolved!);
        }

        return FlowAnswer.Json(200, new JsonObject { ["logout_token"] = token, ["logout_url"] = url });
    }

    /// <summary><c>GET /self-service/logout?token=&amp;return_to=</c>: revokes the session the token belongs to (it must be the request's).</summary>
    public async Task<FlowAnswer> LogoutAsync(string? token, FlowRequest request, SessionCredentials credentials, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token))
        {
            return await flows.ForwardAsync(SettingsErrors.LogoutTokenMissing, request, "", ct);
        }

        var presented = sessions.Present(credentials);
        if (await sessions.ResolveAsync(presented, ct) is not { } session || presented.Token is not { } sessionToken)
        {
            return await flows.ForwardAsync(SettingsErrors.NoActiveSession(), request, "", ct);
        }

        if (!LogoutToken.Matches(sessionToken, token))
        {
            return await flows.ForwardAsync(SettingsErrors.LogoutTokenMismatch, request, "", ct);
        }

        await sessions.EndAsync(session, ct);
        var removal = issuer.RemovalCookie().ToHeader();
        var (target, forbidden) = returnTo.Resolve(request.QueryValue("return_to"));
        if (forbidden is not null)
        {
            return await flows.ForwardAsync(forbidden, request, "", ct) with { SetCookies = [removal] };
        }

        if (string.IsNullOrEmpty(request.QueryValue("return_to")) && options.LogoutReturnUrl is { } configured)
        {
            target = configured;
        }

        var answer = request.IsJsonRequest ? FlowAnswer.Empty(204) : FlowAnswer.Redirect(target!);
        return answer with { SetCookies = [removal] };
    }

    /// <summary><c>DELETE /self-service/logout/api</c> with <c>{"session_token": …}</c>: 204, or 403 for a token that is no session's.</summary>
    public async Task<FlowAnswer> LogoutApiAsync(JsonObject? body, string? bodyProblem, FlowRequest request, CancellationToken ct)
    {
        if (bodyProblem is not null || body is null)
        {
            return FlowAnswer.Error(FlowError.BadRequest(bodyProblem ?? "Unable to decode JSON payload: the body is empty."), request);
        }

        var token = body["session_token"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
        return await sessions.RevokeByTokenAsync(token, ct) ? FlowAnswer.Empty(204) : FlowAnswer.Error(SettingsErrors.UnknownSessionToken, request);
    }
}
