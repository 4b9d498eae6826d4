using System.Net.Http.Headers;
using System.Web;

namespace Tessera.Cli;

/// <summary>Reads the <c>page_token</c> of the <c>rel="next"</c> link from an Ory-style paged answer.</summary>
internal static class LinkHeader
{
    public static string? NextPageToken(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                continue;
            }

            var target = parts[0].Trim('<', '>');
            var query = target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[(q + 1)..] : "";
            return HttpUtility.ParseQueryString(query)["page_token"];
        }

        return null;
    }
}
