using System.Text.Json.Nodes;
using Tessera.Identity.Flows.Methods;
using Tessera.Identity.Schemas;
using Tessera.Identity.Storage;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Flows;

/// <summary>
/// The self-service flows framework (Kratos's login and registration handlers and their error
/// handlers): creates browser and API flows, answers them, hands a submission to the method that
/// accepts it, and answers every outcome as Kratos does — JSON or a redirect to the UI, errors as JSON
/// or through the error UI. HTTP-free: <c>Http/</c> reads a <see cref="FlowRequest"/> and writes the
/// <see cref="FlowAnswer"/>.
/// </summary>
internal sealed class SelfServiceFlows(FlowStore store, SchemaCatalog schemas, FlowOptions options, FlowMethods methods, FlowCompleter completer, TimeProvider time)
{
    private readonly ReturnToPolicy returnTo = new(options);

    public FlowOptions Options => options;

    /// <summary><c>GET /self-service/{login,registration}/{browser,api}</c>.</summary>
    public async Task<FlowAnswer> CreateAsync(string name, string type, FlowRequest request, CancellationToken ct)
    {
        var browser = type == FlowNames.Browser;
        string? cookie = null;
        if (browser)
        {
            cookie = CsrfTokens.IsValidCookieToken(request.CsrfCookie) ? request.CsrfCookie : CsrfTokens.NewCookieToken();
        }

        var current = await completer.CurrentSessionAsync(request, ct);
        var refresh = name == FlowNames.Login && request.QueryValue("refresh") == "true";
        var aal = (request.QueryValue("aal") is { Length: > 0 } wanted ? wanted : "aal1").ToLowerInvariant();
        if (current is not null && !refresh && (name == FlowNames.Registration || aal == current.Aal || aal == "aal1"))
        {
            // Kratos: a valid session and no refresh — browsers go to the default return URL, API and JSON clients get the error.
            return browser && !request.IsJsonRequest
                ? FlowAnswer.Redirect(options.DefaultBrowserReturnUrl)
                : FlowAnswer.Error(FlowErrors.AlreadyLoggedIn, request);
        }

        var (flow, error) = await NewFlowAsync(name, type, request, cookie, ct, current: current);
        FlowAnswer answer;
        if (error is not null)
        {
            answer = browser ? await ForwardAsync(error, request, cookie is null ? "" : CsrfTokens.Mask(cookie), ct) : FlowAnswer.Error(error, request);
        }
        else if (browser && !request.AcceptsJson)
        {
            answer = FlowAnswer.Redirect(flow!.AppendTo(options.UiUrl(name)));
        }
        else
        {
            answer = FlowAnswer.Json(200, flow!.ToJson());
        }

        return cookie is not null && cookie != request.CsrfCookie ? answer with { SetCsrfCookie = cookie } : answer;
    }

    /// <summary><c>GET /self-service/{login,registration}/flows?id=</c>.</summary>
    public async Task<FlowAnswer> GetAsync(string name, string? id, FlowRequest request, CancellationToken ct)
    {
        if (name == FlowNames.Registration && !options.RegistrationEnabled)
        {
            return await ForwardAsync(FlowErrors.RegistrationDisabled, request, "", ct);
        }

        if (ParseId(id) is not { } flowId || await store.GetAsync(name, flowId, ct) is not { } flow)
        {
            return FlowAnswer.Error(FlowError.NotFound, request);
        }

        if (flow.IsBrowser && !CsrfTokens.Verify(request.CsrfCookie, flow.CsrfToken))
        {
            return FlowAnswer.Error(FlowErrors.Csrf(request, tokenSent: true), request);
        }

        if (flow.IsExpired(time.GetUtcNow()))
        {
            var init = FlowUrls.AppendPath(options.PublicBaseUrl, $"/self-service/{name}/{(flow.IsBrowser ? "browser" : "api")}");
            if (flow.IsBrowser && !string.IsNullOrEmpty(flow.ReturnTo))
            {
                init = FlowUrls.WithQuery(init, "return_to", flow.ReturnTo);
            }

            return FlowAnswer.Error(FlowErrors.ExpiredOnFetch(name, flow.IsBrowser, init, flow.ReturnTo), request);
        }

        return FlowAnswer.Json(200, flow.ToJson());
    }

