using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra's <c>page_size</c> (ory/x keysetpagination v2, used by its client, consent session and trusted issuer
/// lists): 100 when absent, zero or negative; anything above 500 is served as 500; only a value that is not a
/// whole number is refused. (Kratos's paging, in Platform's <c>KeysetPage</c>, has other limits.)
/// </summary>
internal static class HydraPageSize
{
    public const int Default = 100;
    public const int Max = 500;

    /// <summary>The page size to serve, or null when <c>page_size</c> is not a whole number.</summary>
    public static int? Read(HttpRequest request)
    {
        var text = request.Query["page_size"].FirstOrDefault(v => v is { Length: > 0 });
        if (text is null)
        {
            return Default;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        return size <= 0 ? Default : (int)Math.Min(size, Max);
    }

    /// <summary>
    /// A keyset page with Hydra's size rules and <see cref="KeysetPage"/>'s token (the last id of the previous
    /// page, which its <c>Finish</c> writes); null when a 400 has been written.
    /// </summary>
    public static async Task<KeysetPage?> ReadKeysetAsync(HttpContext context)
    {
        if (Read(context.Request) is not { } size)
        {
            await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "Unable to parse pagination parameters: page_size must be a whole number.");
            return null;
        }

        var after = "";
        if (context.Request.Query["page_token"].FirstOrDefault(v => v is { Length: > 0 }) is { } token)
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            }
            catch (FormatException)
            {
                await OryError.WriteAsync(context, StatusCodes.Status400BadRequest, "Unable to parse pagination parameters: page_token is malformed; use the one from the Link header.");
                return null;
            }
        }

        return new KeysetPage(size, after);
    }
}
