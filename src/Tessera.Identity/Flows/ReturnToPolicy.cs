namespace Tessera.Identity.Flows;

/// <summary>
/// Kratos's <c>redir.SecureRedirectTo</c>: a <c>return_to</c> is allowed when an entry of
/// <c>selfservice.allowed_return_urls</c> (or the public URL's <c>/self-service</c>) has its scheme, its
/// host (an entry's host <c>*.example.com</c> matches any host ending in <c>.example.com</c>), and a path
/// the <c>return_to</c>'s path starts with. A relative <c>return_to</c> takes the scheme and host of the
/// default return URL first.
/// </summary>
internal sealed class ReturnToPolicy
{
    private readonly Uri defaultReturnTo;
    private readonly List<(string Scheme, string Host, string Path)> allowed = [];

    public ReturnToPolicy(FlowOptions options)
    {
        defaultReturnTo = new Uri(options.DefaultBrowserReturnUrl, UriKind.Absolute);
        foreach (var url in options.AllowedReturnUrls)
        {
            if (Split(url) is { } entry)
            {
                allowed.Add(entry);
            }
        }

        allowed.Add(Split(FlowUrls.AppendPath(options.PublicBaseUrl, "/self-service"))!.Value);
    }

    /// <summary>The URL to return to: the default when <paramref name="returnTo"/> is empty; an error when it is not allowed.</summary>
    public (string? Url, FlowError? Error) Resolve(string? returnTo) => Resolve(returnTo, null);

    /// <summary>As <see cref="Resolve(string?)"/>, with <paramref name="defaultUrl"/> (when set) in place of the default return URL.</summary>
    public (string? Url, FlowError? Error) Resolve(string? returnTo, string? defaultUrl)
    {
        var fallback = defaultUrl is { Length: > 0 } && Uri.TryCreate(defaultUrl, UriKind.Absolute, out var given) ? given : defaultReturnTo;
        if (string.IsNullOrEmpty(returnTo))
        {
            return (fallback.AbsoluteUri, null);
        }

        if (!Uri.TryCreate(returnTo, UriKind.RelativeOrAbsolute, out var parsed))
        {
            return (null, FlowError.BadRequest($"Unable to parse the return_to query parameter as an URL: {returnTo}"));
        }

        if (!parsed.IsAbsoluteUri)
        {
            if (!Uri.TryCreate(fallback, parsed, out var combined))
            {
                return (null, FlowError.BadRequest($"Unable to parse the return_to query parameter as an URL: {returnTo}"));
            }

            parsed = combined;
        }

        foreach (var entry in allowed)
        {
            if (string.Equals(entry.Scheme, parsed.Scheme, StringComparison.OrdinalIgnoreCase)
                && HostMatches(parsed.IsDefaultPort ? parsed.Host : parsed.Authority, entry.Host)
                && Path(parsed.AbsolutePath).StartsWith(Path(entry.Path), StringComparison.Ordinal))
            {
                return (parsed.OriginalString, null);
            }
        }

        return (null, FlowErrors.ReturnToForbidden(parsed.OriginalString));
    }

    private static bool HostMatches(string actual, string allowedHost) => allowedHost.StartsWith('*')
        ? actual.EndsWith(allowedHost[1..], StringComparison.OrdinalIgnoreCase)
        : string.Equals(allowedHost, actual, StringComparison.OrdinalIgnoreCase);

    private static string Path(string path) => path.Length == 0 ? "/" : path;

    /// <summary>An allow-list entry as Go's url.Parse reads it: scheme, host (with a port, and possibly a leading <c>*</c>), path.</summary>
    private static (string Scheme, string Host, string Path)? Split(string url)
    {
        var colon = url.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var rest = url[(colon + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var host = end < 0 ? rest : rest[..end];
        var path = end < 0 || rest[end] != '/' ? "" : rest[end..].Split('?', '#')[0];
        return (url[..colon], host, path);
    }
}
