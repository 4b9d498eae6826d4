using Tessera.Identity.Identities;
using Tessera.Identity.Schemas;

namespace Tessera.Identity.Flows.Settings;

/// <summary>A settings form being filled: the flow, the identity it changes (current values) and its schema, the masked anti-CSRF token ("" for API flows).</summary>
internal sealed record SettingsForm(SelfServiceFlow Flow, IdentityRecord Identity, IdentitySchema Schema, string CsrfToken)
{
    public UiContainer Ui => Flow.Ui;
}
