using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Tessera.OAuth2.Http;

/// <summary>
/// A page the server renders for a browser (form post response, front-channel logout, fallbacks), sent
/// with one set of headers: a Content-Security-Policy that allows nothing but the page's one inline
/// script (by its SHA-256 hash), the form targets and frames it names, and no framing of the page
/// itself; <c>nosniff</c>; and <c>no-store</c>, as these pages carry codes, tokens or state.
/// Callers build <see cref="Body"/> and <see cref="Head"/> from <see cref="Encode"/>d values and only
/// put URIs in them that <see cref="Clients.BrowserTargets.IsSafe"/> allows.
/// </summary>
internal sealed record HtmlPage(string Title, string Body)
{
    /// <summary>Elements for the head after the title, already encoded.</summary>
    public string Head { get; init; } = "";

    /// <summary>The page's one inline script, placed at the end of the body and allowed by its hash.</summary>
    public string? Script { get; init; }

    /// <summary>CSP sources the page's forms may post to; none when empty.</summary>
    public IReadOnlyList<string> FormTargets { get; init; } = [];

    /// <summary>CSP sources the page's iframes may load; none when empty.</summary>
    public IReadOnlyList<string> Frames { get; init; } = [];

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>The value of the page's Content-Security-Policy header.</summary>
    public string ContentSecurityPolicy
    {
        get
        {
            var policy = new StringBuilder("default-src 'none'");
            if (Script is not null)
            {
                policy.Append("; script-src 'sha256-").Append(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))).Append('\'');
            }

            policy.Append("; form-action ").Append(FormTargets.Count > 0 ? string.Join(' ', FormTargets.Distinct(StringComparer.Ordinal)) : "'none'");
            if (Frames.Count > 0)
            {
                policy.Append("; frame-src ").Append(string.Join(' ', Frames.Distinct(StringComparer.Ordinal)));
            }

            return policy.Append("; frame-ancestors 'none'; base-uri 'none'").ToString();
        }
    }

    public string Render()
    {
        var page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(Title)).Append("</title>")
            .Append(Head).Append("</head><body>").Append(Body);
        if (Script is not null)
        {
            page.Append("<script>").Append(Script).Append("</script>");
        }

        return page.Append("</body></html>").ToString();
    }

    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        var bytes = Encoding.UTF8.GetBytes(Render());
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
