using Tessera.Platform.Configuration;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>A key set location as Oathkeeper takes it (<c>jwks_urls</c>, <c>jwks_url</c>): http(s), <c>file://</c>, or a plain path, read as a file.</summary>
internal static class KeySetUrl
{
    /// <summary>The URL to fetch (a plain path becomes <c>file://path</c>), or null when it is none of those.</summary>
    public static string? Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (LocalUrl.IsFile(url))
        {
            return url;
        }

        if (!url.Contains("://", StringComparison.Ordinal))
        {
            return url.Length > 0 && !url.Contains(':', StringComparison.Ordinal) ? LocalUrl.FileScheme + url : null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" && parsed.Host.Length > 0 ? url : null;
    }
}
