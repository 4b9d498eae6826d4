using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Outbound;

/// <summary>
/// The one HTTP client for URLs the server is given (a client's <c>jwks_uri</c>, <c>sector_identifier_uri</c>,
/// <c>backchannel_logout_uri</c>, a configured hook): redirects are never followed, every call has a
/// timeout and a cap on the answer's size, cookies are neither kept nor sent, and only HTTP/1.1 is spoken
/// (HTTP/3 would connect past the checked connect step).
/// </summary>
/// <remarks>
/// With <see cref="OutboundOptions.DisallowPrivateRanges"/> on, the address is checked when the
/// connection is made (<see cref="Connector"/>): the name is resolved once, refused if any
/// address is internal, and the connection goes to the address that was checked. No proxy is used
/// then, because the address checked must be the address connected to. Names are always resolved
/// with <see cref="OutboundNetwork.Resolve"/>, checked or not. URLs in
/// <see cref="OutboundOptions.ExceptionUrls"/> go through a second, unchecked handler, so that a
/// connection opened for an exempt URL is never reused for a URL that is not.
/// Failures are one <see cref="OutboundFetchException"/> whose message only names the field; the
/// reason is logged here.
/// </remarks>
internal sealed class OutboundHttpClient : IDisposable
{
    private readonly OutboundOptions options;
    private readonly ExceptionUrls exceptions;
    private readonly Connector? checkedConnector;
    private readonly HttpClient open;
    private readonly HttpClient? guarded;
    private readonly ILogger logger;

    public OutboundHttpClient(OutboundOptions options, OutboundNetwork network, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        this.options = options;
        this.logger = logger;
        exceptions = new ExceptionUrls(options.ExceptionUrls);
        open = new HttpClient(Handler(network, new Connector(network.Resolve, check: false))) { Timeout = Timeout.InfiniteTimeSpan };
        if (options.DisallowPrivateRanges)
        {
            checkedConnector = new Connector(network.Resolve, check: true);
            guarded = new HttpClient(Handler(network, checkedConnector)) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> for the URL of <paramref name="field"/>. Any status is returned
    /// (the body is read for a success status only); no answer, a refused address or a body over the
    /// limit is an <see cref="OutboundFetchException"/>. Cancelling <paramref name="ct"/> cancels as usual.
    /// </summary>
    public Task<OutboundResponse> SendAsync(string field, HttpRequestMessage request, OutboundLimits? limits, CancellationToken ct)
        => SendAsync(field, request, limits, readErrorBody: false, ct);

    /// <summary>As <see cref="SendAsync(string, HttpRequestMessage, OutboundLimits?, CancellationToken)"/>; with <paramref name="readErrorBody"/> the body of a non-success answer is read too (within the same cap).</summary>
    public async Task<OutboundResponse> SendAsync(string field, HttpRequestMessage request, OutboundLimits? limits, bool readErrorBody, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        limits ??= options.Limits;
        var url = request.RequestUri;
        if (url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            throw Failed(field, null, OutboundFailure.InvalidUrl, "not an absolute http(s) URL");
        }

        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        var http = guarded is not null && !exceptions.Contains(url.OriginalString) ? guarded : open;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limits.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!readErrorBody && (int)response.StatusCode is < 200 or > 299)
            {
                return new OutboundResponse(response.StatusCode, []) { ETag = response.Headers.ETag?.ToString(), Headers = HeadersOf(response) };
            }

            var body = await CappedResponseBody.ReadAsync(response, limits.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            return body is null
                ? throw Failed(field, url, OutboundFailure.TooLarge, $"the answer is larger than {limits.MaxResponseBytes} bytes")
                : new OutboundResponse(response.StatusCode, body) { ETag = response.Headers.ETag?.ToString(), Headers = HeadersOf(response) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Failed(field, url, OutboundFailure.TimedOut, $"no answer within {limits.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var (failure, detail) = Classify(e);
            throw Failed(field, url, failure, detail);
        }
    }

    /// <summary>GETs <paramref name="url"/> and returns the body of a success answer; any other status is a failure too.</summary>
    public async Task<byte[]> GetAsync(string field, string url, string? accept, OutboundLimits? limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var location))
        {
            throw Failed(field, null, OutboundFailure.InvalidUrl, "not an absolute http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await SendAsync(field, request, limits, ct).ConfigureAwait(false);
        return response.IsSuccess ? response.Body : throw Failed(field, location, OutboundFailure.Status, $"it answered HTTP {(int)response.Status}");
    }

    /// <summary>
    /// Whether a call to <paramref name="url"/> would be let through now: always with private ranges
    /// allowed or for an exempt URL, else when its host resolves and every address is permitted. For
    /// refusing a client's URLs when they are written, as Hydra does; the check that protects is the
    /// one made at connect time, since a name can change its answer afterwards.
    /// </summary>
    public async Task<bool> IsPermittedDestinationAsync(string field, string url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (checkedConnector is null || exceptions.Contains(url) || !Uri.TryCreate(url, UriKind.Absolute, out var location) || location.Host.Length == 0)
        {
            return true;
        }

        try
        {
            await checkedConnector.AddressesAsync(location.IdnHost, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is DestinationRefusedException or SocketException)
        {
            OutboundLog.DestinationRefused(logger, field, e.Message);
            return false;
        }
    }

    public void Dispose()
    {
        open.Dispose();
        guarded?.Dispose();
    }

    private static SocketsHttpHandler Handler(OutboundNetwork network, Connector connector)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = connector.ConnectAsync,
            UseProxy = !connector.Checks,
        };

        if (network.CertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }

        return handler;
    }

    private static Dictionary<string, string[]> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            headers[name] = [.. values];
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            headers[name] = [.. values];
        }

        return headers;
    }

    private static (OutboundFailure Failure, string Detail) Classify(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DestinationRefusedException)
            {
                return (OutboundFailure.Refused, inner.Message);
            }

            if (inner is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain })
            {
                return (OutboundFailure.Unresolved, inner.Message);
            }
        }

        var detail = e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message;
        return (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } ? OutboundFailure.Unresolved : OutboundFailure.Unreachable, detail);
    }

    private OutboundFetchException Failed(string field, Uri? url, OutboundFailure failure, string detail)
    {
        OutboundLog.FetchFailed(logger, field, url is null ? "(no URL)" : $"{url.Scheme}://{url.Authority}", failure, detail);
        return new OutboundFetchException(field, failure);
    }
}
