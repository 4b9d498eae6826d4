using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Flows;

/// <summary>Renders flows as Hydra's <c>oAuth2LoginRequest</c> and <c>oAuth2ConsentRequest</c>.</summary>
internal static class FlowRequestViews
{
    public static JsonObject Login(Flow flow, OAuth2Client client) => new()
    {
        ["challenge"] = flow.Id,
        ["client"] = client.Document.DeepClone(),
        ["oidc_context"] = OidcContext(flow.Request),
        ["request_url"] = flow.Request.RequestUrl,
        ["requested_access_token_audience"] = JsonFields.Array(flow.Request.Audience),
        ["requested_scope"] = JsonFields.Array(flow.Request.Scopes),
        ["session_id"] = flow.LoginSessionId,
        ["skip"] = flow.LoginSkip,
        ["subject"] = flow.Subject,
    };

    public static JsonObject Consent(Flow flow, OAuth2Client client) => new()
    {
        ["acr"] = flow.Acr ?? "",
        ["amr"] = JsonFields.Array(flow.Amr),
        ["challenge"] = flow.ConsentChallenge,
        ["client"] = client.Document.DeepClone(),
        ["consent_request_id"] = flow.ConsentChallenge,
        ["context"] = flow.LoginContext.DeepClone(),
        ["login_challenge"] = flow.Id,
        ["login_session_id"] = flow.LoginSessionId,
        ["oidc_context"] = OidcContext(flow.Request),
        ["request_url"] = flow.Request.RequestUrl,
        ["requested_access_token_audience"] = JsonFields.Array(flow.Request.Audience),
        ["requested_scope"] = JsonFields.Array(flow.Request.Scopes),
        ["skip"] = flow.ConsentSkip,
        ["subject"] = flow.Subject,
    };

    /// <summary>Hydra's <c>oAuth2ConsentSession</c>: a granted consent as the sessions API lists it.</summary>
    public static JsonObject ConsentSession(Flow flow, OAuth2Client? client)
    {
        var consent = flow.Consent ?? [];
        var request = client is null ? new JsonObject() : Consent(flow, client);
        return new JsonObject
        {
            ["consent_request"] = request,
            ["consent_request_id"] = flow.ConsentChallenge,
            ["context"] = consent["context"]?.DeepClone(),
            ["grant_access_token_audience"] = JsonFields.Array(flow.GrantedAudience),
            ["grant_scope"] = JsonFields.Array(flow.GrantedScopes),
            ["handled_at"] = flow.ConsentHandledAt is { } at ? JsonFields.Time(at) : null,
            ["remember"] = flow.ConsentRemember,
            ["remember_for"] = JsonFields.Number(consent, "remember_for"),
            ["session"] = consent["session"]?.DeepClone() ?? new JsonObject { ["access_token"] = new JsonObject(), ["id_token"] = new JsonObject() },
        };
    }

    private static JsonObject OidcContext(AuthorizationRequest request)
    {
        var context = new JsonObject
        {
            ["acr_values"] = JsonFields.Array(request.AcrValues),
            ["ui_locales"] = JsonFields.Array(request.UiLocales),
        };
        if (request.Display is not null)
        {
            context["display"] = request.Display;
        }

        if (request.LoginHint is not null)
        {
            context["login_hint"] = request.LoginHint;
        }

        if (request.IdTokenHintSubject is not null)
        {
            context["id_token_hint_claims"] = new JsonObject { ["sub"] = request.IdTokenHintSubject };
        }

        return context;
    }
}