    /// <summary>
    /// <c>POST /self-service/{login,registration}?flow=</c>: <paramref name="body"/> is the parsed body
    /// (null with <paramref name="bodyProblem"/> when it could not be read).
    /// </summary>
    public async Task<FlowAnswer> SubmitAsync(string name, string? id, JsonObject? body, string? bodyProblem, bool formEncoded, FlowRequest request, CancellationToken ct)
    {
        if (ParseId(id) is not { } flowId)
        {
            return await ForwardAsync(FlowErrors.FlowIdMissing, request, "", ct);
        }

        if (await store.GetAsync(name, flowId, ct) is not { } flow)
        {
            return await ForwardAsync(FlowError.NotFound, request, "", ct);
        }

        var now = time.GetUtcNow();
        if (flow.IsExpired(now))
        {
            return await ReplaceExpiredAsync(flow, request, now, ct);
        }

        if (bodyProblem is not null || body is null)
        {
            return await FlowErrorAsync(flow, FlowError.BadRequest(bodyProblem ?? "The request body is empty."), request, ct);
        }

        if (SchemaOf(flow) is not { } schema)
        {
            return FlowAnswer.Error(NoSchema, request);
        }

        if (flow.State == FlowNames.StatePassedChallenge)
        {
            // Completed already (the code strategy's answer to a used flow): no method takes it again.
            return await NoMethodAsync(flow, request, ct);
        }

        if (await completer.CurrentSessionAsync(request, ct) is { } current && !flow.Refresh && (flow.Name == FlowNames.Registration || flow.RequestedAal == "aal1"))
        {
            if (flow.IsBrowser && !request.IsJsonRequest)
            {
                return FlowAnswer.Redirect(options.DefaultBrowserReturnUrl);
            }

            return await FlowErrorAsync(flow, FlowErrors.AlreadyLoggedIn, request, ct);
        }

        var flowMethods = methods.For(name).ToList();
        var form = new FlowForm(flow, schema, options.RegistrationTwoSteps, flow.IsBrowser ? flow.CsrfToken : "") { IdentifierFirst = options.LoginIdentifierFirst };
        var submission = new MethodSubmission(flow, body, schema, form, request, now, flowMethods, formEncoded);
        if (methods.Find(name, submission) is not { } method)
        {
            return await NoMethodAsync(flow, request, ct);
        }

        if (CheckCsrf(flow, submission) is { } csrf)
        {
            return await FlowErrorAsync(flow, csrf, request, ct);
        }

        var outcome = await method.SubmitAsync(submission, ct);
        return outcome switch
        {
            MethodOutcome.FormOutcome shown => await ShowFormAsync(shown.Flow with { UpdatedAt = now }, request, ct),
            MethodOutcome.FailedOutcome failed => await FlowErrorAsync(flow, failed.Error, request, ct),
            MethodOutcome.CompletedOutcome completed => await CompleteAsync(completed.Completion.Flow ?? flow, completed.Completion, request, now, ct),
            _ => await NoMethodAsync(flow, request, ct),
        };
    }

    private async Task<FlowAnswer> CompleteAsync(SelfServiceFlow flow, FlowCompletion completion, FlowRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var (answer, refused) = await completer.CompleteAsync(flow, completion, request, ct);
        switch (refused)
        {
            case MethodOutcome.FormOutcome shown:
                return await ShowFormAsync(shown.Flow with { UpdatedAt = now }, request, ct);
            case MethodOutcome.FailedOutcome failed:
                return await FlowErrorAsync(flow, failed.Error, request, ct);
        }

        await store.UpdateAsync(answer!.CompletedFlow! with { UpdatedAt = now }, ct);
        return answer;
    }

