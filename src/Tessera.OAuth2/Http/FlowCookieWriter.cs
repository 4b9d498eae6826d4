using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary>Writes the flows' cookies: HttpOnly, SameSite from <c>serve.cookies.same_site_mode</c>, Secure outside dev.</summary>
internal static class FlowCookieWriter
{
    public static void Apply(HttpResponse response, ProtocolOptions options, IEnumerable<CookieInstruction> cookies)
    {
        foreach (var cookie in cookies)
        {
            var settings = new CookieOptions
            {
                HttpOnly = true,
                Secure = options.CookieSecure,
                SameSite = options.CookieSameSite.ToUpperInvariant() switch
                {
                    "STRICT" => SameSiteMode.Strict,
                    "NONE" => SameSiteMode.None,
                    _ => SameSiteMode.Lax,
                },
                Path = cookie.Path,
                Domain = options.CookieDomain,
            };
            if (cookie.Value is null)
            {
                response.Cookies.Delete(cookie.Name, settings);
                continue;
            }

            if (cookie.MaxAge is { } maxAge)
            {
                settings.MaxAge = maxAge;
            }

            response.Cookies.Append(cookie.Name, cookie.Value, settings);
        }
    }
}
