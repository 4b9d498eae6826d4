using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// Forwards a request without a body to a plain-HTTP upstream over a pooled keep-alive HTTP/1.1 connection:
/// the head written once from the client's header fields, the answer's head parsed in place, its body passed
/// on as it arrives (by length, chunked, or until the upstream closes). It is the proxy's path for what most
/// traffic is — GET, HEAD and the other idempotent methods — and costs a fraction of an
/// <see cref="HttpClient"/> exchange; bodies, upgrades and TLS upstreams go through YARP
/// (<see cref="UpstreamClient"/>). A reused connection the upstream closed while idle is retried once on a
/// new one (safe: the method is idempotent and nothing was answered). The activity timeout runs from each
/// send or receive to the next.
/// </summary>
internal sealed class Http1Forwarder(TimeSpan activityTimeout) : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;

    private readonly Http1ConnectionPool pool = new();

    /// <summary>Whether this path can forward the request: an http upstream, an idempotent method, no body, no upgrade.</summary>
    public static bool Handles(HttpContext context, UpstreamTarget target)
    {
        var request = context.Request;
        return target.Origin.Scheme == Uri.UriSchemeHttp
            && request.Method is "GET" or "HEAD" or "OPTIONS" or "DELETE" or "TRACE"
            && request.ContentLength is null or 0
            && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false } or null
            && request.Headers.TransferEncoding.Count == 0
            && request.Headers.Upgrade.Count == 0;
    }

    public async Task<(ForwardOutcome Outcome, string? Problem)> ForwardAsync(HttpContext context, UpstreamTarget target, IReadOnlyDictionary<string, string> headers, string? preservedHost)
    {
        var aborted = context.RequestAborted;
        using var activity = new ActivityTimer(activityTimeout, aborted);
        var isHead = HttpMethods.IsHead(context.Request.Method);
        var origin = target.Origin;
        var authority = origin.Authority;
        Http1Connection? connection = null;
        try
        {
            Http1ResponseHead? head = null;
            var headLength = 0;
            var filled = 0;
            for (var attempt = 0; head is null; attempt++)
            {
                connection = attempt == 0 ? pool.TakeIdle(authority) : null;
                connection ??= await pool.ConnectAsync(origin.DnsSafeHost, origin.Port, authority, activity.Token);
                try
                {
                    await SendHeadAsync(connection, context.Request, target.PathAndQuery, preservedHost ?? authority, headers, activity);
                    (head, headLength, filled) = await ReceiveHeadAsync(connection, isHead, activity);
                }
                catch (SocketException) when (connection.MayRetry)
                {
                }

                if (head is null)
                {
                    // Closed before a byte of the answer: a connection the upstream dropped while idle is retried once
                    // (the retry's connection is a new one, so it is not retried again).
                    var retry = connection.MayRetry;
                    connection.Dispose();
                    connection = null;
                    if (!retry)
                    {
                        return (ForwardOutcome.Unavailable, "the upstream closed the connection without answering");
                    }
                }
            }

            var reusable = await AnswerAsync(context, connection!, head, headLength, filled, activity);
            if (reusable)
            {
                pool.Return(connection!);
                connection = null;
            }

            return (ForwardOutcome.Done, null);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return (ForwardOutcome.ClientGone, null);
        }
        catch (OperationCanceledException)
        {
            return (ForwardOutcome.TimedOut, "the upstream did not answer in time");
        }
        catch (ClientWriteException)
        {
            return (ForwardOutcome.ClientGone, null);
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException)
        {
            return (ForwardOutcome.Unavailable, e.Message);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    public void Dispose() => pool.Dispose();

    private static async ValueTask SendHeadAsync(Http1Connection connection, HttpRequest request, string pathAndQuery, string host, IReadOnlyDictionary<string, string> headers, ActivityTimer activity)
    {
        var bytes = Http1RequestHead.Write(connection.Buffer, request.Method, pathAndQuery, host, request.Headers, headers, out var rented);
        try
        {
            await connection.Socket.SendAsync(bytes, SocketFlags.None, activity.Token);
            activity.Restart();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads until a final (non-1xx) answer's head is complete; null when the upstream closed first.</summary>
    private static async ValueTask<(Http1ResponseHead? Head, int Length, int Filled)> ReceiveHeadAsync(Http1Connection connection, bool isHead, ActivityTimer activity)
    {
        var filled = 0;
        while (true)
        {
            if (filled == connection.Buffer.Length && !connection.Grow(filled, MaxHeadBytes))
            {
                throw new FormatException("the upstream's answer has a head larger than 64 KiB");
            }

            var read = await connection.ReceiveAsync(filled, activity);
            if (read == 0)
            {
                if (connection.Received == 0)
                {
                    return (null, 0, 0);
                }

                throw new IOException("the upstream closed the connection in the middle of its answer's head");
            }

            filled += read;
            while (Http1ResponseHead.TryParse(connection.Buffer.AsSpan(0, filled), isHead, out var length) is { } head)
            {
                if (head.Status == StatusCodes.Status101SwitchingProtocols)
                {
                    throw new FormatException("the upstream switched protocols without being asked to");
                }

                if (head.Status >= 200)
                {
                    return (head, length, filled);
                }

                // An interim answer (100 Continue, 103 Early Hints) is not passed on; the final one follows.
                connection.Buffer.AsSpan(length, filled - length).CopyTo(connection.Buffer);
                filled -= length;
            }
        }
    }

    /// <summary>Passes the answer on; true when the connection ended the exchange cleanly and can serve another.</summary>
    private static async ValueTask<bool> AnswerAsync(HttpContext context, Http1Connection connection, Http1ResponseHead head, int start, int end, ActivityTimer activity)
    {
        var response = context.Response;
        response.StatusCode = head.Status;
        CopyHeaders(head, response.Headers);
        response.ContentLength = head.ContentLength;

        switch (head.Framing)
        {
            case BodyFraming.None:
                await WriteAsync(response, default, activity);
                return head.KeepAlive && start == end;
            case BodyFraming.ContentLength:
                var remaining = head.ContentLength!.Value;
                while (true)
                {
                    var take = (int)Math.Min(remaining, end - start);
                    await WriteAsync(response, connection.Buffer.AsMemory(start, take), activity);
                    remaining -= take;
                    if (remaining == 0)
                    {
                        return head.KeepAlive && start + take == end;
                    }

                    start = 0;
                    end = await ReceiveBodyAsync(connection, 0, activity);
                }

            case BodyFraming.Chunked:
                return head.KeepAlive && await CopyChunkedAsync(response, connection, start, end, activity);
            default:
                while (true)
                {
                    await WriteAsync(response, connection.Buffer.AsMemory(start, end - start), activity);
                    start = 0;
                    end = await connection.ReceiveAsync(0, activity);
                    if (end == 0)
                    {
                        return false;
                    }
                }
        }
    }

    /// <summary>Decodes a chunked body (RFC 9112 §7.1) and writes its data; trailers are read and dropped. True when it ended cleanly with nothing after it.</summary>
    private static async ValueTask<bool> CopyChunkedAsync(HttpResponse response, Http1Connection connection, int start, int end, ActivityTimer activity)
    {
        while (true)
        {
            int lineEnd;
            (start, end, lineEnd) = await LineAsync(connection, start, end, activity);
            var line = connection.Buffer.AsSpan(start, lineEnd - start);
            var extension = line.IndexOf((byte)';');
            var sizeText = (extension >= 0 ? line[..extension] : line).TrimEnd(" \t"u8);
            if (sizeText.Length is 0 or > 15 || !Utf8Parser.TryParse(sizeText, out long size, out var used, 'x') || used != sizeText.Length)
            {
                throw new FormatException("malformed chunk size in the upstream's answer");
            }

            start = lineEnd + 2;
            if (size == 0)
            {
                // Trailer fields up to the empty line.
                while (true)
                {
                    (start, end, lineEnd) = await LineAsync(connection, start, end, activity);
                    var empty = lineEnd == start;
                    start = lineEnd + 2;
                    if (empty)
                    {
                        return start == end;
                    }
                }
            }

            while (size > 0)
            {
                if (start == end)
                {
                    start = 0;
                    end = await ReceiveBodyAsync(connection, 0, activity);
                }

                var take = (int)Math.Min(size, end - start);
                await WriteAsync(response, connection.Buffer.AsMemory(start, take), activity);
                start += take;
                size -= take;
            }

            (start, end, lineEnd) = await LineAsync(connection, start, end, activity);
            if (lineEnd != start)
            {
                throw new FormatException("chunk data longer than its size in the upstream's answer");
            }

            start = lineEnd + 2;
        }
    }

    /// <summary>The next CRLF-terminated line at or after <paramref name="start"/>, receiving more when needed (the buffer's content may move to its front).</summary>
    private static async ValueTask<(int Start, int End, int LineEnd)> LineAsync(Http1Connection connection, int start, int end, ActivityTimer activity)
    {
        while (true)
        {
            var at = connection.Buffer.AsSpan(start, end - start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                return (start, end, start + at);
            }

            if (start > 0)
            {
                connection.Buffer.AsSpan(start, end - start).CopyTo(connection.Buffer);
                end -= start;
                start = 0;
            }

            if (end == connection.Buffer.Length)
            {
                throw new FormatException("a line of the upstream's chunked answer is too long");
            }

            end += await ReceiveBodyAsync(connection, end, activity);
        }
    }

    private static async ValueTask<int> ReceiveBodyAsync(Http1Connection connection, int offset, ActivityTimer activity)
    {
        var read = await connection.ReceiveAsync(offset, activity);
        return read > 0 ? read : throw new IOException("the upstream closed the connection in the middle of its answer");
    }

    private static async ValueTask WriteAsync(HttpResponse response, ReadOnlyMemory<byte> data, ActivityTimer activity)
    {
        try
        {
            if (data.Length == 0)
            {
                await response.StartAsync(activity.Token);
            }
            else
            {
                await response.Body.WriteAsync(data, activity.Token);
            }

            activity.Restart();
        }
        catch (Exception e) when (e is not OperationCanceledException || !activity.Token.IsCancellationRequested)
        {
            throw new ClientWriteException(e);
        }
    }

    /// <summary>The answer's fields but the hop-by-hop ones and <c>Content-Length</c> (set from <see cref="Http1ResponseHead.ContentLength"/>).</summary>
    private static void CopyHeaders(Http1ResponseHead head, IHeaderDictionary into)
    {
        foreach (var (name, value) in head.Fields)
        {
            if (!HopByHopHeaders.Contains(name, head.Connection) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                into.Append(name, value);
            }
        }
    }

    /// <summary>Writing to the client failed: the client is gone, the upstream connection cannot be reused.</summary>
    private sealed class ClientWriteException(Exception inner) : Exception(inner.Message, inner);
}
