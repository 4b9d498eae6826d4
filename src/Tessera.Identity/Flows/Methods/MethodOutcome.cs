namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// What a method made of a submission. <see cref="ShowForm"/>: the flow's form changed (a next step, or
/// messages on its nodes) — stored, then answered as Kratos answers it (a browser form is sent back to
/// the UI with a 303, a JSON client gets the flow with a 400). <see cref="Failed"/>: an error — a 400 one
/// becomes a message on the form (4000001), others are answered as errors (the error UI for browsers).
/// <see cref="NotResponsible"/>: the next method is asked (Kratos's <c>ErrStrategyNotResponsible</c>).
/// </summary>
internal abstract record MethodOutcome
{
    private MethodOutcome()
    {
    }

    public static MethodOutcome NotResponsible { get; } = new NotResponsibleOutcome();

    public static MethodOutcome ShowForm(SelfServiceFlow flow) => new FormOutcome(flow);

    public static MethodOutcome Failed(FlowError error) => new FailedOutcome(error);

    /// <summary>The method authenticated (login) or made (registration) an identity: the framework completes the flow.</summary>
    public static MethodOutcome Completed(FlowCompletion completion) => new CompletedOutcome(completion);

    internal sealed record NotResponsibleOutcome : MethodOutcome;

    internal sealed record FormOutcome(SelfServiceFlow Flow) : MethodOutcome;

    internal sealed record FailedOutcome(FlowError Error) : MethodOutcome;

    internal sealed record CompletedOutcome(FlowCompletion Completion) : MethodOutcome;
}
