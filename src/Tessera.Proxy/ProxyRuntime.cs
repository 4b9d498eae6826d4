using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Hosting;
using Tessera.Platform.Outbound;
using Tessera.Platform.Services;
using Tessera.Proxy.Http;
using Tessera.Proxy.Rules.Repositories;

namespace Tessera.Proxy;

/// <summary>
/// The started proxy service: the access rules of <c>access_rules.repositories</c> (read at start,
/// then kept current as their sources change) and the endpoints of the api listener. The proxy
/// listener's pipeline comes later; today it answers health checks only.
/// </summary>
internal sealed class ProxyRuntime : IServiceInstance, IDisposable
{
    private ProxyRuntime(ServiceContext context, OutboundHttpClient outbound, RuleRepository rules)
    {
        Context = context;
        Outbound = outbound;
        Rules = rules;
    }

    public ServiceContext Context { get; }

    /// <summary>The service's one client for URLs it is given (http(s) rule repositories; later the pipeline's remote calls).</summary>
    public OutboundHttpClient Outbound { get; }

    /// <summary>The rules in force and their sources.</summary>
    public RuleRepository Rules { get; }

    public IReadOnlyList<ReadinessCheck> ReadinessChecks =>
    [
        new ReadinessCheck("rules", _ => Task.FromResult(Rules.NotReadyReason() is null)) { Reason = Rules.NotReadyReason },
    ];

    public static async Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.Loggers.CreateLogger("Tessera.proxy");
        var outbound = context.Outbound.CreateClient(new OutboundOptions(), logger);
        RuleRepository? rules = null;
        try
        {
            rules = new RuleRepository(RuleSources.FromConfig(context.Config, outbound, context.Time, logger), RuleSources.Strategy(context.Config), logger);
            await rules.StartAsync(ct);
            return new ProxyRuntime(context, outbound, rules);
        }
        catch
        {
            rules?.Dispose();
            outbound.Dispose();
            throw;
        }
    }

    public void MapEndpoints(string listener, IEndpointRouteBuilder routes)
    {
        if (listener == ListenerNames.Api)
        {
            RuleEndpoints.Map(routes, Rules);
        }
    }

    public ErrorWriter? ErrorWriter(string listener) => null;

    public void Dispose()
    {
        Rules.Dispose();
        Outbound.Dispose();
    }
}