    /// <summary><c>GET /self-service/errors?id=</c>: Kratos's error container.</summary>
    public async Task<FlowAnswer> GetErrorAsync(string? id, FlowRequest request, CancellationToken ct)
    {
        if (ParseId(id) is not { } errorId || await store.GetErrorAsync(errorId, ct) is not { } stored)
        {
            return FlowAnswer.Error(FlowError.NotFound, request);
        }

        return FlowAnswer.Json(200, new JsonObject
        {
            ["id"] = errorId,
            ["error"] = stored.Error.DeepClone(),
            ["created_at"] = SelfServiceFlow.Time(stored.CreatedAt),
            ["updated_at"] = SelfServiceFlow.Time(stored.UpdatedAt),
        });
    }

    /// <summary>Deletes flows expired before <paramref name="notAfter"/> (the janitor's part for flows).</summary>
    public Task<long> DeleteExpiredAsync(DateTimeOffset notAfter, int batchSize, long limit, CancellationToken ct)
        => store.DeleteExpiredAsync(notAfter, batchSize, limit, ct);

    private async Task<(SelfServiceFlow? Flow, FlowError? Error)> NewFlowAsync(string name, string type, FlowRequest request, string? cookie, CancellationToken ct, SelfServiceFlow? replacing = null, Sessions.SessionRecord? current = null)
    {
        if (name == FlowNames.Registration && !options.RegistrationEnabled)
        {
            return (null, FlowErrors.RegistrationDisabled);
        }

        var requestUrl = replacing?.RequestUrl ?? request.RequestUrl;
        var requested = QueryOf(requestUrl);
        var (_, forbidden) = returnTo.Resolve(requested.GetValueOrDefault("return_to"));
        if (forbidden is not null)
        {
            return (null, forbidden);
        }

        var aal = (requested.GetValueOrDefault("aal") is { Length: > 0 } a ? a : "aal1").ToLowerInvariant();
        if (name == FlowNames.Login && aal != "aal1")
        {
            if (aal != "aal2")
            {
                return (null, FlowErrors.AalNotSupported(aal));
            }

            if (current is not null)
            {
                // A session to step up from, but no second factor exists in this service yet.
                return (null, FlowErrors.NoSecondFactor);
            }

            return (null, new FlowError(401, "aal2 and aal3 can only be requested if a session exists already", "You can not requested a higher AAL (AAL2/AAL3) without an active session.", FlowErrors.IdSessionRequiredForHigherAal));
        }

        var schemaId = replacing?.IdentitySchemaId ?? requested.GetValueOrDefault("identity_schema");
        if (!string.IsNullOrEmpty(schemaId) && schemas.Find(schemaId) is null)
        {
            return (null, FlowError.BadRequest($"The requested identity schema {JsonValue.Create(schemaId).ToJsonString()} does not exist."));
        }

        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var id = Guid.NewGuid().ToString();
        var csrf = cookie is null ? "" : CsrfTokens.Mask(cookie);
        var flow = new SelfServiceFlow(
            id, name, type, requestUrl, requested.GetValueOrDefault("return_to") is { Length: > 0 } rt ? rt : null, now, now + options.Lifespan(name),
            FlowNames.StateChooseMethod, null, new UiContainer(FlowUrls.WithQuery(FlowUrls.AppendPath(options.PublicBaseUrl, "/self-service/" + name), "flow", id)),
            csrf, null, Refresh: replacing?.Refresh ?? (name == FlowNames.Login && current is not null && requested.GetValueOrDefault("refresh") == "true"), aal, requested.GetValueOrDefault("organization") is { Length: > 0 } org && Guid.TryParse(org, out _) ? org : null,
            string.IsNullOrEmpty(schemaId) ? null : schemaId,
            name == FlowNames.Login && type == FlowNames.Browser && requested.GetValueOrDefault("login_challenge") is { Length: > 0 } challenge ? challenge : null,
            null, [], now, now);
        if (SchemaOf(flow) is not { } flowSchema)
        {
            return (null, NoSchema);
        }

        if (type == FlowNames.Api && replacing is null && WantsExchangeCode(name, requested.GetValueOrDefault("return_session_token_exchange_code"), current))
        {
            flow = flow with { SessionTokenExchangeCode = Sessions.SessionTokenExchange.NewCode() };
        }

        var form = new FlowForm(flow, flowSchema, options.RegistrationTwoSteps, csrf) { IdentifierFirst = options.LoginIdentifierFirst };
        foreach (var method in methods.For(name))
        {
            method.Populate(form);
        }

        if (flow.Refresh && current is not null)
        {
            flow.Ui.Messages.Add(UiMessages.InfoLoginReAuth());
        }

        flow.Ui.Sort();
        await store.CreateAsync(flow, ct);
        return (flow, null);
    }

