namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The URL a request is judged on: scheme, host, the path (percent-decoded, cleaned as Go's <c>path.Clean</c>)
/// and the raw query. <see cref="MatchUrl"/> is what rules match (no query).
/// </summary>
internal sealed record RequestLocation(string Scheme, string Host, string Path, string RawQuery)
{
    public string MatchUrl => Scheme + "://" + Host + Path;

    /// <summary>Go's <c>URL.String()</c> of it: the path escaped as Go escapes paths, then <c>?query</c>.</summary>
    public override string ToString() => Scheme + "://" + Host + GoPath.Escape(Path) + (RawQuery.Length > 0 ? "?" + RawQuery : "");
}
