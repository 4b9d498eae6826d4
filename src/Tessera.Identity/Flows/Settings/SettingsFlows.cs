using System.Text.Json.Nodes;
using Tessera.Identity.Hooks;
using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;
using Tessera.Identity.Sessions;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// Kratos's settings flow (handler, error handler and hook executor) without HTTP: every operation needs the
/// session the request presents; a flow belongs to the identity that created it; a submission is handed to the
/// method named by <c>method</c>, and a save ends with the flow in state <c>success</c>, a fresh form with
/// message 1050001, the after-hooks, and a 303 back to the UI (browser form) or the flow (JSON).
/// </summary>
internal sealed class SettingsFlows(
    FlowStore store, SelfServiceFlows flows, SchemaCatalog schemas, IdentityAdministration identities, SessionAuthentication sessions,
    SettingsOptions options, FlowHooks hooks, WebHookCaller webHooks, IReadOnlyList<ISettingsMethod> methods, Func<IdentityRecord, IdentityParts, JsonObject> renderIdentity,
    TimeProvider time)
{
    private readonly ReturnToPolicy returnTo = new(flows.Options);

    private FlowOptions FlowOptions => flows.Options;

    /// <summary>Where <c>/.well-known/change-password</c> sends a browser: the settings UI, else the browser settings flow (Kratos's <c>redirectToChangePassword</c>).</summary>
    public string ChangePasswordUrl => options.UiUrl is { Length: > 0 } ui ? ui : FlowUrls.AppendPath(FlowOptions.PublicBaseUrl, "/self-service/settings/browser");

    /// <summary><c>GET /self-service/settings/{browser,api}</c>.</summary>
    public async Task<FlowAnswer> CreateAsync(string type, FlowRequest request, SessionCredentials credentials, CancellationToken ct)
    {
        var browser = type == FlowNames.Browser;
        if (await sessions.ResolveAsync(credentials, ct) is not { } session)
        {
            if (!browser)
            {
                return FlowAnswer.Error(SettingsErrors.NoActiveSession("This endpoint can only be accessed with a valid session. Please log in and try again."), request);
            }

            if (request.IsJsonRequest)
            {
                return FlowAnswer.Error(SettingsErrors.NoActiveSession(), request);
            }

            // Kratos: to the login flow, the return_to carried over.
            var login = FlowUrls.AppendPath(FlowOptions.PublicBaseUrl, "/self-service/login/browser");
            return FlowAnswer.Redirect(request.QueryValue("return_to") is { Length: > 0 } back ? FlowUrls.WithQuery(login, "return_to", back) : login);
        }

        var cookie = browser ? (CsrfTokens.IsValidCookieToken(request.CsrfCookie) ? request.CsrfCookie : CsrfTokens.NewCookieToken()) : null;
        var (_, forbidden) = returnTo.Resolve(request.QueryValue("return_to"));
        FlowAnswer answer;
        if (forbidden is not null)
        {
            answer = browser ? await flows.ForwardAsync(forbidden, request, CsrfTokens.Mask(cookie!), ct) : FlowAnswer.Error(forbidden, request);
        }
        else if (await NewFlowAsync(type, request.RequestUrl, request.QueryValue("return_to"), session.Identity!, cookie, ct) is not { } flow)
        {
            answer = FlowAnswer.Error(NoSchema, request);
        }
        else
        {
            answer = browser && !request.AcceptsJson
                ? FlowAnswer.Redirect(flow.AppendTo(options.UiUrl))
                : FlowAnswer.Json(200, await ToJsonAsync(flow, session.Identity!, ct));
        }

        return cookie is not null && cookie != request.CsrfCookie ? answer with { SetCsrfCookie = cookie } : answer;
    }

    /// <summary><c>GET /self-service/settings/flows?id=</c>: only for the identity the flow was made for.</summary>
    public async Task<FlowAnswer> GetAsync(string? id, FlowRequest request, SessionCredentials credentials, CancellationToken ct)
    {
        if (await sessions.ResolveAsync(credentials, ct) is not { } session)
        {
            return Unauthenticated(request);
        }

        if (SelfServiceFlows.ParseId(id) is not { } flowId || await store.GetAsync(FlowNames.Settings, flowId, ct) is not { } flow)
        {
            return FlowAnswer.Error(FlowError.NotFound, request);
        }

        if (flow.IdentityId != session.IdentityId)
        {
            return FlowAnswer.Error(SettingsErrors.FetchedBySomeoneElse, request);
        }

        if (flow.IsExpired(time.GetUtcNow()))
        {
            var error = new FlowError(410, "The requested resource is no longer available", null, "self_service_flow_expired");
            if (flow.IsBrowser)
            {
                var init = FlowUrls.AppendPath(FlowOptions.PublicBaseUrl, "/self-service/settings/browser");
                error = (error with { Reason = "The settings flow has expired. Redirect the user to the settings flow init endpoint to initialize a new settings flow." })
                    .WithDetail("redirect_to", string.IsNullOrEmpty(flow.ReturnTo) ? init : FlowUrls.WithQuery(init, "return_to", flow.ReturnTo))
                    .WithDetail("return_to", flow.ReturnTo ?? "");
            }
            else
            {
                error = (error with { Reason = "The settings flow has expired. Call the settings flow init API endpoint to initialize a new settings flow." })
                    .WithDetail("api", FlowUrls.AppendPath(FlowOptions.PublicBaseUrl, "/self-service/settings/api"));
            }

            return FlowAnswer.Error(error, request);
        }

        return FlowAnswer.Json(200, await ToJsonAsync(flow, session.Identity!, ct));
    }

    /// <summary><c>POST /self-service/settings?flow=</c>.</summary>
    public async Task<FlowAnswer> SubmitAsync(string? id, JsonObject? body, string? bodyProblem, bool formEncoded, FlowRequest request, SessionCredentials credentials, CancellationToken ct)
    {
        if (await sessions.ResolveAsync(credentials, ct) is not { } session)
        {
            return Unauthenticated(request);
        }

        if (SelfServiceFlows.ParseId(id) is not { } flowId)
        {
            return await ForwardAsync(null, FlowErrors.FlowIdMissing, request, ct);
        }

        if (await store.GetAsync(FlowNames.Settings, flowId, ct) is not { } flow)
        {
            return await ForwardAsync(null, new FlowError(404, "Unable to locate the resource", "The settings request could not be found. Please restart the flow."), request, ct);
        }

        var now = time.GetUtcNow();
        var identity = session.Identity!;
        if (flow.IsExpired(now))
        {
            return await ReplaceExpiredAsync(flow, identity, request, now, ct);
        }

        if (flow.IdentityId != session.IdentityId)
        {
            return await ForwardAsync(flow, SettingsErrors.SubmittedBySomeoneElse, request, ct);
        }

        if (SchemaOf(identity) is not { } schema)
        {
            return FlowAnswer.Error(NoSchema, request);
        }

        if (bodyProblem is not null || body is null)
        {
            return await FormErrorAsync(flow, schema, identity, FlowError.BadRequest(bodyProblem ?? "The request body is empty."), request, ct);
        }

        var method = body["method"] is JsonValue m && m.TryGetValue<string>(out var name) ? methods.FirstOrDefault(x => x.Method == name) : null;
        if (method is null)
        {
            flow.Ui.ResetMessages();
            flow.Ui.Messages.Add(UiMessages.ErrorValidationSettingsNoStrategyFound());
            return await AnswerFormAsync(flow, identity, request, ct);
        }

        var privileged = session.AuthenticatedAt + options.PrivilegedSessionMaxAge >= now;
        var submission = new SettingsSubmission(flow, body, session, identity, schema, request, privileged, formEncoded);
        var outcome = await method.SubmitAsync(submission, ct);
        return outcome switch
        {
            SettingsOutcome.SavedOutcome saved => await CompleteAsync(flow, method.Method, saved.Identity, session, schema, request, now, ct),
            SettingsOutcome.FormOutcome => await AnswerFormAsync(flow, identity, request, ct),
            SettingsOutcome.FailedOutcome failed => await FormErrorAsync(flow, schema, identity, failed.Error, request, ct),
            _ => Reauthenticate(flow, request),
        };
    }

    private async Task<SelfServiceFlow?> NewFlowAsync(string type, string requestUrl, string? returnToUrl, IdentityRecord identity, string? cookie, CancellationToken ct)
    {
        if (SchemaOf(identity) is not { } schema)
        {
            return null;
        }

        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var id = Guid.NewGuid().ToString();
        var csrf = cookie is null ? "" : CsrfTokens.Mask(cookie);
        var flow = new SelfServiceFlow(
            id, FlowNames.Settings, type, requestUrl, string.IsNullOrEmpty(returnToUrl) ? null : returnToUrl, now, now + options.Lifespan, FlowNames.StateShowForm, null,
            NewUi(id), csrf, identity.Id, Refresh: false, "aal1", null, null, null, null, [], now, now);
        Populate(flow, identity, schema, csrf);
        await store.CreateAsync(flow, ct);
        return flow;
    }

    private UiContainer NewUi(string id) => new(FlowUrls.WithQuery(FlowUrls.AppendPath(FlowOptions.PublicBaseUrl, "/self-service/settings"), "flow", id));

    private void Populate(SelfServiceFlow flow, IdentityRecord identity, IdentitySchema schema, string csrf)
    {
        var form = new SettingsForm(flow, identity, schema, csrf);
        foreach (var method in methods)
        {
            method.Populate(form);
        }

        flow.Ui.Sort();
    }

    /// <summary>Kratos's <c>PostSettingsHook</c> after a method saved: success state, a fresh form with 1050001, the hooks, the answer.</summary>
    private async Task<FlowAnswer> CompleteAsync(SelfServiceFlow flow, string method, IdentityRecord identity, SessionRecord session, IdentitySchema schema, FlowRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var success = flow with { State = FlowNames.StateSuccess, Active = method, Ui = NewUi(flow.Id), UpdatedAt = now };
        Populate(success, identity, schema, flow.IsBrowser ? flow.CsrfToken : "");
        success.Ui.Messages.Add(UiMessages.InfoSelfServiceSettingsUpdateSuccess());
        await store.UpdateAsync(success, ct);

        foreach (var hook in hooks.After(FlowNames.Settings, method))
        {
            if (hook.Name == FlowHook.RevokeActiveSessions)
            {
                await sessions.RevokeOthersAsync(session, ct);
            }
            else if (hook.WebHookConfig is { } webHook)
            {
                // Kratos's post-persist web hook: the change is saved; a failing call is the answer, as there.
                var payload = WebHookPayload.Build(success, request, identity, null, session, FlowOptions.PublicBaseUrl, now);
                if ((await webHooks.CallAsync(webHook, hook.Key, payload, ct)).Error is { } failed)
                {
                    return await ForwardAsync(success, failed, request, ct);
                }
            }
        }

        var fallback = success.AppendTo(hooks.ReturnUrl(FlowNames.Settings, method) ?? options.UiUrl);
        var (back, _) = returnTo.Resolve(success.ReturnTo);
        var target = string.IsNullOrEmpty(success.ReturnTo) || back is null ? fallback : back;
        if (!flow.IsBrowser)
        {
            return FlowAnswer.Json(200, await ToJsonAsync(success, identity, ct));
        }

        if (request.IsJsonRequest)
        {
            var json = await ToJsonAsync(success, identity, ct);
            json["continue_with"] = new JsonArray(new JsonObject { ["action"] = "redirect_browser_to", ["redirect_browser_to"] = target });
            return FlowAnswer.Json(200, json);
        }

        return FlowAnswer.Redirect(target);
    }

    /// <summary>Kratos's <c>reauthenticate</c>: 403 <c>session_refresh_required</c> pointing at a refreshing login that returns here; a browser form is redirected there.</summary>
    private FlowAnswer Reauthenticate(SelfServiceFlow flow, FlowRequest request)
    {
        var url = new Uri(request.RequestUrl);
        var back = FlowOptions.PublicBaseUrl.TrimEnd('/') + url.PathAndQuery;
        var login = FlowUrls.WithQuery(FlowUrls.WithQuery(FlowUrls.AppendPath(FlowOptions.PublicBaseUrl, "/self-service/login/browser"), "refresh", "true"), "return_to", back);
        return flow.IsBrowser && !request.IsJsonRequest ? FlowAnswer.Redirect(login) : FlowAnswer.Error(SettingsErrors.RefreshRequired(login), request);
    }

    /// <summary>Kratos's settings <c>WriteFlowError</c> for a loaded flow: a 400 becomes a form message (4000001); others are forwarded.</summary>
    private async Task<FlowAnswer> FormErrorAsync(SelfServiceFlow flow, IdentitySchema schema, IdentityRecord identity, FlowError error, FlowRequest request, CancellationToken ct)
    {
        if (error.Status != 400)
        {
            return await ForwardAsync(flow, error, request, ct);
        }

        flow.Ui.ResetMessages();
        flow.Ui.Messages.Add(UiMessages.ValidationErrorGeneric(error.Reason ?? error.Message));
        return await AnswerFormAsync(flow, identity, request, ct);
    }

    /// <summary>The flow with its messages, stored and answered; <paramref name="identity"/> is the flow's own (checked by every caller), unchanged by a submission that did not save.</summary>
    private async Task<FlowAnswer> AnswerFormAsync(SelfServiceFlow flow, IdentityRecord identity, FlowRequest request, CancellationToken ct)
    {
        flow.Ui.Sort();
        var updated = flow with { UpdatedAt = time.GetUtcNow() };
        await store.UpdateAsync(updated, ct);
        return updated.IsBrowser && !request.IsJsonRequest
            ? FlowAnswer.Redirect(updated.AppendTo(options.UiUrl))
            : FlowAnswer.Json(400, await ToJsonAsync(updated, identity, ct));
    }

    private async Task<FlowAnswer> ReplaceExpiredAsync(SelfServiceFlow expired, IdentityRecord identity, FlowRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var cookie = expired.IsBrowser ? (CsrfTokens.IsValidCookieToken(request.CsrfCookie) ? request.CsrfCookie : CsrfTokens.NewCookieToken()) : null;
        if (await NewFlowAsync(expired.Type, expired.RequestUrl, expired.ReturnTo, identity, cookie, ct) is not { } replacement)
        {
            return FlowAnswer.Error(NoSchema, request);
        }

        replacement.Ui.Messages.Add(UiMessages.ErrorValidationSettingsFlowExpired(expired.ExpiresAt, now));
        await store.UpdateAsync(replacement, ct);
        var answer = !expired.IsBrowser || request.IsJsonRequest
            ? FlowAnswer.Error(FlowErrors.Expired(expired.ExpiresAt, now, replacement.Id), request)
            : FlowAnswer.Redirect(replacement.AppendTo(options.UiUrl));
        return cookie is not null && cookie != request.CsrfCookie ? answer with { SetCsrfCookie = cookie } : answer;
    }

    /// <summary>Kratos's settings error handler <c>forward</c>: API flows and JSON requests get the error, browsers the error UI.</summary>
    private async Task<FlowAnswer> ForwardAsync(SelfServiceFlow? flow, FlowError error, FlowRequest request, CancellationToken ct)
        => flow is { IsBrowser: false } || request.IsJsonRequest ? FlowAnswer.Error(error, request) : await flows.ForwardAsync(error, request, flow?.CsrfToken ?? "", ct);

    /// <summary>Settings' <c>OnUnauthenticated</c>: JSON clients get a 401, browsers a 302 to the login UI.</summary>
    private FlowAnswer Unauthenticated(FlowRequest request)
        => request.IsJsonRequest ? FlowAnswer.Error(SettingsErrors.SessionMissing, request) : new FlowAnswer(302, null, FlowOptions.LoginUiUrl);

    /// <summary>The settings flow as Kratos answers it, field for field in Kratos's order, with the identity it changes.</summary>
    private async Task<JsonObject> ToJsonAsync(SelfServiceFlow flow, IdentityRecord identity, CancellationToken ct)
    {
        var parts = (await identities.GetAsync(identity.Id, ct)) is { Identity: { } fresh } found ? (fresh, found.Parts) : (identity, IdentityParts.Empty);
        var json = new JsonObject
        {
            ["id"] = flow.Id,
            ["type"] = flow.Type,
            ["expires_at"] = SelfServiceFlow.Time(flow.ExpiresAt),
            ["issued_at"] = SelfServiceFlow.Time(flow.IssuedAt),
            ["request_url"] = flow.RequestUrl,
        };
        if (!string.IsNullOrEmpty(flow.ReturnTo))
        {
            json["return_to"] = flow.ReturnTo;
        }

        if (!string.IsNullOrEmpty(flow.Active))
        {
            json["active"] = flow.Active;
        }

        json["ui"] = flow.Ui.ToJson();
        json["identity"] = renderIdentity(parts.Item1, parts.Item2);
        json["state"] = flow.State;
        return json;
    }

    private IdentitySchema? SchemaOf(IdentityRecord identity) => schemas.Find(identity.SchemaId) ?? schemas.Find(schemas.DefaultId);

    private static FlowError NoSchema => FlowError.Internal("No identity schema is configured (identity.schemas).");
}
