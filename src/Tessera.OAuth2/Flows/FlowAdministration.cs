using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// The admin side of login and consent (Hydra's <c>/admin/oauth2/auth/requests/login|consent</c>): the
/// login or consent app reads a request by its challenge and accepts or rejects it, getting back the
/// URL to send the browser to. A request can be answered again until the browser has used the answer.
/// </summary>
internal sealed class FlowAdministration(FlowStore flows, ClientStore clients, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, System.Text.Json.JsonValueKind[]> LoginAcceptFields = new Dictionary<string, System.Text.Json.JsonValueKind[]>
    {
        ["subject"] = FlowBodyChecks.Text, ["remember"] = FlowBodyChecks.Flag, ["remember_for"] = FlowBodyChecks.Number, ["acr"] = FlowBodyChecks.Text,
        ["amr"] = FlowBodyChecks.Strings, ["context"] = FlowBodyChecks.Any, ["extend_session_lifespan"] = FlowBodyChecks.Flag,
        ["force_subject_identifier"] = FlowBodyChecks.Text, ["identity_provider_session_id"] = FlowBodyChecks.Text,
    };

    private static readonly IReadOnlyDictionary<string, System.Text.Json.JsonValueKind[]> ConsentAcceptFields = new Dictionary<string, System.Text.Json.JsonValueKind[]>
    {
        ["grant_scope"] = FlowBodyChecks.Strings, ["grant_access_token_audience"] = FlowBodyChecks.Strings, ["remember"] = FlowBodyChecks.Flag,
        ["remember_for"] = FlowBodyChecks.Number, ["session"] = FlowBodyChecks.Object, ["context"] = FlowBodyChecks.Any,
    };

    public async Task<FlowAdminResult> GetLoginAsync(string? challenge, CancellationToken ct)
    {
        var (flow, problem) = await FindAsync(challenge, consent: false, ct);
        if (flow is null)
        {
            return problem!;
        }

        if (flow.State is not (FlowState.LoginUnused or FlowState.LoginHandled))
        {
            return FlowAdminResult.Redirect(flow.Request.RequestUrl, 410);
        }

        var client = await clients.GetAsync(flow.ClientId, ct);
        return client is null ? FlowAdminResult.NotFound("client of this login request") : FlowAdminResult.Ok(FlowRequestViews.Login(flow, client));
    }

    public async Task<FlowAdminResult> AcceptLoginAsync(string? challenge, JsonObject body, CancellationToken ct)
    {
        if (FlowBodyChecks.Problem(body, LoginAcceptFields) is { } typeProblem)
        {
            return FlowAdminResult.Invalid(typeProblem);
        }

        var subject = JsonFields.Text(body, "subject");
        if (string.IsNullOrEmpty(subject))
        {
            return FlowAdminResult.Invalid("Field 'subject' must not be empty.");
        }

        return await AnswerLoginAsync(challenge, body, rejected: false, ct);
    }

    public async Task<FlowAdminResult> RejectLoginAsync(string? challenge, JsonObject body, CancellationToken ct)
        => FlowBodyChecks.Problem(body, FlowBodyChecks.Rejection) is { } problem
            ? FlowAdminResult.Invalid(problem)
            : await AnswerLoginAsync(challenge, body, rejected: true, ct);

    public async Task<FlowAdminResult> GetConsentAsync(string? challenge, CancellationToken ct)
    {
        var (flow, problem) = await FindAsync(challenge, consent: true, ct);
        if (flow is null)
        {
            return problem!;
        }

        if (flow.State is not (FlowState.ConsentUnused or FlowState.ConsentHandled))
        {
            return FlowAdminResult.Redirect(flow.Request.RequestUrl, 410);
        }

        var client = await clients.GetAsync(flow.ClientId, ct);
        return client is null ? FlowAdminResult.NotFound("client of this consent request") : FlowAdminResult.Ok(FlowRequestViews.Consent(flow, client));
    }

    public async Task<FlowAdminResult> AcceptConsentAsync(string? challenge, JsonObject body, CancellationToken ct)
    {
        if (FlowBodyChecks.Problem(body, ConsentAcceptFields) is { } typeProblem)
        {
            return FlowAdminResult.Invalid(typeProblem);
        }

        if (body["session"] is JsonObject session
            && (session["access_token"] is { } a && a is not JsonObject || session["id_token"] is { } i && i is not JsonObject))
        {
            return FlowAdminResult.Invalid("Fields 'session.access_token' and 'session.id_token' must be objects.");
        }

        return await AnswerConsentAsync(challenge, body, rejected: false, ct);
    }

    public async Task<FlowAdminResult> RejectConsentAsync(string? challenge, JsonObject body, CancellationToken ct)
        => FlowBodyChecks.Problem(body, FlowBodyChecks.Rejection) is { } problem
            ? FlowAdminResult.Invalid(problem)
            : await AnswerConsentAsync(challenge, body, rejected: true, ct);

    private async Task<FlowAdminResult> AnswerLoginAsync(string? challenge, JsonObject body, bool rejected, CancellationToken ct)
    {
        var (flow, problem) = await FindAsync(challenge, consent: false, ct);
        if (flow is null)
        {
            return problem!;
        }

        var observed = flow.State;
        if (observed is not (FlowState.LoginUnused or FlowState.LoginHandled))
        {
            return StartOver(flow);
        }

        var now = time.GetUtcNow();
        if (!rejected)
        {
            var subject = JsonFields.Text(body, "subject")!;
            if (flow.LoginSkip && subject != flow.Subject)
            {
                // The remembered session belongs to someone else: make the user log in again.
                return FlowAdminResult.Redirect(AuthorizationResponse.Append(flow.Request.RequestUrl, '?', [new("prompt", "login")]));
            }

            flow.Subject = subject;
            flow.Login = (JsonObject)body.DeepClone();
            flow.Error = null;
            if (!flow.LoginSkip)
            {
                flow.AuthenticatedAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            }
        }
        else
        {
            flow.Error = Rejection(body);
        }

        flow.State = FlowState.LoginHandled;
        flow.LoginVerifier = RequestIds.New();
        flow.LoginHandledAt = now;
        if (!await flows.UpdateAsync(flow, observed, ct))
        {
            return FlowAdminResult.Error(409, "request_already_used", "The login request was answered or used concurrently; read it again.");
        }

        return FlowAdminResult.Redirect(AuthorizationResponse.Append(flow.Request.RequestUrl, '?', [new("login_verifier", flow.LoginVerifier)]));
    }

    private async Task<FlowAdminResult> AnswerConsentAsync(string? challenge, JsonObject body, bool rejected, CancellationToken ct)
    {
        var (flow, problem) = await FindAsync(challenge, consent: true, ct);
        if (flow is null)
        {
            return problem!;
        }

        var observed = flow.State;
        if (observed is not (FlowState.ConsentUnused or FlowState.ConsentHandled))
        {
            return StartOver(flow);
        }

        if (rejected)
        {
            flow.Error = Rejection(body);
            flow.Consent = null;
        }
        else
        {
            flow.Consent = (JsonObject)body.DeepClone();
            flow.Error = null;
        }

        flow.State = FlowState.ConsentHandled;
        flow.ConsentVerifier = RequestIds.New();
        flow.ConsentHandledAt = time.GetUtcNow();
        if (!await flows.UpdateAsync(flow, observed, ct))
        {
            return FlowAdminResult.Error(409, "request_already_used", "The consent request was answered or used concurrently; read it again.");
        }

        return FlowAdminResult.Redirect(AuthorizationResponse.Append(flow.Request.RequestUrl, '?', [new("consent_verifier", flow.ConsentVerifier)]));
    }

    /// <summary>
    /// The answer to a request whose answer the browser has used already. Hydra's challenges carry their own
    /// state, so answering one again succeeds there (200 and a fresh <c>redirect_to</c>); a login app sends the
    /// browser on either way. Here the request is spent, so the browser goes back to the authorization
    /// request and starts over, which is also where Hydra's 410 on reading a used request sends it.
    /// </summary>
    private static FlowAdminResult StartOver(Flow flow) => FlowAdminResult.Redirect(flow.Request.RequestUrl);

    private async Task<(Flow? Flow, FlowAdminResult? Problem)> FindAsync(string? challenge, bool consent, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(challenge))
        {
            return (null, FlowAdminResult.Invalid("Query parameter 'challenge' is not defined but should have been."));
        }

        var flow = consent ? await flows.GetByConsentChallengeAsync(challenge, ct) : await flows.GetByLoginChallengeAsync(challenge, ct);
        if (flow is null)
        {
            return (null, FlowAdminResult.NotFound(consent ? "consent request" : "login request"));
        }

        // Hydra checks the age of every challenge it decodes, used ones included.
        if (flow.ExpiresAt <= time.GetUtcNow())
        {
            return (null, FlowAdminResult.Expired(consent ? "consent" : "login"));
        }

        return (flow, null);
    }

    private static JsonObject Rejection(JsonObject body) => new()
    {
        ["error"] = JsonFields.Text(body, "error") is { Length: > 0 } e ? e : "access_denied",
        ["error_description"] = JsonFields.Text(body, "error_description") is { Length: > 0 } d ? d : "The resource owner denied the request",
        ["error_hint"] = JsonFields.Text(body, "error_hint"),
        ["status_code"] = body["status_code"]?.DeepClone() ?? 400,
    };
}
