using System.Text.RegularExpressions;

namespace Tessera.Proxy.Rules;

/// <summary>A rule with its <c>match.url</c> compiled under the configured strategy, and what the index keys it by.</summary>
internal sealed class CompiledRule
{
    private CompiledRule(Rule rule, IUrlPattern? pattern, string literalPrefix)
    {
        Rule = rule;
        Pattern = pattern;
        LiteralPrefix = literalPrefix;
        Methods = rule.Match?.EffectiveMethods.Select(m => m.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToArray() ?? [];
    }

    public Rule Rule { get; }

    /// <summary>Null for a gRPC rule, which HTTP requests never match.</summary>
    public IUrlPattern? Pattern { get; }

    /// <summary>The text before the first <c>&lt;</c>: every URL the rule matches starts with it.</summary>
    public string LiteralPrefix { get; }

    /// <summary>The methods, upper-cased: Oathkeeper compares them ignoring case.</summary>
    public IReadOnlyList<string> Methods { get; }

    public bool IsHttp => Pattern is not null;

    /// <summary>Compiles every rule of a document; a pattern that does not compile is reported with the rule, all at once.</summary>
    public static IReadOnlyList<CompiledRule> CompileAll(IReadOnlyList<Rule> rules, string source, MatchingStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var compiled = new List<CompiledRule>(rules.Count);
        var problems = new List<string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Match is not { IsRpc: false } match)
            {
                compiled.Add(new CompiledRule(rule, null, ""));
                continue;
            }

            try
            {
                compiled.Add(new CompiledRule(rule, UrlPattern.Compile(strategy, match.Url), PatternDelimiters.LiteralPrefix(match.Url)));
            }
            catch (RulePatternException e)
            {
                problems.Add($"{(rule.Id.Length > 0 ? $"rule \"{rule.Id}\"" : $"rule #{i}")}: match.url {e.Message}");
            }
        }

        return problems.Count > 0 ? throw new RuleFormatException(source, problems) : compiled;
    }

    /// <summary>Parses and compiles a document.</summary>
    public static IReadOnlyList<CompiledRule> Load(string text, string source, MatchingStrategy strategy)
        => CompileAll(RuleParser.Parse(text, source), source, strategy);

    /// <summary>Whether the rule matches; <paramref name="method"/> upper-cased, <paramref name="url"/> from <see cref="RequestUrl"/>.</summary>
    public bool Matches(string method, string url) => Methods.Contains(method) && MatchesUrl(url);

    /// <summary>Whether the rule's URL pattern matches (the index's candidates were found under the method already).</summary>
    public bool MatchesUrl(string url)
    {
        if (Pattern is null)
        {
            return false;
        }

        try
        {
            return Pattern.IsMatch(url);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
