using Tessera.Identity.Schemas;

namespace Tessera.Identity.Flows.Methods;

/// <summary>A flow's form being filled by the methods, with the identity schema it is built from.</summary>
/// <param name="Flow">The flow (its <see cref="SelfServiceFlow.Ui"/> is what the methods change).</param>
/// <param name="Schema">The identity schema of the flow.</param>
/// <param name="TwoSteps">Registration asks for the profile first and the credentials after (<c>style: profile_first</c>).</param>
/// <param name="CsrfToken">The masked anti-CSRF token for the form's <c>csrf_token</c> node ("" for API flows).</param>
internal sealed record FlowForm(SelfServiceFlow Flow, IdentitySchema Schema, bool TwoSteps, string CsrfToken)
{
    public UiContainer Ui => Flow.Ui;

    /// <summary>Login asks for the identifier first and the credentials after (<c>selfservice.flows.login.style: identifier_first</c>).</summary>
    public bool IdentifierFirst { get; init; }
}
