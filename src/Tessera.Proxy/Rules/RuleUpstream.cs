namespace Tessera.Proxy.Rules;

/// <summary>A rule's <c>upstream</c>: where the proxy forwards a request that passed.</summary>
internal sealed record RuleUpstream(string Url, bool PreserveHost, string StripPath)
{
    public static RuleUpstream None { get; } = new("", false, "");
}
