using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Reads the judged request's body for a handler that sends it on (the <c>remote</c> authorizer) without using
/// it up: the body is buffered (in memory up to 64 KiB, then in a temporary file) and rewound, so the reverse
/// proxy still forwards it whole. At most <see cref="MaxBytes"/> are read; a larger body is refused (413).
/// </summary>
internal static class RequestBody
{
    /// <summary>The cap, the same as the proxy listener's own request body cap.</summary>
    public const int MaxBytes = 1 << 20;

    public static PipelineError TooLarge { get; } = new(413, $"The request body is larger than the {MaxBytes} bytes an authorizer may be sent");

    /// <summary>The body's bytes (empty when there is none), or null when it exceeds <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return [];
        }

        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        request.EnableBuffering(64 * 1024, MaxBytes + 1L);
        request.Body.Position = 0;
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (copy.Length + read > MaxBytes)
                {
                    return null;
                }

                copy.Write(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            // Kestrel's own body cap (BadHttpRequestException) or the buffer's limit: the body is too large.
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }

        return copy.ToArray();
    }
}
