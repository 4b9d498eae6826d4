using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tessera.Platform.Hosting;

/// <summary>
/// CORS as Ory's servers do it: origins matched exactly or with one <c>*</c> wildcard
/// (<c>https://*.example.com</c>), preflights answered here unless <c>options_passthrough</c>.
/// </summary>
internal static class Cors
{
    /// <summary>Adds CORS; <paramref name="current"/> is asked per request, so a reloaded config applies at once.</summary>
    public static void Use(IApplicationBuilder app, Func<CorsOptions> current)
    {
        app.Use(async (context, next) =>
        {
            var options = current();
            if (!options.Enabled)
            {
                await next(context);
                return;
            }

            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length == 0)
            {
                await next(context);
                return;
            }

            var headers = context.Response.Headers;
            headers.Append("Vary", "Origin");
            var preflight = HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method");
            if (!IsOriginAllowed(origin, options.AllowedOrigins))
            {
                if (preflight && !options.OptionsPassthrough)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }

                await next(context);
                return;
            }

            headers.AccessControlAllowOrigin = options.AllowedOrigins.Contains("*") && !options.AllowCredentials ? "*" : origin;
            if (options.AllowCredentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }

            if (preflight)
            {
                var requestedMethod = context.Request.Headers.AccessControlRequestMethod.ToString();
                var requestedHeaders = context.Request.Headers.AccessControlRequestHeaders.ToString()
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var allowedHeaders = new HashSet<string>(options.AllowedHeaders, StringComparer.OrdinalIgnoreCase);
                if (options.AllowedMethods.Contains(requestedMethod, StringComparer.OrdinalIgnoreCase)
                    && (allowedHeaders.Contains("*") || requestedHeaders.All(allowedHeaders.Contains)))
                {
                    headers.AccessControlAllowMethods = string.Join(", ", options.AllowedMethods);
                    if (requestedHeaders.Length > 0)
                    {
                        headers.AccessControlAllowHeaders = new StringValues(string.Join(", ", requestedHeaders));
                    }

                    if (options.MaxAge > 0)
                    {
                        headers.AccessControlMaxAge = options.MaxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                else
                {
                    headers.Remove("Access-Control-Allow-Origin");
                    headers.Remove("Access-Control-Allow-Credentials");
                }

                if (!options.OptionsPassthrough)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
            }
            else if (options.ExposedHeaders.Count > 0)
            {
                headers.AccessControlExposeHeaders = string.Join(", ", options.ExposedHeaders);
            }

            await next(context);
        });
    }

    internal static bool IsOriginAllowed(string origin, IReadOnlyList<string> allowed)
    {
        foreach (var pattern in allowed)
        {
            if (pattern == "*" || string.Equals(pattern, origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var star = pattern.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0)
            {
                var prefix = pattern[..star];
                var suffix = pattern[(star + 1)..];
                if (origin.Length >= prefix.Length + suffix.Length
                    && origin.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
