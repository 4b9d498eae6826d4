using Tessera.Proxy.Storage;

namespace Tessera.Proxy.Rules;

/// <summary>
/// The outcome of a rule sent to the admin API: what was written and the rule as stored, or the
/// problems (each naming the field) that kept it out.
/// </summary>
internal sealed record RuleChange(RuleWrite? Write, string? Document, IReadOnlyList<string> Problems)
{
    public static RuleChange Refused(IReadOnlyList<string> problems) => new(null, null, problems);
}
