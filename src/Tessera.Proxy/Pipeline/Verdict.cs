namespace Tessera.Proxy.Pipeline;

/// <summary>What judging a request found: the rule's pipeline (null when no single rule matched), the request as judged, and either the session (granted) or the error.</summary>
internal sealed record Verdict(RulePipeline? Pipeline, PipelineRequest Request, AuthenticationSession? Session, PipelineError? Error)
{
    public bool Granted => Error is null;

    /// <summary>The rule id for logs and metrics ("" when no single rule matched).</summary>
    public string RuleId => Pipeline?.Rule.Id ?? "";
}
