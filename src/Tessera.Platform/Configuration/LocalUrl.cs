using System.Text;

namespace Tessera.Platform.Configuration;

/// <summary>
/// The <c>file://</c> and <c>base64://</c> URLs Ory's configs point at documents with (identity schemas, key
/// sets, access rules), read as Ory's loaders read them: after <c>file://</c> comes the path itself, so
/// <c>file:///etc/x.json</c> is absolute and <c>file://./x.json</c> or <c>file://config/x.json</c> are relative to
/// the working directory (Go's URL parser takes "config" for a host; Ory joins host and path again).
/// </summary>
public static class LocalUrl
{
    public const string FileScheme = "file://";
    public const string Base64Scheme = "base64://";

    public static bool IsFile(string url) => url.StartsWith(FileScheme, StringComparison.OrdinalIgnoreCase);

    public static bool IsBase64(string url) => url.StartsWith(Base64Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>The local path a <c>file://</c> URL names: percent-decoded, without query or fragment.</summary>
    /// <exception cref="FormatException">The URL names no path.</exception>
    public static string FilePath(string url)
    {
        var rest = url[FileScheme.Length..];
        var end = rest.IndexOfAny(['?', '#']);
        var path = Uri.UnescapeDataString(end < 0 ? rest : rest[..end]);
        if (path.Length == 0)
        {
            throw new FormatException($"{url} names no file.");
        }

        // file://localhost/etc/x is /etc/x, as Go's file URLs have it.
        return path.StartsWith("localhost/", StringComparison.OrdinalIgnoreCase) ? path["localhost".Length..] : path;
    }

    /// <summary>Standard or URL-safe base64, padded or not, as Ory's <c>base64://</c> loader takes it.</summary>
    /// <exception cref="FormatException">Not base64.</exception>
    public static byte[] DecodeBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }

    /// <summary>The text of a <c>file://</c> or <c>base64://</c> URL; null for any other scheme.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="FormatException">A malformed URL or base64 text.</exception>
    public static async Task<string?> ReadTextAsync(string url, CancellationToken ct)
    {
        if (IsFile(url))
        {
            return await File.ReadAllTextAsync(FilePath(url), ct);
        }

        return IsBase64(url) ? Encoding.UTF8.GetString(DecodeBase64(url[Base64Scheme.Length..])) : null;
    }

    /// <inheritdoc cref="ReadTextAsync"/>
    public static string? ReadText(string url)
    {
        if (IsFile(url))
        {
            return File.ReadAllText(FilePath(url));
        }

        return IsBase64(url) ? Encoding.UTF8.GetString(DecodeBase64(url[Base64Scheme.Length..])) : null;
    }
}
