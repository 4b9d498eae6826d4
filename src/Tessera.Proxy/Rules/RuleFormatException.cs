namespace Tessera.Proxy.Rules;

/// <summary>A rule document that cannot be used; the message names the source, and each rule by id (or position) with every problem found.</summary>
internal sealed class RuleFormatException(string source, IReadOnlyList<string> problems)
    : Exception($"{source}: " + string.Join("; ", problems))
{
    public string RuleSource { get; } = source;

    public IReadOnlyList<string> Problems { get; } = problems;
}
