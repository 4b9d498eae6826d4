namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The URL a request is judged on: scheme, host, the path (percent-decoded, cleaned as Go's <c>path.Clean</c>)
/// and the raw query. <see cref="MatchUrl"/> is what rules match (no query).
/// </summary>
internal sealed record RequestLocation(string Scheme, string Host, string Path, string RawQuery)
{
    public string MatchUrl => Scheme + "://" + Host + Path;

    /// <summary>The path as the client sent it (Go's <c>URL.RawPath</c>), on the proxy only; null elsewhere.</summary>
    public string? RawPath { get; init; }

    /// <summary>Go's <c>URL.String()</c> of it: the path as sent when that encodes <see cref="Path"/>, else escaped as Go escapes paths, then <c>?query</c>.</summary>
    public override string ToString() => Scheme + "://" + Host + GoPath.EscapedPath(Path, RawPath) + (RawQuery.Length > 0 ? "?" + RawQuery : "");
}