    /// <summary>
    /// Kratos's condition for a session token exchange code on a new API flow: login reads the parameter as Go's
    /// <c>strconv.ParseBool</c> and only without a session; registration takes exactly <c>true</c>.
    /// </summary>
    private static bool WantsExchangeCode(string name, string? value, Sessions.SessionRecord? current) => name switch
    {
        FlowNames.Login => current is null && GoBool.IsTrue(value),
        FlowNames.Registration => value == "true",
        _ => false,
    };

    /// <summary>Kratos's error handler for an expired flow: a new flow of the same kind carries the message; the answer points at it.</summary>
    private async Task<FlowAnswer> ReplaceExpiredAsync(SelfServiceFlow expired, FlowRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var cookie = expired.IsBrowser ? (CsrfTokens.IsValidCookieToken(request.CsrfCookie) ? request.CsrfCookie : CsrfTokens.NewCookieToken()) : null;
        var (replacement, error) = await NewFlowAsync(expired.Name, expired.Type, request, cookie, ct, expired);
        if (error is not null)
        {
            return await ForwardAsync(error, request, "", ct);
        }

        replacement!.Ui.Messages.Add(expired.Name == FlowNames.Login
            ? UiMessages.ErrorValidationLoginFlowExpired(expired.ExpiresAt, now)
            : UiMessages.ErrorValidationRegistrationFlowExpired(expired.ExpiresAt, now));
        await store.UpdateAsync(replacement, ct);
        var answer = expired.Type == FlowNames.Api || request.IsJsonRequest
            ? FlowAnswer.Error(FlowErrors.Expired(expired.ExpiresAt, now, replacement.Id), request)
            : FlowAnswer.Redirect(replacement.AppendTo(options.UiUrl(expired.Name)));
        return cookie is not null && cookie != request.CsrfCookie ? answer with { SetCsrfCookie = cookie } : answer;
    }

    /// <summary>Kratos's <c>EnsureCSRF</c>: an API flow must not come from a browser; a browser flow's token must match the cookie.</summary>
    private static FlowError? CheckCsrf(SelfServiceFlow flow, MethodSubmission submission)
        => CheckCsrf(flow, submission.Request, submission.Field(UiContainer.CsrfTokenName));

    /// <summary><see cref="CheckCsrf(SelfServiceFlow, MethodSubmission)"/> for any flow: <paramref name="sent"/> is the form's <c>csrf_token</c>.</summary>
    internal static FlowError? CheckCsrf(SelfServiceFlow flow, FlowRequest request, string? sent)
    {
        if (!flow.IsBrowser)
        {
            if (request.HasOrigin)
            {
                return FlowErrors.OriginNeedsBrowserFlow;
            }

            var cookies = request.CookieNames.Where(c => !c.StartsWith("__cf", StringComparison.Ordinal) && !c.StartsWith("_cf", StringComparison.Ordinal) && !c.StartsWith("cf_", StringComparison.Ordinal)).ToList();
            return cookies.Count > 0 ? FlowErrors.CookieNeedsBrowserFlow(cookies) : null;
        }

        return CsrfTokens.Verify(request.CsrfCookie, sent) ? null : FlowErrors.Csrf(request, tokenSent: !string.IsNullOrEmpty(sent) || !string.IsNullOrEmpty(request.CsrfHeader));
    }

