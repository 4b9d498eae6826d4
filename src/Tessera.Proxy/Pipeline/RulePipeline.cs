using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// One rule's handlers, built once when the rule is loaded (templates compiled, configs merged and read).
/// A step that cannot be built (unknown, disabled or misconfigured handler; no authenticators; no mutators)
/// keeps the error its requests get — Oathkeeper keeps such a rule, matches it, and answers 500 when a
/// request reaches that step — and <see cref="Problems"/> says why, for the log.
/// </summary>
internal sealed class RulePipeline
{
    private RulePipeline(Rule rule) => Rule = rule;

    public Rule Rule { get; }

    public IReadOnlyList<Built<IAuthenticator>> Authenticators { get; private init; } = [];

    public Built<IAuthorizer> Authorizer { get; private init; }

    public IReadOnlyList<Built<IMutator>> Mutators { get; private init; } = [];

    public IReadOnlyList<(string Name, Built<IErrorHandler> Handler)> Errors { get; private init; } = [];

    /// <summary>Why steps of this rule fail, each naming the rule and the step; empty for a valid rule.</summary>
    public IReadOnlyList<string> Problems { get; private init; } = [];

    public static RulePipeline Compile(Rule rule, int position, HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(registry);
        var name = rule.Id.Length > 0 ? $"rule \"{rule.Id}\"" : $"rule #{position}";
        var problems = new List<string>();
        Built<T> Step<T>(HandlerKind kind, IReadOnlyList<HandlerFactory<T>> factories, RuleHandler handler, string where)
            where T : class
        {
            var built = registry.Build(kind, factories, handler.Handler, handler.Config, $"{name}: {where}", rule.Id);
            if (built.Problem is not null)
            {
                problems.Add(built.Problem);
            }

            return built;
        }

        var authenticators = (rule.Authenticators ?? []).Select((h, i) => Step(HandlerKind.Authenticator, HandlerCatalog.Authenticators, h, $"authenticators[{i}]")).ToList();
        if (authenticators.Count == 0)
        {
            problems.Add($"{name}: Value of \"authenticators\" must be set and can not be an empty array.");
        }

        var authorizer = Step(HandlerKind.Authorizer, HandlerCatalog.Authorizers, rule.Authorizer, "authorizer");
        var mutators = (rule.Mutators ?? []).Select((h, i) => Step(HandlerKind.Mutator, HandlerCatalog.Mutators, h, $"mutators[{i}]")).ToList();
        if (mutators.Count == 0)
        {
            problems.Add($"{name}: Value of \"mutators\" must be set and can not be an empty array.");
        }

        var errors = (rule.Errors ?? []).Select((h, i) => (h.Handler, Step(HandlerKind.ErrorHandler, HandlerCatalog.ErrorHandlers, h, $"errors[{i}]"))).ToList();
        return new RulePipeline(rule) { Authenticators = authenticators, Authorizer = authorizer, Mutators = mutators, Errors = errors, Problems = problems };
    }
}
