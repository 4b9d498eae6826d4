using System.Globalization;
using System.Text;

namespace Tessera.Identity.Sessions;

/// <summary>
/// A <c>Set-Cookie</c> to send: the session cookie carrying the sealed token, or its removal. Rendering it
/// needs no HTTP types, so flows and tests can use it as they are.
/// </summary>
internal sealed record SessionCookie(string Name, string Value, SessionCookieOptions Options, DateTimeOffset? Expires, long? MaxAge)
{
    /// <summary>The <c>Set-Cookie</c> header value.</summary>
    public string ToHeader()
    {
        var header = new StringBuilder().Append(Name).Append('=').Append(Value);
        if (Options.Path is { Length: > 0 } path)
        {
            header.Append("; Path=").Append(path);
        }

        if (Options.Domain is { Length: > 0 } domain)
        {
            header.Append("; Domain=").Append(domain);
        }

        if (Expires is { } expires)
        {
            header.Append("; Expires=").Append(expires.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        }

        if (MaxAge is { } maxAge)
        {
            header.Append("; Max-Age=").Append(maxAge.ToString(CultureInfo.InvariantCulture));
        }

        header.Append("; HttpOnly");
        if (Options.Secure)
        {
            header.Append("; Secure");
        }

        return header.Append("; SameSite=").Append(Options.SameSite).ToString();
    }
}
