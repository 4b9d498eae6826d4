using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tessera.Identity.Identities;
using Tessera.Platform.Hosting;

namespace Tessera.Identity.Http;

/// <summary>
/// How Kratos reads a list's page size, in front of the platform's keyset paging (which refuses what it does not
/// expect): Kratos answers every size it can parse, a size below 1 or above the maximum included, and takes the older
/// <c>per_page</c> for <c>page_size</c>. The page token is read as the platform reads it.
/// </summary>
internal static class KratosPaging
{
    /// <summary>
    /// A keyset list (identities, all sessions): a <c>page_size</c> that is no integer is <paramref name="unparsable"/>'s
    /// 400; below 1 is the default size, above the maximum the maximum. <paramref name="perPage"/>: <c>per_page</c>
    /// stands for <c>page_size</c> when neither <c>page_size</c> nor <c>page_token</c> is given (the identity list's
    /// legacy fallback).
    /// </summary>
    public static async Task<KeysetPage?> ReadKeysetAsync(HttpContext context, bool perPage, Func<string, IdentityError> unparsable)
    {
        var query = context.Request.Query;
        var keyset = query.ContainsKey("page_size") || query.ContainsKey("page_token");
        var text = First(query[keyset || !perPage ? "page_size" : "per_page"]);
        if (text is null)
        {
            return await KeysetPage.ReadAsync(context, KeysetPage.DefaultSize);
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
        {
            await KratosJson.ErrorAsync(context, unparsable(text));
            return null;
        }

        return await KeysetPage.ReadAsync(context, size < 1 ? KeysetPage.DefaultSize : (int)Math.Min(size, KeysetPage.MaxSize));
    }

    /// <summary>
    /// A list Kratos pages by offset (schemas, a session's own list, an identity's sessions): the size is
    /// <c>page_size</c> when a <c>page_size</c> or <c>page_token</c> is given, else <c>per_page</c>; one that is no
    /// integer is the default, and it is held to 1 … the maximum.
    /// </summary>
    public static Task<KeysetPage?> ReadOffsetStyleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var text = query.ContainsKey("page_size") || query.ContainsKey("page_token") ? query["page_size"].FirstOrDefault() : query["per_page"].FirstOrDefault();
        var size = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? (int)Math.Clamp(parsed, 1, KeysetPage.MaxSize)
            : KeysetPage.DefaultSize;
        return KeysetPage.ReadAsync(context, size);
    }

    /// <summary>The <c>X-Total-Count</c> header Kratos's offset lists send: how many items all pages hold.</summary>
    public static void TotalCount(HttpContext context, long total)
        => context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);

    /// <summary>Go's <c>strconv.Atoi</c> error, which Kratos's identity list answers as the reason.</summary>
    public static IdentityError AtoiError(string text)
    {
        var digits = text.TrimStart('+', '-');
        var problem = digits.Length > 0 && digits.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        return IdentityError.BadRequest($"strconv.Atoi: parsing \"{text}\": {problem}");
    }

    private static string? First(StringValues values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}
