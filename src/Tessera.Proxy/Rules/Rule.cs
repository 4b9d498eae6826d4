namespace Tessera.Proxy.Rules;

/// <summary>
/// One access rule as Oathkeeper reads it: which requests it matches, where they go, and the handlers
/// they pass. Lists that were absent stay null, so that listing the rule answers what Oathkeeper
/// answers (<c>null</c>, not <c>[]</c>).
/// </summary>
internal sealed record Rule(string Id, string Version, string Description, RuleMatch? Match, RuleUpstream Upstream)
{
    public IReadOnlyList<RuleHandler>? Authenticators { get; init; }

    public RuleHandler Authorizer { get; init; } = new("", null);

    public IReadOnlyList<RuleHandler>? Mutators { get; init; }

    public IReadOnlyList<RuleHandler>? Errors { get; init; }
}
