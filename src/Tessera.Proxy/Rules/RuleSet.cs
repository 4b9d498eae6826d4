namespace Tessera.Proxy.Rules;

/// <summary>
/// The rules in force, immutable: every repository's rules in configured order, and their index.
/// A reload builds a new set and swaps it in whole, so a request sees one set from start to end.
/// </summary>
internal sealed class RuleSet
{
    private readonly IReadOnlyList<CompiledRule> rules;
    private readonly RuleIndex index;

    // The candidates of a lookup, one list per thread (a lookup never awaits, so it cannot be shared mid-use).
    [ThreadStatic]
    private static List<int>? reusableCandidates;

    public RuleSet(IReadOnlyList<CompiledRule> rules)
    {
        this.rules = rules;
        index = new RuleIndex(rules);
        Rules = rules.Select(r => r.Rule).ToList();
    }

    public static RuleSet Empty { get; } = new([]);

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The first rule with this id (Oathkeeper does not refuse duplicates and answers the first).</summary>
    public Rule? Find(string id)
    {
        foreach (var rule in Rules)
        {
            if (rule.Id == id)
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>The rule for a request: <paramref name="url"/> is <see cref="RequestUrl.ForMatching"/>'s; methods compare ignoring case.</summary>
    public RuleLookup Match(string method, string url)
    {
        ArgumentNullException.ThrowIfNull(method);
        var upper = method.ToUpperInvariant();
        var candidates = reusableCandidates ??= [];
        candidates.Clear();
        index.Candidates(upper, url, candidates);
        var first = -1;
        List<int>? more = null;
        foreach (var ordinal in candidates)
        {
            if (!rules[ordinal].MatchesUrl(url))
            {
                continue;
            }

            if (first < 0)
            {
                first = ordinal;
            }
            else
            {
                (more ??= [first]).Add(ordinal);
            }
        }

        if (first < 0)
        {
            return RuleLookup.NoRule;
        }

        if (more is null)
        {
            return Single(rules[first], url);
        }

        more.Sort();
        return Result(more.Select(o => rules[o]).ToList(), url);
    }

    /// <summary>Every rule tested in turn, as Oathkeeper does: the reference the index is checked against.</summary>
    public RuleLookup MatchLinear(string method, string url)
    {
        ArgumentNullException.ThrowIfNull(method);
        var upper = method.ToUpperInvariant();
        var matched = rules.Where(r => r.Matches(upper, url)).ToList();
        return matched.Count == 0 ? RuleLookup.NoRule : Result(matched, url);
    }

    private static RuleLookup Result(List<CompiledRule> matched, string url)
        => matched.Count == 1 ? Single(matched[0], url) : new RuleLookup(matched.Select(r => r.Rule).ToList(), []);

    private static RuleLookup Single(CompiledRule matched, string url) => new([matched.Rule], matched.Pattern!.Captures(url));
}
