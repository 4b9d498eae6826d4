using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tessera.Platform.Hosting;

/// <summary>
/// A JSON response body built in memory and sent in one write with a <c>Content-Length</c> when the
/// writer is disposed: one send for headers and body instead of a chunked body and its end chunk. A
/// body left unfinished (an exception while writing) is not sent, so the error handler can still answer.
/// </summary>
public sealed class JsonResponseWriter : IAsyncDisposable
{
    private readonly HttpResponse response;
    private readonly ArrayBufferWriter<byte> buffer = new(512);

    private JsonResponseWriter(HttpResponse response, JsonWriterOptions options)
    {
        this.response = response;
        Json = new Utf8JsonWriter(buffer, options);
    }

    public Utf8JsonWriter Json { get; }

    public static JsonResponseWriter Start(HttpResponse response, JsonWriterOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new JsonResponseWriter(response, options);
    }

    public async ValueTask DisposeAsync()
    {
        Json.Flush();
        var complete = Json.CurrentDepth == 0 && buffer.WrittenCount > 0;
        await Json.DisposeAsync().ConfigureAwait(false);
        if (complete && !response.HasStarted)
        {
            response.ContentLength = buffer.WrittenCount;
            await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
