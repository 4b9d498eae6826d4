using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tessera.OAuth2.Http;

/// <summary>
/// The HTTP Basic <c>Authorization</c> header as RFC 6749 §2.3.1 uses it: the client id and secret are
/// form-urlencoded before Base64, so both are decoded after splitting at the first colon.
/// </summary>
internal static class BasicCredentials
{
    /// <summary>Null when there is no Basic header; Malformed when there is one that cannot be read.</summary>
    public static (string Id, string Secret)? Read(HttpRequest request, out bool malformed)
    {
        malformed = false;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                malformed = true;
                return null;
            }

            return (Uri.UnescapeDataString(text[..colon].Replace('+', ' ')), Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' ')));
        }
        catch (FormatException)
        {
            malformed = true;
            return null;
        }
    }
}
