using Microsoft.Extensions.Logging;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// One entry of <c>access_rules.repositories</c>: where rules come from, the last good rules read
/// from there, and why the last read failed (if it did). A failed read keeps the last good rules.
/// The seam for more kinds (SQL later): implement <see cref="LoadAsync"/> and, if the source can
/// change, <see cref="Start"/>.
/// </summary>
internal abstract class RuleSource : IDisposable
{
    private readonly MatchingStrategy strategy;
    private readonly ILogger logger;

    protected RuleSource(string name, MatchingStrategy strategy, ILogger logger)
    {
        Name = name;
        this.strategy = strategy;
        this.logger = logger;
    }

    /// <summary>How logs, errors and readiness name the source: the config key and a location safe to show.</summary>
    public string Name { get; }

    public IReadOnlyList<CompiledRule> Rules { get; private set; } = [];

    /// <summary>Why the last read failed; null when it succeeded.</summary>
    public string? Problem { get; private set; }

    /// <summary>Raised after the source's rules or problem changed.</summary>
    public event Action? Changed;

    /// <summary>Reads the source now (the first time at start).</summary>
    public abstract Task LoadAsync(CancellationToken ct);

    /// <summary>Starts watching or refreshing the source, if it can change.</summary>
    public virtual void Start()
    {
    }

    public virtual void Dispose()
    {
    }

    /// <summary>Parses a document read from the source and, when it is good, makes it the source's rules.</summary>
    protected void Accept(string text)
    {
        try
        {
            Rules = CompiledRule.Load(text, Name, strategy);
            Problem = null;
            ProxyLog.RulesLoaded(logger, Name, Rules.Count);
        }
        catch (RuleFormatException e)
        {
            Fail(e.Message);
            return;
        }

        Changed?.Invoke();
    }

    /// <summary>Records a failed read; the last good rules stay.</summary>
    protected void Fail(string problem)
    {
        Problem = problem.StartsWith(Name, StringComparison.Ordinal) ? problem : $"{Name}: {problem}";
        ProxyLog.RulesBroken(logger, Name, Problem);
        Changed?.Invoke();
    }
}
