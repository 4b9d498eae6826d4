namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// A method of the settings flow (Kratos's settings strategy: <c>profile</c>, <c>password</c>, later <c>totp</c>,
/// <c>oidc</c> …): adds its nodes to a new settings form and handles a submission whose <c>method</c> it is.
/// The framework has loaded the flow and checked the session, its owner and expiry; the method checks the
/// anti-CSRF token (Kratos checks it in the strategy) and whether the session is privileged enough.
/// </summary>
internal interface ISettingsMethod
{
    string Method { get; }

    /// <summary>The node group its errors belong to.</summary>
    string Group { get; }

    void Populate(SettingsForm form);

    Task<SettingsOutcome> SubmitAsync(SettingsSubmission submission, CancellationToken ct);
}
