namespace Tessera.OAuth2.Clients;

/// <summary>
/// Which URIs the server may send a browser to (a redirect, a form's action, a link, an iframe). Web
/// URLs and the private-use schemes of native apps (RFC 8252 §7.1, such as <c>com.example.app:/cb</c>)
/// are fine; schemes that run script or show content on the page's own origin (<c>javascript:</c>,
/// <c>data:</c>, …) are not. Client registration refuses them (<see cref="DangerousScheme"/>, read as a
/// browser reads it), and the pages and redirects check again (<see cref="IsSafe"/>) for URIs stored
/// before that check existed or written into the database directly.
/// </summary>
internal static class BrowserTargets
{
    /// <summary>The schemes a browser would run or render in the context of the page that navigates.</summary>
    /// <summary>What a browser is told when a target was refused.</summary>
    public const string RefusedMessage = "The redirect URI uses a scheme the server does not send browsers to: only http, https and the private-use schemes of native apps are allowed.";

    public static readonly IReadOnlyList<string> DangerousSchemes = ["javascript", "data", "vbscript", "file", "blob", "about"];

    private const int LongestScheme = 10;

    /// <summary>
    /// The scheme of <paramref name="text"/>, lower-cased, when it is one of <see cref="DangerousSchemes"/>.
    /// Read as the WHATWG URL parser reads it: leading and trailing control characters and spaces are
    /// dropped and tabs and newlines removed anywhere, so <c>" java\tscript:"</c> is <c>javascript</c>.
    /// </summary>
    public static string? DangerousScheme(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        var (start, end) = (0, span.Length);
        while (start < end && span[start] <= ' ')
        {
            start++;
        }

        while (end > start && span[end - 1] <= ' ')
        {
            end--;
        }

        Span<char> scheme = stackalloc char[LongestScheme];
        var length = 0;
        foreach (var c in span[start..end])
        {
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (c == ':')
            {
                foreach (var dangerous in DangerousSchemes)
                {
                    if (scheme[..length].SequenceEqual(dangerous))
                    {
                        return dangerous;
                    }
                }

                return null;
            }

            if (length == LongestScheme || (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')))
            {
                return null;
            }

            scheme[length++] = char.ToLowerInvariant(c);
        }

        return null;
    }

    /// <summary>
    /// True when the server may put <paramref name="text"/> in front of a browser as it is: an absolute
    /// URI without control characters whose scheme is http, https or a private-use scheme
    /// that is not one of <see cref="DangerousSchemes"/>.
    /// </summary>
    public static bool IsSafe(string? text)
        => text is not null && !HasControlCharacter(text) && ClientValidator.AbsoluteUri(text) is { } uri
            && !DangerousSchemes.Contains(uri.Scheme) && (uri.Scheme is not ("http" or "https") || uri.Host.Length > 0);

    /// <summary>
    /// <see cref="IsSafe"/>, or a reference without a scheme (such as <c>/login</c>), which a browser
    /// resolves against the server's own web origin: what a configured URL (<c>urls.login</c> and the
    /// like are URI references, as in Hydra) may be.
    /// </summary>
    public static bool IsSafeOrRelative(string? text)
        => IsSafe(text) || (text is { Length: > 0 } && text[0] > ' ' && !HasControlCharacter(text) && !HasScheme(text));

    /// <summary>A safe http or https URI: what a page may load in a frame.</summary>
    public static bool IsWeb(string? text) => IsSafe(text) && ClientValidator.AbsoluteUri(text!)!.Scheme is "http" or "https";

    /// <summary>A C0 control character or DEL: no URI has one, and browsers drop some of them before reading the scheme.</summary>
    public static bool HasControlCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.Contains('\u007f', StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="text"/> begins with a scheme (a letter, then letters, digits, <c>+-.</c>, then a colon).</summary>
    private static bool HasScheme(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
            {
                return i > 0;
            }

            if (!(char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.'))))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The Content-Security-Policy source that allows exactly where a safe <paramref name="text"/> leads:
    /// its origin for a web URL (<c>https://app.example:8443</c>), its scheme for a private-use one
    /// (<c>com.example.app:</c>) and for an IPv6 literal host, which a CSP host source cannot name.
    /// Null for a URI that is not <see cref="IsSafe"/>.
    /// </summary>
    public static string? PolicySource(string text)
    {
        if (!IsSafe(text))
        {
            return null;
        }

        var uri = ClientValidator.AbsoluteUri(text)!;
        if (uri.Scheme is not ("http" or "https") || uri.HostNameType == UriHostNameType.IPv6)
        {
            return uri.Scheme + ":";
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }
}
