using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tessera.Identity.Http;

/// <summary>
/// The content negotiation Kratos's flows use (gddo's <c>httputil.NegotiateContentType</c>): the offer with
/// the highest q wins, an exact match beating <c>type/*</c> beating <c>*/*</c> at equal q, the first offer
/// winning ties; no Accept header means the default offer.
/// </summary>
internal static class ContentNegotiation
{
    private static readonly string[] AcceptsJsonOffers = ["text/html", "application/json"];
    private static readonly string[] JsonRequestOffers = ["text/html", "text/*", "*/*", "application/json"];

    /// <summary>Kratos's <c>x.AcceptsJSON</c>.</summary>
    public static bool AcceptsJson(HttpRequest request) => Negotiate(request, AcceptsJsonOffers, "text/html") == "application/json";

    /// <summary>Kratos's <c>x.IsJSONRequest</c>: the client prefers JSON, or sends exactly <c>application/json</c>.</summary>
    public static bool IsJsonRequest(HttpRequest request)
        => Negotiate(request, JsonRequestOffers, "text/html") == "application/json" || request.Headers.ContentType.ToString() == "application/json";

    private static string Negotiate(HttpRequest request, string[] offers, string fallback)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept.OfType<string>().ToList(), out var specs))
        {
            return fallback;
        }

        var best = fallback;
        var bestQ = -1.0;
        var bestWild = 3;
        foreach (var offer in offers)
        {
            foreach (var spec in specs)
            {
                var value = spec.MediaType.Value ?? "";
                var q = spec.Quality ?? 1.0;
                if (q == 0 || q < bestQ)
                {
                    continue;
                }

                if (value == "*/*")
                {
                    if (q > bestQ || bestWild > 2)
                    {
                        (bestQ, bestWild, best) = (q, 2, offer);
                    }
                }
                else if (value.EndsWith("/*", StringComparison.Ordinal))
                {
                    if (offer.StartsWith(value[..^1], StringComparison.OrdinalIgnoreCase) && (q > bestQ || bestWild > 1))
                    {
                        (bestQ, bestWild, best) = (q, 1, offer);
                    }
                }
                else if (string.Equals(value, offer, StringComparison.OrdinalIgnoreCase) && (q > bestQ || bestWild > 0))
                {
                    (bestQ, bestWild, best) = (q, 0, offer);
                }
            }
        }

        return best;
    }
}
