namespace Tessera.Proxy.Forwarding;

/// <summary>
/// Where a granted request goes: the rule's upstream URL (parsed once, when the rule is loaded, so its host
/// and port are read without parsing again) and the path and query for this request, Go-escaped.
/// </summary>
internal sealed record UpstreamTarget(Uri Origin, string PathAndQuery)
{
    /// <summary><c>scheme://host[:port]</c>, for logs and YARP's destination prefix.</summary>
    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    /// <summary>The target as one URI (YARP's request URI), parsed only for the requests YARP forwards; null when it does not parse.</summary>
    public Uri? ToUri() => Uri.TryCreate(OriginText + PathAndQuery, UriKind.Absolute, out var uri) ? uri : null;
}
