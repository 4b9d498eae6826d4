using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Tessera.Proxy.Rules;
using Tessera.Proxy.Rules.Repositories;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The rules in force with their built pipelines, swapped together whenever the repository applies a new
/// rule set. A rule object that survives a reload (its source did not change) keeps its pipeline, so
/// templates are compiled once per rule load.
/// </summary>
internal sealed class PipelineCatalog
{
    private readonly HandlerRegistry registry;
    private readonly ILogger logger;
    private readonly ConditionalWeakTable<Rule, RulePipeline> built = [];
    private volatile Snapshot current;

    public PipelineCatalog(RuleRepository repository, HandlerRegistry registry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(repository);
        this.registry = registry;
        this.logger = logger;
        current = Build(repository.Current);
        repository.Applied += set => current = Build(set);
    }

    public HandlerRegistry Registry => registry;

    public Snapshot Current => current;

    private Snapshot Build(RuleSet set)
    {
        var pipelines = new Dictionary<Rule, RulePipeline>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < set.Rules.Count; i++)
        {
            var rule = set.Rules[i];
            if (!built.TryGetValue(rule, out var pipeline))
            {
                pipeline = RulePipeline.Compile(rule, i, registry);
                built.AddOrUpdate(rule, pipeline);
                foreach (var problem in pipeline.Problems)
                {
                    ProxyLog.InvalidRule(logger, rule.Id, problem);
                }
            }

            pipelines[rule] = pipeline;
        }

        return new Snapshot(set, pipelines);
    }

    /// <summary>One consistent view: the rule set and each of its rules' pipeline.</summary>
    internal sealed record Snapshot(RuleSet Rules, IReadOnlyDictionary<Rule, RulePipeline> Pipelines);
}
