using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Http;

/// <summary>
/// The identity list's fallback to page numbers (Kratos's <c>x.ParseKeysetOrPagePagination</c> with ory/x's
/// <c>pagepagination</c>): a request with <c>page</c> and neither <c>page_token</c> nor <c>page_size</c> is paged by
/// offset. <c>page</c> counts from 0 (Kratos hands <c>page + 1</c> to pop's paginator); <c>per_page</c> is 250 by
/// default and held to 1 … 500; a number that does not parse is the default; no more than the first 1000 identities
/// can be reached this way.
/// </summary>
internal sealed record LegacyPagePaging(long Page, long PerPage)
{
    public const long DefaultPerPage = 250;
    public const long MaxPerPage = 500;

    /// <summary>Kratos's <c>PagePaginationLimit</c>: <c>page × per_page</c> above it is refused.</summary>
    public const long Limit = 1000;

    /// <summary>How many identities come before this page.</summary>
    public int Offset => (int)(Page * PerPage);

    /// <summary>True when the request asks for page-number paging.</summary>
    public static bool IsRequested(IQueryCollection query)
        => !query.ContainsKey("page_token") && !query.ContainsKey("page_size") && query.ContainsKey("page");

    /// <summary>The page asked for, or Kratos's 400 when it lies beyond <see cref="Limit"/> identities.</summary>
    public static (LegacyPagePaging? Page, IdentityError? Error) Read(IQueryCollection query)
    {
        var page = Math.Max(Number(query["page"].FirstOrDefault()) ?? 0, 0);
        var perPage = Math.Clamp(Number(query["per_page"].FirstOrDefault()) ?? DefaultPerPage, 1, MaxPerPage);
        return (Int128)page * perPage > Limit
            ? (null, IdentityError.BadRequest($"Legacy pagination is not supported for enumerating over {Limit} items. Please switch to using page_token and page_size."))
            : (new LegacyPagePaging(page, perPage), null);
    }

    /// <summary>
    /// <c>X-Total-Count</c> and the <c>Link</c> header as ory/x writes them for this page: first/next/prev/last as
    /// they exist, each the request's path and query with <c>page</c> and <c>per_page</c> set, the query in Go's order.
    /// </summary>
    public void WriteHeaders(HttpContext context, string path, long total)
    {
        context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.Link = LinkHeader(path, context.Request.Query, total);
    }

    /// <summary>ory/x's <c>pagination.HeaderWithFormatter</c>, including its links past the end (a <c>page=-1</c> prev when there is nothing).</summary>
    internal string LinkHeader(string path, IQueryCollection query, long total)
    {
        var offset = Page * PerPage;
        var lastOffset = total % PerPage == 0 ? total - PerPage : total / PerPage * PerPage;
        string Link(string rel, long limit, long at) => $"<{Url(path, query, limit, at / limit)}>; rel=\"{rel}\"";

        if (offset >= lastOffset)
        {
            if (total == 0)
            {
                return string.Join(',', Link("first", PerPage, 0), Link("next", PerPage, (Page + 1) * PerPage), Link("prev", PerPage, (Page - 1) * PerPage));
            }

            return total <= PerPage
                ? Link("first", total, 0)
                : string.Join(',', Link("first", PerPage, 0), Link("prev", PerPage, lastOffset - PerPage));
        }

        if (offset < PerPage)
        {
            return string.Join(',', Link("next", PerPage, PerPage), Link("last", PerPage, lastOffset));
        }

        return string.Join(',', Link("first", PerPage, 0), Link("next", PerPage, (Page + 1) * PerPage), Link("prev", PerPage, (Page - 1) * PerPage), Link("last", PerPage, lastOffset));
    }

    /// <summary>The path with the query re-encoded as Go's <c>url.Values.Encode</c> does: keys sorted, <c>QueryEscape</c>d.</summary>
    private static string Url(string path, IQueryCollection query, long perPage, long page)
    {
        var pairs = new SortedDictionary<string, IEnumerable<string?>>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            pairs[key] = values;
        }

        pairs["per_page"] = [perPage.ToString(CultureInfo.InvariantCulture)];
        pairs["page"] = [page.ToString(CultureInfo.InvariantCulture)];
        var builder = new StringBuilder(path).Append('?');
        var first = true;
        foreach (var (key, values) in pairs)
        {
            foreach (var value in values)
            {
                builder.Append(first ? "" : "&").Append(QueryEscape(key)).Append('=').Append(QueryEscape(value ?? ""));
                first = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>Go's <c>url.QueryEscape</c>: letters, digits and <c>-_.~</c> kept, space as <c>+</c>, every other UTF-8 byte as <c>%XX</c>.</summary>
    private static string QueryEscape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: an optional sign and decimal digits; null when it does not parse.</summary>
    private static long? Number(string? text)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
