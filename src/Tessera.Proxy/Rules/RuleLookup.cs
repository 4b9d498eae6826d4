namespace Tessera.Proxy.Rules;

/// <summary>
/// What matching a request found: exactly one rule (with its capture groups), none (Oathkeeper's 404
/// "Requested url does not match any rules"), or several (its 500 "Expected exactly one rule but
/// found multiple rules"; <see cref="Matched"/> holds them in load order).
/// </summary>
internal sealed record RuleLookup(IReadOnlyList<Rule> Matched, IReadOnlyList<string> Captures)
{
    public static RuleLookup NoRule { get; } = new([], []);

    public Rule? Rule => Matched.Count == 1 ? Matched[0] : null;

    public bool IsAmbiguous => Matched.Count > 1;
}
