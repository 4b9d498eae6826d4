using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline.Mutators;

/// <summary>
/// <c>header</c>: sets each header of <c>config.headers</c> to its Go template evaluated over the session
/// (<c>{{ print .Subject }}</c>, <c>{{ printIndex .MatchContext.RegexpCaptureGroups 0 }}</c>). The templates
/// are compiled when the rule is loaded; a template that fails to run is a 500.
/// </summary>
internal sealed class HeaderMutator(IReadOnlyList<(string Name, string Text, GoTemplate Template)> headers, string ruleId) : IMutator
{
    public static HandlerFactory<IMutator> Factory { get; } = new("header", config =>
    {
        config.AllowOnly("headers");
        var headers = config.StringMap("headers") ?? throw config.Fail("headers", "is required");
        return new HeaderMutator(headers.Select(h => (h.Key, h.Value, config.Template("headers", h.Key, h.Value))).ToList(), config.RuleId);
    });

    public ValueTask<PipelineError?> MutateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        foreach (var (name, text, template) in headers)
        {
            try
            {
                session.SetHeader(name, template.Execute(session.ToTemplate()));
            }
            catch (TemplateExecutionException e)
            {
                return ValueTask.FromResult<PipelineError?>(PipelineError.Plain($"error executing headers template \"{text}\" in rule \"{ruleId}\": {e.Message}"));
            }
        }

        return ValueTask.FromResult<PipelineError?>(null);
    }
}
