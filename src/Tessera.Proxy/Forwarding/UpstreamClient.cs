using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// The proxy's connection to upstreams: YARP's forwarder over one <see cref="SocketsHttpHandler"/> (no system
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
    }

    public IHttpForwarder Forwarder { get; }

    public HttpMessageInvoker Invoker { get; }

    public ForwarderRequestConfig RequestConfig { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        services.Dispose();
    }
}
