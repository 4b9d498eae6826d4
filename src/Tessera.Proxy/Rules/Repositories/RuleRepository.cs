using Microsoft.Extensions.Logging;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// The rules of every configured source, merged in configured order into one <see cref="RuleSet"/>
/// that is rebuilt and swapped whenever a source changes. Also what <c>/health/ready</c> asks: ready
/// when there is at least one rule (Oathkeeper's "No rules found.") and no source is broken.
/// </summary>
internal sealed class RuleRepository : IDisposable
{
    private readonly IReadOnlyList<RuleSource> sources;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private volatile RuleSet current = RuleSet.Empty;

    public RuleRepository(IReadOnlyList<RuleSource> sources, MatchingStrategy strategy, ILogger logger)
    {
        this.sources = sources;
        this.logger = logger;
        Strategy = strategy;
        foreach (var source in sources)
        {
            source.Changed += Rebuild;
        }
    }

    public MatchingStrategy Strategy { get; }

    public IReadOnlyList<RuleSource> Sources => sources;

    public RuleSet Current => current;

    /// <summary>Raised (under the rebuild lock, so in order) with every new set once it is in force.</summary>
    public event Action<RuleSet>? Applied;

    /// <summary>Reads every source once, builds the first set, then starts watching and refreshing.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var source in sources)
        {
            await source.LoadAsync(ct);
        }

        Rebuild();
        foreach (var source in sources)
        {
            source.Start();
        }
    }

    /// <summary>Why the rules are not ready, or null when they are.</summary>
    public string? NotReadyReason()
    {
        var problems = sources.Where(s => s.Problem is not null).Select(s => s.Problem!).ToList();
        if (problems.Count > 0)
        {
            return string.Join("; ", problems);
        }

        return current.Rules.Count == 0 ? "No rules found." : null;
    }

    public void Dispose()
    {
        foreach (var source in sources)
        {
            source.Changed -= Rebuild;
            source.Dispose();
        }
    }

    private void Rebuild()
    {
        lock (gate)
        {
            var rules = sources.SelectMany(s => s.Rules).ToList();
            current = new RuleSet(rules);
            Applied?.Invoke(current);
            ProxyLog.RulesApplied(logger, rules.Count, sources.Count);
        }
    }
}