    private Task<FlowAnswer> NoMethodAsync(SelfServiceFlow flow, FlowRequest request, CancellationToken ct)
    {
        flow.Ui.ResetMessages();
        flow.Ui.Messages.Add(flow.Name == FlowNames.Login ? UiMessages.ErrorValidationLoginNoStrategyFound() : UiMessages.ErrorValidationRegistrationNoStrategyFound());
        return AnswerWithFormAsync(flow, request, ct);
    }

    /// <summary>A method's new form: stored; a JSON request gets the flow with a 400, anything else a 303 to the UI (Kratos's profile strategy).</summary>
    private async Task<FlowAnswer> ShowFormAsync(SelfServiceFlow flow, FlowRequest request, CancellationToken ct)
    {
        flow.Ui.Sort();
        await store.UpdateAsync(flow, ct);
        return request.IsJsonRequest || !flow.IsBrowser ? FlowAnswer.Json(400, flow.ToJson()) : FlowAnswer.Redirect(flow.AppendTo(options.UiUrl(flow.Name)));
    }

    /// <summary>
    /// Kratos's <c>WriteFlowError</c> for a loaded flow: a 400 becomes a message (4000001) on the form,
    /// answered with the flow; any other error is answered as an error (the error UI for browser flows).
    /// </summary>
    private async Task<FlowAnswer> FlowErrorAsync(SelfServiceFlow flow, FlowError error, FlowRequest request, CancellationToken ct)
    {
        if (error.Status != 400)
        {
            return flow.IsBrowser ? await ForwardAsync(error, request, flow.CsrfToken, ct) : FlowAnswer.Error(error, request);
        }

        flow.Ui.ResetMessages();
        flow.Ui.Messages.Add(UiMessages.ValidationErrorGeneric(error.Reason ?? error.Message));
        return await AnswerWithFormAsync(flow, request, ct);
    }

    private async Task<FlowAnswer> AnswerWithFormAsync(SelfServiceFlow flow, FlowRequest request, CancellationToken ct)
    {
        flow.Ui.Sort();
        var updated = flow with { UpdatedAt = time.GetUtcNow() };
        await store.UpdateAsync(updated, ct);
        return updated.IsBrowser && !request.IsJsonRequest
            ? FlowAnswer.Redirect(updated.AppendTo(options.UiUrl(flow.Name)))
            : FlowAnswer.Json(400, updated.ToJson());
    }

    /// <summary>
    /// Kratos's error manager <c>Forward</c>: a JSON request gets the error; otherwise the error is stored for
    /// the error UI, and the browser is sent there (unless it accepts JSON, which then gets the error).
    /// </summary>
    internal async Task<FlowAnswer> ForwardAsync(FlowError error, FlowRequest request, string csrfToken, CancellationToken ct)
    {
        if (request.IsJsonRequest)
        {
            return FlowAnswer.Error(error, request);
        }

        var id = Guid.NewGuid().ToString();
        await store.CreateErrorAsync(id, error.ToErrorJson(request.RequestId), csrfToken, time.GetUtcNow(), ct);
        return request.AcceptsJson ? FlowAnswer.Error(error, request) : FlowAnswer.Redirect(FlowUrls.WithQuery(options.ErrorUiUrl, "id", id));
    }

    private IdentitySchema? SchemaOf(SelfServiceFlow flow)
        => (flow.IdentitySchemaId is { } id ? schemas.Find(id) : null) ?? schemas.Find(schemas.DefaultId);

    private static FlowError NoSchema => FlowError.Internal("No identity schema is configured (identity.schemas).");

    internal static string? ParseId(string? id) => Guid.TryParse(id, out var guid) && guid != Guid.Empty ? guid.ToString() : null;

    private static Dictionary<string, string> QueryOf(string url)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return result;
        }

        foreach (var pair in url[(query + 1)..].Split('#')[0].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }

        return result;
    }
}
