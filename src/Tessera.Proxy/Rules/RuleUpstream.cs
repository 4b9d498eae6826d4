namespace Tessera.Proxy.Rules;

/// <summary>A rule's <c>upstream</c>: where the proxy forwards a request that passed.</summary>
internal sealed record RuleUpstream(string Url, bool PreserveHost, string StripPath)
{
    public static RuleUpstream None { get; } = new("", false, "");

    /// <summary><see cref="Url"/> parsed once, when the rule is loaded; null when it is not an absolute URL.</summary>
    public Uri? ParsedUrl { get; } = Uri.TryCreate(Url, UriKind.Absolute, out var parsed) ? parsed : null;
}
