namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// A method of the self-service flows (Kratos's strategy: <c>profile</c>, <c>password</c>, later
/// <c>code</c>, <c>oidc</c> …). The flows framework creates, stores, loads and answers flows; a method
/// only adds its nodes to a new form and handles a submission it accepts. Register one in
/// <see cref="FlowMethods"/>; the framework has already checked that the flow exists, has not
/// expired and, for a browser flow, that the anti-CSRF token matches the cookie.
/// </summary>
internal interface IFlowMethod
{
    /// <summary>The <c>method</c> value it is chosen by; also the flow's <c>active</c> method after it ran.</summary>
    string Method { get; }

    /// <summary>Whether the method takes part in <paramref name="flow"/> (a <see cref="FlowNames"/> value).</summary>
    bool Serves(string flow);

    /// <summary>
    /// Whether it handles this submission. By default: the body's <c>method</c> is <see cref="Method"/>.
    /// (Kratos's profile method also answers <c>profile:back</c> and any body with a <c>screen</c>.)
    /// </summary>
    bool Accepts(MethodSubmission submission) => submission.Method == Method;

    /// <summary>Adds its nodes to a new flow's form (login: the first factor; registration: per <see cref="FlowForm.TwoSteps"/>).</summary>
    void Populate(FlowForm form);

    /// <summary>Registration in two steps: adds its credential nodes once the profile step passed (Kratos's <c>PopulateRegistrationMethodCredentials</c>).</summary>
    void PopulateCredentials(FlowForm form)
    {
    }

    /// <summary>Handles the submission; the flow in <paramref name="submission"/> may be changed and is stored when the outcome says so.</summary>
    Task<MethodOutcome> SubmitAsync(MethodSubmission submission, CancellationToken ct);
}
