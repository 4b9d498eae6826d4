using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Ory's keyset paging for admin lists: <c>page_size</c> (default 250) and an opaque <c>page_token</c>
/// in, a <c>Link</c> header with <c>rel="first"</c> and, when more follow, <c>rel="next"</c> out.
/// The token carries the last id of the previous page.
/// </summary>
public sealed record KeysetPage(int Size, string After)
{
    public const int DefaultSize = 250;
    public const int MaxSize = 1000;

    /// <summary>The requested page; null when the parameters were bad and a 400 has been written.</summary>
    public static async Task<KeysetPage?> ReadAsync(HttpContext context)
    {
        var size = DefaultSize;
        if (context.Request.Query.TryGetValue("page_size", out var sizeText) && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxSize))
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, $"page_size must be a whole number from 1 to {MaxSize}.");
            return null;
        }

        return await ReadAsync(context, size);
    }

    /// <summary>
    /// The page of <paramref name="size"/> (chosen by the caller's own size rules) after the request's <c>page_token</c>;
    /// null when the token was malformed and a 400 has been written.
    /// </summary>
    public static async Task<KeysetPage?> ReadAsync(HttpContext context, int size)
    {
        var query = context.Request.Query;
        var after = "";
        if (query.TryGetValue("page_token", out var token) && token.ToString().Length > 0)
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.ToString()));
            }
            catch (FormatException)
            {
                await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "page_token is malformed; use the one from the Link header.");
                return null;
            }
        }

        return new KeysetPage(size, after);
    }

    /// <summary>
    /// Trims the one-extra row a caller fetched (<see cref="Size"/> + 1) and writes the Link header,
    /// keeping the given filters in both links.
    /// </summary>
    public void Finish<T>(HttpContext context, string path, List<T> rows, Func<T, string> id, params (string Name, string? Value)[] filters)
    {
        var kept = string.Concat(filters.Where(f => f.Value is not null).Select(f => $"&{f.Name}={Uri.EscapeDataString(f.Value!)}"));
        var first = $"<{path}?page_size={Size}{kept}>; rel=\"first\"";
        if (rows.Count <= Size)
        {
            context.Response.Headers.Link = first;
            return;
        }

        // next is written before first: clients that read only the first link of the header page on.
        rows.RemoveRange(Size, rows.Count - Size);
        var next = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id(rows[^1])));
        context.Response.Headers.Link = $"<{path}?page_size={Size}&page_token={next}{kept}>; rel=\"next\"," + first;
    }
}
