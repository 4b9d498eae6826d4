using System.Text.Json.Nodes;
using Tessera.Identity.Flows.Methods;
using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Flows.Settings;

/// <summary>A form submitted to a settings flow, with the session that submitted it and whether that session is privileged (authenticated within <c>privileged_session_max_age</c>).</summary>
internal sealed record SettingsSubmission(SelfServiceFlow Flow, JsonObject Body, SessionRecord Session, IdentityRecord Identity, IdentitySchema Schema, FlowRequest Request, bool Privileged, bool FormEncoded)
{
    public string? Field(string name) => Body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Kratos's <c>EnsureCSRF</c> for this flow (the same rules as login and registration).</summary>
    public FlowError? CheckCsrf() => SelfServiceFlows.CheckCsrf(Flow, Request, Field(UiContainer.CsrfTokenName));
}
