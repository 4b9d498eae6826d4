using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Sends a browser on (302) from the flow endpoints, but only to a URI that
/// <see cref="BrowserTargets.IsSafeOrRelative"/> allows: any other goes to the error page instead, so
/// a <c>javascript:</c> or <c>data:</c> redirect URI that reached the database is never followed.
/// </summary>
internal static class BrowserRedirect
{
    /// <summary>What the error page shows when a target was refused.</summary>
    public static readonly OAuth2Error Refused = OAuth2Error.InvalidRequest(BrowserTargets.RefusedMessage);

    public static void Send(HttpContext context, string location, string errorUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!BrowserTargets.IsSafeOrRelative(location))
        {
            SendRefused(context, errorUrl);
            return;
        }

        context.Response.Redirect(AsciiOnly(location));
    }

    /// <summary>To the error page, for a target that a page was about to lead to but may not.</summary>
    public static void SendRefused(HttpContext context, string errorUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Redirect(AuthorizationResponse.ErrorPage(errorUrl, Refused).Location!);
    }

    /// <summary>
    /// A header value is ASCII: a registered URI may hold other characters (an IRI), which are sent
    /// percent-encoded as UTF-8, as a browser would encode them itself.
    /// </summary>
    private static string AsciiOnly(string location)
    {
        if (Ascii.IsValid(location))
        {
            return location;
        }

        var encoded = new StringBuilder(location.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < location.Length; i++)
        {
            var c = location[i];
            if (char.IsAscii(c))
            {
                encoded.Append(c);
                continue;
            }

            var length = i + 1 < location.Length && char.IsSurrogatePair(c, location[i + 1])
                ? Encoding.UTF8.GetBytes(location.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(location.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
