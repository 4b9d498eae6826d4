namespace Tessera.Proxy.Rules;

/// <summary><c>access_rules.matching_strategy</c>: how a rule's <c>match.url</c> is read.</summary>
internal enum MatchingStrategy
{
    /// <summary>Oathkeeper's default: text inside <c>&lt;…&gt;</c> is a regular expression.</summary>
    Regexp,

    /// <summary>Text inside <c>&lt;…&gt;</c> is a glob (gobwas/glob syntax, separators <c>.</c> and <c>/</c>).</summary>
    Glob,
}
