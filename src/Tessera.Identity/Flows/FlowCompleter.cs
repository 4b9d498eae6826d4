using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.Identity.Flows.Methods;
using Tessera.Identity.Hooks;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Identity.Storage;

namespace Tessera.Identity.Flows;

/// <summary>
/// Completes a login or registration as Kratos's hook executors do (<c>PostLoginHook</c>, <c>PostRegistrationHook</c>):
/// runs the after-hooks, writes (a registration's identity, credentials and — with the <c>session</c> hook — its
/// session in one transaction; a login's new or re-authenticated session), marks the flow <c>passed_challenge</c>
/// and answers: API flows and JSON requests with the session and/or identity, browser forms with a 303 to the
/// return URL; browsers get the session cookie. A refusal comes back as a <see cref="MethodOutcome"/> for the framework.
/// </summary>
internal sealed class FlowCompleter(IdentityStore identities, SessionIssuer issuer, SessionAuthentication sessions, FlowHooks hooks, FlowOptions options, WebHookCaller webHooks, IdentityComposer composer, TimeProvider time)
{
    private readonly ReturnToPolicy returnTo = new(options);

    /// <summary>The active session the request presents, or null.</summary>
    public Task<SessionRecord?> CurrentSessionAsync(FlowRequest request, CancellationToken ct)
        => request.Session.IsEmpty ? Task.FromResult<SessionRecord?>(null) : sessions.ResolveAsync(request.Session, ct);

    /// <summary>Completes <paramref name="flow"/>: the answer, or the refusal to show on the form.</summary>
    public async Task<(FlowAnswer? Answer, MethodOutcome? Refused)> CompleteAsync(SelfServiceFlow flow, FlowCompletion completion, FlowRequest request, CancellationToken ct)
    {
        var (url, forbidden) = returnTo.Resolve(flow.ReturnTo, hooks.ReturnUrl(flow.Name, completion.Method));
        if (forbidden is not null)
        {
            return (null, MethodOutcome.Failed(forbidden));
        }

        var done = flow with { State = FlowNames.StatePassedChallenge, Active = completion.Method };
        return flow.Name == FlowNames.Login
            ? await LoginAsync(done, completion, request, url!, ct)
            : await RegisterAsync(done, completion, request, url!, ct);
    }

    private async Task<(FlowAnswer?, MethodOutcome?)> LoginAsync(SelfServiceFlow flow, FlowCompletion completion, FlowRequest request, string url, CancellationToken ct)
    {
        var identity = completion.Identity;
        if (identity.State != IdentityRecord.Active)
        {
            flow.Ui.Messages.Add(UiMessages.ErrorValidationIdentityDisabled());
            return (null, MethodOutcome.ShowForm(flow with { State = FlowNames.StateChooseMethod }));
        }

        var afterHooks = hooks.After(FlowNames.Login, completion.Method);
        foreach (var hook in afterHooks)
        {
            if (hook.Name == FlowHook.RequireVerifiedAddress)
            {
                var addresses = (await identities.PartsAsync(identity.Id, ct)).VerifiableAddresses;
                if (addresses.Count == 0)
                {
                    return (null, MethodOutcome.Failed(new FlowError(500, "The request could not be executed because of a misconfiguration.",
                        "A misconfiguration prevents login. Expected to find a verification address but this identity does not have one assigned.")));
                }

                if (!addresses.Any(a => a.Verified))
                {
                    flow.Ui.Messages.Add(UiMessages.ErrorValidationAddressNotVerified());
                    return (null, MethodOutcome.ShowForm(flow with { State = FlowNames.StateChooseMethod }));
                }
            }
            else if (hook.WebHookConfig is { } webHook)
            {
                var payload = WebHookPayload.Build(flow, request, identity, await identities.PartsAsync(identity.Id, ct), null, options.PublicBaseUrl, time.GetUtcNow());
                if (Refusal(flow, await webHooks.CallAsync(webHook, hook.Key, payload, ct)) is { } refused)
                {
                    return (null, refused);
                }
            }
        }

        var method = issuer.Completed(completion.Method, completion.Aal);
        SessionRecord? session = null;
        string? token = null;
        if (flow.Refresh && sessions.Present(request.Session) is var presented && await sessions.ResolveAsync(presented, ct) is { } current && current.IdentityId == identity.Id)
        {
            token = presented.Token;
            session = await issuer.ReauthenticateAsync(current, method, ct);
        }

        if (session is null || token is null)
        {
            var issued = await issuer.IssueAsync(identity, [method], Device(request), ct);
            (session, token) = (issued.Session, issued.Token);
        }

        session = session with { Identity = identity };
        if (afterHooks.Any(h => h.Name == FlowHook.RevokeActiveSessions))
        {
            await issuer.RevokeOthersAsync(identity.Id, session.Id, ct);
        }

        return (Answer(flow, request, url, new FlowCompleted(FlowNames.Login, identity, null, session, token, null), session, token), null);
    }

