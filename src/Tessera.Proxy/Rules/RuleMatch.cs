namespace Tessera.Proxy.Rules;

/// <summary>
/// A rule's <c>match</c>: <c>{url, methods}</c> for HTTP, or Oathkeeper's gRPC form
/// <c>{authority, full_method, allow_http_get}</c>, whose URL is <c>rpc://authority/full_method</c>
/// (kept and listed; HTTP requests never match it).
/// </summary>
internal sealed record RuleMatch(string Url, IReadOnlyList<string>? Methods)
{
    public bool IsRpc { get; init; }

    public string? Authority { get; init; }

    public string? FullMethod { get; init; }

    public bool AllowHttpGet { get; init; }

    /// <summary>The methods the rule matches: those listed, or POST (and GET when allowed) for gRPC.</summary>
    public IReadOnlyList<string> EffectiveMethods => IsRpc ? (AllowHttpGet ? ["GET", "POST"] : ["POST"]) : Methods ?? [];
}
