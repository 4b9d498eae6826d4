using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// The proxy's connections to upstreams: <see cref="Http1Forwarder"/> for requests without a body to plain-HTTP
/// upstreams, and for the rest YARP's forwarder over one <see cref="SocketsHttpHandler"/> (no system
/// proxy, no redirects, no decompression, no cookie jar; connect timeout 30 s as Go's default dialer) and the
/// per-request activity timeout (<c>serve.proxy.timeout.write</c>, default 120 s: an upstream silent that
/// long is answered 504).
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    private readonly ServiceProvider services;

    public UpstreamClient(TimeSpan activityTimeout)
    {
        services = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider();
        Forwarder = services.GetRequiredService<IHttpForwarder>();
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ActivityHeadersPropagator = null,
        });
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = activityTimeout };
        Plain = new Http1Forwarder(activityTimeout);
    }

    /// <summary>The path for requests without a body to plain-HTTP upstreams (<see cref="Http1Forwarder.Handles"/>).</summary>
    public Http1Forwarder Plain { get; }

    public IHttpForwarder Forwarder { get; }

    public HttpMessageInvoker Invoker { get; }

    public ForwarderRequestConfig RequestConfig { get; }

    public void Dispose()
    {
        Plain.Dispose();
        Invoker.Dispose();
        services.Dispose();
    }
}