    private async Task<(FlowAnswer?, MethodOutcome?)> RegisterAsync(SelfServiceFlow flow, FlowCompletion completion, FlowRequest request, string url, CancellationToken ct)
    {
        var identity = completion.Identity;
        var parts = completion.NewParts ?? IdentityParts.Empty;
        var afterHooks = hooks.After(FlowNames.Registration, completion.Method);
        var withSession = afterHooks.Any(h => h.Name == FlowHook.Session);

        // Web hooks that parse their answer run before the identity is written (Kratos's pre-persist hooks) and may change it.
        foreach (var hook in afterHooks.Where(h => h.WebHookConfig is { Parse: true }))
        {
            var outcome = await webHooks.CallAsync(hook.WebHookConfig!, hook.Key, WebHookPayload.Build(flow, request, identity, parts, null, options.PublicBaseUrl, time.GetUtcNow()), ct);
            if (Refusal(flow, outcome) is { } refused)
            {
                return (null, refused);
            }

            if (outcome.Identity is { } changes)
            {
                identity = WebHookPayload.Apply(identity, changes);
                if (composer.Validate(identity) is { } invalid)
                {
                    return (null, MethodOutcome.Failed(new FlowError(invalid.Status, invalid.Message, invalid.Reason)));
                }

                parts = composer.Compose(identity, IdentityParts.Empty, parts.Credential(IdentityCredential.Password), null, null, identity.CreatedAt);
            }
        }

        IssuedSession? issued = null;
        try
        {
            issued = await issuer.Database.InTransactionAsync(async (DbConnection connection, DbTransaction transaction, CancellationToken token) =>
            {
                await identities.InsertAsync(connection, transaction, identity, parts, token);
                return withSession
                    ? await issuer.IssueAsync(connection, transaction, identity, [issuer.Completed(completion.Method, completion.Aal)], Device(request), token)
                    : null;
            }, ct);
        }
        catch (DbException e) when (identities.IsConflict(e))
        {
            flow.Ui.SetValues(identity.Traits, "traits", NodeGroups.Default);
            flow.Ui.Messages.Add(UiMessages.ErrorValidationDuplicateCredentials());
            return (null, MethodOutcome.ShowForm(flow with { State = FlowNames.StateChooseMethod, Active = null }));
        }

        var session = issued?.Session;
        foreach (var hook in afterHooks.Where(h => h.WebHookConfig is { Parse: false }))
        {
            var payload = WebHookPayload.Build(flow, request, identity, parts, session, options.PublicBaseUrl, time.GetUtcNow());
            if (Refusal(flow, await webHooks.CallAsync(hook.WebHookConfig!, hook.Key, payload, ct)) is { } refused)
            {
                return (null, refused);
            }
        }

        var continueWith = new JsonArray();
        if (issued is not null && !flow.IsBrowser)
        {
            continueWith.Add((JsonNode)new JsonObject { ["action"] = "set_ory_session_token", ["ory_session_token"] = issued.Token });
        }

        var completed = new FlowCompleted(FlowNames.Registration, identity, parts, session, flow.IsBrowser ? null : issued?.Token, continueWith);
        return (Answer(flow, request, url, completed, session, issued?.Token), null);
    }

    private FlowAnswer Answer(SelfServiceFlow flow, FlowRequest request, string url, FlowCompleted completed, SessionRecord? session, string? token)
    {
        var cookie = flow.IsBrowser && session is not null && token is not null ? issuer.CookieFor(token, session) : null;
        FlowAnswer answer;
        if (!flow.IsBrowser)
        {
            answer = new FlowAnswer(200, null) { Completed = completed };
        }
        else if (request.IsJsonRequest)
        {
            var continueWith = completed.ContinueWith ?? [];
            continueWith.Add((JsonNode)new JsonObject { ["action"] = "redirect_browser_to", ["redirect_browser_to"] = url });
            answer = new FlowAnswer(200, null) { Completed = completed with { SessionToken = null, ContinueWith = continueWith } };
        }
        else
        {
            answer = FlowAnswer.Redirect(url);
        }

        return answer with { SetSessionCookie = cookie, CompletedFlow = flow };
    }

    /// <summary>A web hook's refusal as the flow shows it: its messages on the form (Kratos's hook validation errors), or its error.</summary>
    private static MethodOutcome? Refusal(SelfServiceFlow flow, WebHookOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            return MethodOutcome.Failed(error);
        }

        if (outcome.Messages is not { Count: > 0 } messages)
        {
            return null;
        }

        foreach (var (field, message) in messages)
        {
            flow.Ui.AddMessage(message, field);
        }

        return MethodOutcome.ShowForm(flow with { State = FlowNames.StateChooseMethod, Active = null });
    }

    private static SessionDevice Device(FlowRequest request)
        => SessionDevice.New(request.ClientAddress is { Length: > 0 } ip ? ip : null, request.UserAgent, null);
}
