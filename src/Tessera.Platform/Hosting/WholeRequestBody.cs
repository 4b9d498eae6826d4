using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Reads a request body whole from the request's pipe and hands its bytes to a parser while they are
/// still in the pipe's buffers. Kestrel's size limit applies: a larger body throws, and the request
/// pipeline answers 413.
/// </summary>
internal static class WholeRequestBody
{
    public static async Task<TResult> ReadAsync<TState, TResult>(HttpRequest request, TState state, Func<ReadOnlySequence<byte>, TState, TResult> parse, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(ct).ConfigureAwait(false);
            // A body of a known length is complete once that much has arrived: no second read to learn so.
            if (read.IsCompleted || read.Buffer.Length >= request.ContentLength)
            {
                try
                {
                    return parse(read.Buffer, state);
                }
                finally
                {
                    body.AdvanceTo(read.Buffer.End);
                }
            }

            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
